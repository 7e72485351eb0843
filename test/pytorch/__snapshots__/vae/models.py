"""The models of "Convolutional VAE on MNIST", one nn.Module each, layer by layer as the app builds them."""

import torch
import torch.nn as nn
import torch.nn.functional as F

import tensorloom_runtime as tl


class Encoder(nn.Module):
    """The model "encoder": x [batch, 28, 28, 1] -> mu [batch, 16], logvar [batch, 16].

    Images are channels first inside and channels last at its inputs and outputs, as the app's
    graph has them.
    """

    # the app's weight of each parameter, and how its layout changes (LAYOUTS in tensorloom_runtime.py)
    APP_WEIGHTS = [
        ("encoder__conv1/kernel", "conv1.weight", "conv"),
        ("encoder__conv1/bias", "conv1.bias", "same"),
        ("encoder__conv2/kernel", "conv2.weight", "conv"),
        ("encoder__conv2/bias", "conv2.bias", "same"),
        ("encoder__hidden/kernel", "hidden.weight", "dense"),
        ("encoder__hidden/bias", "hidden.bias", "same"),
        ("encoder__mu_head/kernel", "mu_head.weight", "dense"),
        ("encoder__mu_head/bias", "mu_head.bias", "same"),
        ("encoder__logvar_head/kernel", "logvar_head.weight", "dense"),
        ("encoder__logvar_head/bias", "logvar_head.bias", "same"),
    ]

    def __init__(self):
        super().__init__()
        self.conv1 = tl.Conv2dSame(1, 32, 3, stride=2, bias=True)
        self.conv2 = tl.Conv2dSame(32, 64, 3, stride=2, bias=True)
        self.hidden = nn.Linear(3136, 128, bias=True)
        self.mu_head = nn.Linear(128, 16, bias=True)
        self.logvar_head = nn.Linear(128, 16, bias=True)

    def forward(self, x):
        x = tl.to_channels_first(x)  # [batch, 1, 28, 28]
        conv1 = F.relu(self.conv1(x))  # [batch, 32, 14, 14]
        conv2 = F.relu(self.conv2(conv1))  # [batch, 64, 7, 7]
        flat = tl.flatten_channels_last(conv2)  # [batch, 3136]
        hidden = F.relu(self.hidden(flat))  # [batch, 128]
        mu_head = self.mu_head(hidden)  # [batch, 16]
        logvar_head = self.logvar_head(hidden)  # [batch, 16]
        return mu_head, logvar_head


class Decoder(nn.Module):
    """The model "decoder": z [batch, 16] -> logits [batch, 28, 28, 1], image [batch, 28, 28, 1].

    Images are channels first inside and channels last at its inputs and outputs, as the app's
    graph has them.
    """

    # the app's weight of each parameter, and how its layout changes (LAYOUTS in tensorloom_runtime.py)
    APP_WEIGHTS = [
        ("decoder__project/kernel", "project.weight", "dense"),
        ("decoder__project/bias", "project.bias", "same"),
        ("decoder__up1/kernel", "up1.weight", "conv"),
        ("decoder__up1/bias", "up1.bias", "same"),
        ("decoder__up2/kernel", "up2.weight", "conv"),
        ("decoder__up2/bias", "up2.bias", "same"),
        ("decoder__to_pixels/kernel", "to_pixels.weight", "conv"),
        ("decoder__to_pixels/bias", "to_pixels.bias", "same"),
    ]

    def __init__(self):
        super().__init__()
        self.project = nn.Linear(16, 3136, bias=True)
        self.up1 = tl.ConvTranspose2dSame(64, 64, 3, stride=2, bias=True)
        self.up2 = tl.ConvTranspose2dSame(64, 32, 3, stride=2, bias=True)
        self.to_pixels = tl.ConvTranspose2dSame(32, 1, 3, stride=1, bias=True)

    def forward(self, z):
        project = F.relu(self.project(z))  # [batch, 3136]
        to_map = tl.reshape(project, [7, 7, 64])  # [batch, 64, 7, 7]
        up1 = F.relu(self.up1(to_map))  # [batch, 64, 14, 14]
        up2 = F.relu(self.up2(up1))  # [batch, 32, 28, 28]
        to_pixels = self.to_pixels(up2)  # [batch, 1, 28, 28]
        prob = torch.sigmoid(to_pixels)  # [batch, 1, 28, 28]
        return tl.to_channels_last(to_pixels), tl.to_channels_last(prob)


class SideBySide(nn.Module):
    """The model "side_by_side": top [batch, 28, 28, 1], bottom [batch, 28, 28, 1] -> pair [batch, 56, 28, 1].

    Images are channels first inside and channels last at its inputs and outputs, as the app's
    graph has them.
    """

    # the app's weight of each parameter, and how its layout changes (LAYOUTS in tensorloom_runtime.py)
    APP_WEIGHTS = []

    def __init__(self):
        super().__init__()

    def forward(self, top, bottom):
        top = tl.to_channels_first(top)  # [batch, 1, 28, 28]
        bottom = tl.to_channels_first(bottom)  # [batch, 1, 28, 28]
        top_flat = tl.flatten_channels_last(top)  # [batch, 784]
        bottom_flat = tl.flatten_channels_last(bottom)  # [batch, 784]
        join = torch.cat([top_flat, bottom_flat], -1)  # [batch, 1568]
        to_image = tl.reshape(join, [56, 28, 1])  # [batch, 1, 56, 28]
        return tl.to_channels_last(to_image)


# the models by their ids in the graph
MODELS = {"encoder": Encoder, "decoder": Decoder, "side_by_side": SideBySide}
