def test_prompt_is_trimmed():
    assert " hi ".strip() == "hi"
