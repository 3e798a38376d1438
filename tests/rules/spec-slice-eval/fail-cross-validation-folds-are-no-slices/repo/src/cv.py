"""Five-fold cross-validation of the churn model."""

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

frame = pd.read_parquet("data/churn.parquet")
X = frame.drop(columns="churned").to_numpy()
y = frame["churned"].to_numpy()
scores = []
for train_idx, test_idx in StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(X, y):
    model = LogisticRegression(max_iter=500).fit(X[train_idx], y[train_idx])
    scores.append(roc_auc_score(y[test_idx], model.predict_proba(X[test_idx])[:, 1]))
print(f"AUC {np.mean(scores):.3f} +/- {np.std(scores):.3f}")
