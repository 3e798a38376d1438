from sklearn.linear_model import LogisticRegression


def fit_baseline(frame, target: str) -> LogisticRegression:
    return LogisticRegression(max_iter=200).fit(frame.drop(columns=target), frame[target])
