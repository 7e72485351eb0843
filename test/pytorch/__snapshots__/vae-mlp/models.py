"""The models of "MLP VAE on MNIST", one nn.Module each, layer by layer as the app builds them."""

import torch
import torch.nn as nn
import torch.nn.functional as F

import tensorloom_runtime as tl


class Encoder(nn.Module):
    """The model "encoder": x [batch, 28, 28, 1] -> mu [batch, 20], logvar [batch, 20].

    Images are channels first inside and channels last at its inputs and outputs, as the app's
    graph has them.
    """

    # the app's weight of each parameter, and how its layout changes (LAYOUTS in tensorloom_runtime.py)
    APP_WEIGHTS = [
        ("encoder__h/kernel", "h.weight", "dense"),
        ("encoder__h/bias", "h.bias", "same"),
        ("encoder__mu_head/kernel", "mu_head.weight", "dense"),
        ("encoder__mu_head/bias", "mu_head.bias", "same"),
        ("encoder__logvar_head/kernel", "logvar_head.weight", "dense"),
        ("encoder__logvar_head/bias", "logvar_head.bias", "same"),
    ]

    def __init__(self):
        super().__init__()
        self.h = nn.Linear(784, 400, bias=True)
        self.mu_head = nn.Linear(400, 20, bias=True)
        self.logvar_head = nn.Linear(400, 20, bias=True)

    def forward(self, x):
        x = tl.to_channels_first(x)  # [batch, 1, 28, 28]
        flat = tl.flatten_channels_last(x)  # [batch, 784]
        h = F.relu(self.h(flat))  # [batch, 400]
        mu_head = self.mu_head(h)  # [batch, 20]
        logvar_head = self.logvar_head(h)  # [batch, 20]
        return mu_head, logvar_head


class Decoder(nn.Module):
    """The model "decoder": z [batch, 20] -> logits [batch, 28, 28, 1], image [batch, 28, 28, 1].

    Images are channels first inside and channels last at its inputs and outputs, as the app's
    graph has them.
    """

    # the app's weight of each parameter, and how its layout changes (LAYOUTS in tensorloom_runtime.py)
    APP_WEIGHTS = [
        ("decoder__h/kernel", "h.weight", "dense"),
        ("decoder__h/bias", "h.bias", "same"),
        ("decoder__pixels/kernel", "pixels.weight", "dense"),
        ("decoder__pixels/bias", "pixels.bias", "same"),
    ]

    def __init__(self):
        super().__init__()
        self.h = nn.Linear(20, 400, bias=True)
        self.pixels = nn.Linear(400, 784, bias=True)

    def forward(self, z):
        h = F.relu(self.h(z))  # [batch, 400]
        pixels = self.pixels(h)  # [batch, 784]
        img = tl.reshape(pixels, [28, 28, 1])  # [batch, 1, 28, 28]
        prob = torch.sigmoid(img)  # [batch, 1, 28, 28]
        return tl.to_channels_last(img), tl.to_channels_last(prob)


# the models by their ids in the graph
MODELS = {"encoder": Encoder, "decoder": Decoder}
