import matplotlib.pyplot as plt
import numpy as np
from sklearn.cluster import DBSCAN
from sklearn.linear_model import LogisticRegression


def sweep_dbscan(embeddings: np.ndarray, eps_values=(0.3, 0.5, 0.7)) -> None:
    counts = []
    for eps in eps_values:
        labels = DBSCAN(eps=eps, min_samples=5).fit(embeddings).labels_
        counts.append(len(set(labels)) - (1 if -1 in labels else 0))
    plt.plot(eps_values, counts, "ro")
    plt.show()


def fit_classifier(embeddings: np.ndarray, labels: np.ndarray) -> LogisticRegression:
    return LogisticRegression(max_iter=1000).fit(embeddings, labels)
