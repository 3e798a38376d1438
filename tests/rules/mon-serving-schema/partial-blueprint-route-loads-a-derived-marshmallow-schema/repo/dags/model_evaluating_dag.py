from datetime import datetime

from airflow.decorators import dag, task

from scripts.model_evaluator import evaluate_served_model


@dag(dag_id="model_evaluating_dag", start_date=datetime(2024, 1, 1), schedule_interval="@weekly", catchup=False,
     description="Evaluate the serving model on newly labelled data")
def model_evaluator():
    @task
    def evaluate() -> dict:
        return evaluate_served_model("postgresql://warehouse/churn", "/models/churn.joblib")

    evaluate()


model_evaluator()
