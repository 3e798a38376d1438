from training.supervised_finetuning import build_prompt


def test_build_prompt_joins_instruction_and_output():
    out = build_prompt({"instruction": "What is a fever?", "output": "A raised temperature."})
    assert out["text"].startswith("<|user|>What is a fever?")
