import random

import networkx as nx


def random_walks(graph: nx.Graph, length: int = 10, per_node: int = 5, seed: int = 0) -> list[list[str]]:
    rng = random.Random(seed)
    walks = []
    for node in graph.nodes:
        for _ in range(per_node):
            walk = [node]
            while len(walk) < length:
                walk.append(rng.choice(list(graph.neighbors(walk[-1]))))
            walks.append([str(n) for n in walk])
    return walks
