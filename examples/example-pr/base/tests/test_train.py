from churn import train


def test_train_module_imports():
    assert callable(train.main)
