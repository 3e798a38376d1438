import subprocess
import sys
import time

import schedule


def run_script(name: str) -> None:
    subprocess.run([sys.executable, f"/app/monitoring/{name}"], check=True)


schedule.every().hour.do(run_script, "drift_check.py")

while True:
    schedule.run_pending()
    time.sleep(60)
