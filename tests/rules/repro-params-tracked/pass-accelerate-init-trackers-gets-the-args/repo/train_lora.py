import argparse

import torch
from accelerate import Accelerator


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learning_rate", type=float, default=1e-4)
    parser.add_argument("--num_train_epochs", type=int, default=3)
    parser.add_argument("--report_to", default="tensorboard")
    return parser.parse_args()


def main(args: argparse.Namespace) -> None:
    accelerator = Accelerator(log_with=args.report_to)
    model = torch.nn.Linear(16, 16)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.learning_rate)
    model, optimizer = accelerator.prepare(model, optimizer)
    if accelerator.is_main_process:
        accelerator.init_trackers("lora-finetune", config=vars(args))
    for _ in range(args.num_train_epochs):
        loss = model(torch.randn(4, 16)).pow(2).mean()
        accelerator.backward(loss)
        optimizer.step()
        optimizer.zero_grad()
    accelerator.end_training()


if __name__ == "__main__":
    main(parse_args())
