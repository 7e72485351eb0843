"""The models of "WGAN-GP on a ring", one nn.Module each, layer by layer as the app builds them."""

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
        ("generator__out/kernel", "out.weight", "dense"),
        ("generator__out/bias", "out.bias", "same"),
    ]

    def __init__(self):
        super().__init__()
        self.h1 = nn.Linear(8, 128, bias=True)
        self.h2 = nn.Linear(128, 128, bias=True)
        self.out = nn.Linear(128, 2, bias=True)

    def forward(self, z):
        h1 = F.relu(self.h1(z))  # [batch, 128]
        h2 = F.relu(self.h2(h1))  # [batch, 128]
        out = self.out(h2)  # [batch, 2]
        return out


class Critic(nn.Module):
    """The model "critic": x [batch, 2] -> score [batch, 1].

    Images are channels first inside and channels last at its inputs and outputs, as the app's
    graph has them.
    """

    # the app's weight of each parameter, and how its layout changes (LAYOUTS in tensorloom_runtime.py)
    APP_WEIGHTS = [
        ("critic__h1/kernel", "h1.weight", "dense"),
        ("critic__h1/bias", "h1.bias", "same"),
        ("critic__h2/kernel", "h2.weight", "dense"),
        ("critic__h2/bias", "h2.bias", "same"),
        ("critic__out/kernel", "out.weight", "dense"),
        ("critic__out/bias", "out.bias", "same"),
    ]

    def __init__(self):
        super().__init__()
        self.h1 = nn.Linear(2, 128, bias=True)
        self.h2 = nn.Linear(128, 128, bias=True)
        self.out = nn.Linear(128, 1, bias=True)

    def forward(self, x):
        h1 = F.relu(self.h1(x))  # [batch, 128]
        h2 = F.relu(self.h2(h1))  # [batch, 128]
        out = self.out(h2)  # [batch, 1]
        return out


# the models by their ids in the graph
MODELS = {"generator": Generator, "critic": Critic}
