import torch

from armkit.policies.reach import ReachPolicy


def main():
    torch.manual_seed(0)
    policy = ReachPolicy()
    optimizer = torch.optim.Adam(policy.parameters(), lr=1e-3)
    for step in range(1000):
        obs = torch.randn(64, 14)
        target = torch.randn(64, 7)
        loss = torch.nn.functional.mse_loss(policy(obs), target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 100 == 0:
            print(f"step {step} loss {loss.item():.3f}")

    policy.save_pretrained("outputs/reach")

    # share it: replace <user> with your Hub user name
    policy.push_to_hub(
        "<user>/armkit-reach-tutorial"
    )


if __name__ == "__main__":
    main()
