import argparse

import flax.linen as nn
import jax
import jax.numpy as jnp
import optax


class MLP(nn.Module):
    @nn.compact
    def __call__(self, x):
        return nn.Dense(1)(nn.relu(nn.Dense(64)(x)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=100)
    args = parser.parse_args()
    model = MLP()
    key = jax.random.PRNGKey(0)
    x = jax.random.normal(key, (32, 8))
    y = x.sum(axis=1, keepdims=True)
    params = model.init(key, x)
    tx = optax.adam(1e-3)
    state = tx.init(params)

    def loss_fn(p):
        return jnp.mean((model.apply(p, x) - y) ** 2)

    for _ in range(args.steps):
        grads = jax.grad(loss_fn)(params)
        updates, state = tx.update(grads, state)
        params = optax.apply_updates(params, updates)


if __name__ == "__main__":
    main()
