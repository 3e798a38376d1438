import random

print(random.choice(["hello", "hi"]))
