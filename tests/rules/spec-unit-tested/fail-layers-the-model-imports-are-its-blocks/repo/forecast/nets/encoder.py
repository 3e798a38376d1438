from torch import nn


class ConvDistil(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv1d(channels, channels, kernel_size=3, padding=1)
        self.pool = nn.MaxPool1d(kernel_size=3, stride=2, padding=1)

    def forward(self, x):
        return self.pool(self.conv(x.transpose(1, 2)).relu()).transpose(1, 2)


class SeriesEncoder(nn.Module):
    def __init__(self, d_model, depth=2):
        super().__init__()
        self.layers = nn.ModuleList(
            nn.TransformerEncoderLayer(d_model, nhead=4, batch_first=True) for _ in range(depth))
        self.distil = ConvDistil(d_model)

    def forward(self, x):
        for layer in self.layers:
            x = self.distil(layer(x))
        return x
