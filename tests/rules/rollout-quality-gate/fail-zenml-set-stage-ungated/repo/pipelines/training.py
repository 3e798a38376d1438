from sklearn.ensemble import RandomForestClassifier
from zenml import pipeline, step

from steps.promoter import promote_if_better


@step
def train_and_score() -> float:
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    x, y = load_breast_cancer(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(x, y, random_state=7)
    model = RandomForestClassifier(random_state=7).fit(x_train, y_train)
    return float(model.score(x_test, y_test))


@pipeline
def training() -> None:
    promote_if_better(train_and_score())
