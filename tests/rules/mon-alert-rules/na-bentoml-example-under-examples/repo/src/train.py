import joblib
from sklearn import datasets, svm


def main() -> None:
    iris = datasets.load_iris()
    clf = svm.SVC(gamma="scale", random_state=0)
    clf.fit(iris.data, iris.target)
    joblib.dump(clf, "model.joblib")


if __name__ == "__main__":
    main()
