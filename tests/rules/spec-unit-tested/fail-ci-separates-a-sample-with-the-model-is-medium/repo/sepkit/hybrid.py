import torch
from torch import nn


class HybridSeparator(nn.Module):
    """A spectrogram branch beside the waveform one; not yet selectable from the command line."""

    def __init__(self, sources: int = 4, n_fft: int = 512) -> None:
        super().__init__()
        self.n_fft = n_fft
        self.mask = nn.Conv2d(2, 2 * sources, 3, padding=1)

    def forward(self, mix: torch.Tensor) -> torch.Tensor:
        spec = torch.stft(mix.flatten(0, 1), self.n_fft, return_complex=True).abs()
        return torch.sigmoid(self.mask(spec.view(mix.shape[0], 2, *spec.shape[-2:])))
