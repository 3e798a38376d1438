import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

from rarecats import RareLevelEncoder

frame = pd.read_csv("benchmarks/data/adult_sample.csv")
X, y = frame[["workclass", "occupation"]], frame["income_over_50k"]
model = make_pipeline(RareLevelEncoder(min_share=0.02), OneHotEncoder(handle_unknown="ignore"),
                      LogisticRegression(max_iter=500, random_state=0))
print(cross_val_score(model, X, y, cv=5).mean())
