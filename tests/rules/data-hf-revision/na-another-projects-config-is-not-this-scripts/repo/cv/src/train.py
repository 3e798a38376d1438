import yaml

config = yaml.safe_load(open("config-aml.yml"))
print(config["training"]["model_name"])
