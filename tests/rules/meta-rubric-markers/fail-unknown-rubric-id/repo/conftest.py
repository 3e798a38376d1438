def pytest_configure(config):
    config.addinivalue_line("markers", "ml_test(test_id): the ML Test Score test this test evidences")
