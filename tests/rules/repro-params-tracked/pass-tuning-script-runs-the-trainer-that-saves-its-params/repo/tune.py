import random

import yaml

from train import parse_opt, train

if __name__ == "__main__":
    opt = parse_opt()
    space = yaml.safe_load(open("data/search_space.yaml"))
    best = None
    for trial in range(20):
        hyp = {name: random.uniform(low, high) for name, (low, high) in space.items()}
        fitness = train(hyp, opt)
        if best is None or fitness < best[0]:
            best = (fitness, hyp)
    print(best)
