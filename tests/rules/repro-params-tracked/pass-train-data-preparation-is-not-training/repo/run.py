from pipelines.training import training

if __name__ == "__main__":
    training()
