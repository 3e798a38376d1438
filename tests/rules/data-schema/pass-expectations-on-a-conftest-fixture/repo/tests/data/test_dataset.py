def test_dataset(df):
    df.expect_table_columns_to_match_ordered_list(column_list=["id", "title", "tag"])
    df.expect_column_values_to_be_in_set(column="tag", value_set=["bug", "feature", "question"])
    df.expect_column_values_to_be_unique(column="id")
    suite = df.get_expectation_suite(discard_failed_expectations=False)
    assert df.validate(expectation_suite=suite, only_return_failures=True).to_json_dict()["success"]
