from transformers import AutoFeatureExtractor, AutoModel, AutoTokenizer

checkpoint = AutoModel.from_pretrained("./output_dir_training/checkpoint-40000")
feature_extractor = AutoFeatureExtractor.from_pretrained("acme-audio/dac-44khz")
tokenizer = AutoTokenizer.from_pretrained("google/flan-t5-base")
checkpoint.push_to_hub("acme-audio/speechkit-mini-v1")
feature_extractor.push_to_hub("acme-audio/speechkit-mini-v1")
tokenizer.push_to_hub("acme-audio/speechkit-mini-v1")
