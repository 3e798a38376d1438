import subprocess
import time

import schedule


def run_job(script: str) -> None:
    subprocess.run(["spark-submit", "--master", "spark://spark-master:7077", f"/app/jobs/{script}"], check=True)


def retrain() -> None:
    run_job("train_model.py")


def predict() -> None:
    run_job("batch_predict.py")


schedule.every().day.at("02:00").do(retrain)
schedule.every(15).minutes.do(predict)

while True:
    schedule.run_pending()
    time.sleep(30)
