import json

import numpy as np
from sklearn.neural_network import MLPClassifier

X_train = np.genfromtxt("data/train_features.csv")
y_train = np.genfromtxt("data/train_labels.csv")
X_test = np.genfromtxt("data/test_features.csv")
y_test = np.genfromtxt("data/test_labels.csv")

clf = MLPClassifier(random_state=0, max_iter=30)
clf.fit(X_train, y_train)

with open("metrics.json", "w") as fh:
    json.dump({"accuracy": clf.score(X_test, y_test)}, fh)
