from metaflow import FlowSpec, Parameter, step


class ChurnFlow(FlowSpec):
    """Fit a gradient-boosted churn model on the monthly snapshot."""

    depth = Parameter("depth", default=3)

    @step
    def start(self):
        import numpy as np

        rng = np.random.default_rng(7)
        self.x = rng.normal(size=(200, 4))
        self.y = (self.x[:, 0] > 0).astype(int)
        self.next(self.train)

    @step
    def train(self):
        from sklearn.ensemble import GradientBoostingClassifier

        self.model = GradientBoostingClassifier(max_depth=self.depth, random_state=7).fit(self.x, self.y)
        self.next(self.end)

    @step
    def end(self):
        print("trained", self.model)


if __name__ == "__main__":
    ChurnFlow()
