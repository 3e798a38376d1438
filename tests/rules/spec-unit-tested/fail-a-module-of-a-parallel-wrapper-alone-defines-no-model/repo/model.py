from torch import nn


class MelDecoder(nn.Module):
    def __init__(self, n_mels=80, hidden=256):
        super().__init__()
        self.rnn = nn.LSTM(n_mels, hidden, batch_first=True)
        self.proj = nn.Linear(hidden, n_mels)

    def forward(self, frames):
        out, _ = self.rnn(frames)
        return self.proj(out)
