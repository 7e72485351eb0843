"""The models of "2-D GAN on a ring of Gaussians", one nn.Module each, layer by layer as the app builds them."""

import torch.nn as nn
import torch.nn.functional as F


class Generator(nn.Module):
    """The model "generator": z [batch, 8] -> x [batch, 2].

    Images are channels first inside and channels last at its inputs and outputs, as the app's
    graph has them.
    """

    # the app's weight of each parameter, and how its layout changes (LAYOUTS in tensorloom_runtime.py)
    APP_WEIGHTS = [
        ("generator__h1/kernel", "h1.weight", "dense"),
        ("generator__h1/bias", "h1.bias", "same"),
        ("generator__h2/kernel", "h2.weight", "dense"),
        ("generator__h2/bias", "h2.bias", "same"),
        ("generator__xy/kernel", "xy.weight", "dense"),
        ("generator__xy/bias", "xy.bias", "same"),
    ]

    def __init__(self):
        super().__init__()
        self.h1 = nn.Linear(8, 128, bias=True)
        self.h2 = nn.Linear(128, 128, bias=True)
        self.xy = nn.Linear(128, 2, bias=True)

    def forward(self, z):
        h1 = F.relu(self.h1(z))  # [batch, 128]
        h2 = F.relu(self.h2(h1))  # [batch, 128]
        xy = self.xy(h2)  # [batch, 2]
        return xy


class Discriminator(nn.Module):
    """The model "discriminator": x [batch, 2] -> logit [batch, 1].

    Images are channels first inside and channels last at its inputs and outputs, as the app's
    graph has them.
    """

    # the app's weight of each parameter, and how its layout changes (LAYOUTS in tensorloom_runtime.py)
    APP_WEIGHTS = [
        ("discriminator__h1/kernel", "h1.weight", "dense"),
        ("discriminator__h1/bias", "h1.bias", "same"),
        ("discriminator__h2/kernel", "h2.weight", "dense"),
        ("discriminator__h2/bias", "h2.bias", "same"),
        ("discriminator__score/kernel", "score.weight", "dense"),
        ("discriminator__score/bias", "score.bias", "same"),
    ]

    def __init__(self):
        super().__init__()
        self.h1 = nn.Linear(2, 128, bias=True)
        self.h2 = nn.Linear(128, 128, bias=True)
        self.score = nn.Linear(128, 1, bias=True)

    def forward(self, x):
        h1 = F.relu(self.h1(x))  # [batch, 128]
        h2 = F.relu(self.h2(h1))  # [batch, 128]
        score = self.score(h2)  # [batch, 1]
        return score


# the models by their ids in the graph
MODELS = {"generator": Generator, "discriminator": Discriminator}
