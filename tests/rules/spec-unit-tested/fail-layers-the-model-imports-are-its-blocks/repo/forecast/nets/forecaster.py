from torch import nn

from forecast.nets.embedding import TimeEmbedding
from forecast.nets.encoder import SeriesEncoder


class Forecaster(nn.Module):
    def __init__(self, n_features=7, d_model=64, horizon=24):
        super().__init__()
        self.embed = TimeEmbedding(n_features, d_model)
        self.encoder = SeriesEncoder(d_model)
        self.head = nn.Linear(d_model, horizon)

    def forward(self, x):
        return self.head(self.encoder(self.embed(x)).mean(dim=1))
