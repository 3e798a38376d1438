# Activation functions

import torch
import torch.nn as nn


class SiLU(nn.Module):  # export-friendly version of nn.SiLU()
    @staticmethod
    def forward(x):
        return x * torch.sigmoid(x)


class Hardswish(nn.Module):  # export-friendly version of nn.Hardswish()
    @staticmethod
    def forward(x):
        return x * nn.functional.hardtanh(x + 3, 0.0, 6.0) / 6.0
