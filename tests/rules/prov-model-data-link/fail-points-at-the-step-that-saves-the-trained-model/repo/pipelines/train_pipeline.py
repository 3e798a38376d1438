from kfp import dsl


@dsl.component(packages_to_install=["pandas", "scikit-learn"])
def prepare(train_out: dsl.Output[dsl.Dataset], test_out: dsl.Output[dsl.Dataset]):
    import pickle

    from sklearn import datasets
    from sklearn.model_selection import train_test_split

    x, y = datasets.load_wine(return_X_y=True)
    splits = train_test_split(x, y, test_size=0.25, random_state=3)
    with open(train_out.path, "wb") as f:
        pickle.dump((splits[0], splits[2]), f)
    with open(test_out.path, "wb") as f:
        pickle.dump((splits[1], splits[3]), f)


@dsl.component(packages_to_install=["scikit-learn"])
def train(train_in: dsl.Input[dsl.Dataset], model_out: dsl.Output[dsl.Model]):
    import pickle

    from sklearn.ensemble import GradientBoostingClassifier

    x, y = pickle.load(open(train_in.path, "rb"))
    model = GradientBoostingClassifier(n_estimators=200, random_state=3).fit(x, y)
    with open(model_out.path, "wb") as f:
        pickle.dump(model, f)


@dsl.pipeline(name="wine")
def wine_pipeline():
    data = prepare()
    train(train_in=data.outputs["train_out"])
