"""The models of "Conditional DCGAN on MNIST", one nn.Module each, layer by layer as the app builds them."""

import torch
import torch.nn as nn
import torch.nn.functional as F

import tensorloom_runtime as tl


class Generator(nn.Module):
    """The model "generator": z [batch, 100], c [batch] -> image [batch, 28, 28, 1].

    Images are channels first inside and channels last at its inputs and outputs, as the app's
    graph has them.
    """

    # the app's weight of each parameter, and how its layout changes (LAYOUTS in tensorloom_runtime.py)
    APP_WEIGHTS = [
        ("generator__embed/embeddings", "embed.weight", "same"),
        ("generator__project/kernel", "project.weight", "dense"),
        ("generator__project_bn/gamma", "project_bn.weight", "same"),
        ("generator__project_bn/beta", "project_bn.bias", "same"),
        ("generator__project_bn/moving_mean", "project_bn.running_mean", "same"),
        ("generator__project_bn/moving_variance", "project_bn.running_var", "same"),
        ("generator__up1/kernel", "up1.weight", "conv"),
        ("generator__up1_bn/gamma", "up1_bn.weight", "same"),
        ("generator__up1_bn/beta", "up1_bn.bias", "same"),
        ("generator__up1_bn/moving_mean", "up1_bn.running_mean", "same"),
        ("generator__up1_bn/moving_variance", "up1_bn.running_var", "same"),
        ("generator__up2/kernel", "up2.weight", "conv"),
        ("generator__up2_bn/gamma", "up2_bn.weight", "same"),
        ("generator__up2_bn/beta", "up2_bn.bias", "same"),
        ("generator__up2_bn/moving_mean", "up2_bn.running_mean", "same"),
        ("generator__up2_bn/moving_variance", "up2_bn.running_var", "same"),
        ("generator__to_pixels/kernel", "to_pixels.weight", "conv"),
    ]

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10, 50)
        self.project = nn.Linear(150, 12544, bias=False)
        self.project_bn = tl.keras_batch_norm(12544, 0.99, 0.001, 2)
        self.up1 = tl.ConvTranspose2dSame(256, 128, 5, stride=1, bias=False)
        self.up1_bn = tl.keras_batch_norm(128, 0.99, 0.001, 4)
        self.up2 = tl.ConvTranspose2dSame(128, 64, 5, stride=2, bias=False)
        self.up2_bn = tl.keras_batch_norm(64, 0.99, 0.001, 4)
        self.to_pixels = tl.ConvTranspose2dSame(64, 1, 5, stride=2, bias=False)

    def forward(self, z, c):
        embed = self.embed(c)  # [batch, 50]
        join = torch.cat([z, embed], -1)  # [batch, 150]
        project = self.project(join)  # [batch, 12544]
        project_bn = self.project_bn(project)  # [batch, 12544]
        project_act = F.leaky_relu(project_bn, 0.2)  # [batch, 12544]
        to_map = tl.reshape(project_act, [7, 7, 256])  # [batch, 256, 7, 7]
        up1 = self.up1(to_map)  # [batch, 128, 7, 7]
        up1_bn = self.up1_bn(up1)  # [batch, 128, 7, 7]
        up1_act = F.leaky_relu(up1_bn, 0.2)  # [batch, 128, 7, 7]
        up2 = self.up2(up1_act)  # [batch, 64, 14, 14]
        up2_bn = self.up2_bn(up2)  # [batch, 64, 14, 14]
        up2_act = F.leaky_relu(up2_bn, 0.2)  # [batch, 64, 14, 14]
        to_pixels = torch.tanh(self.to_pixels(up2_act))  # [batch, 1, 28, 28]
        return tl.to_channels_last(to_pixels)


class Discriminator(nn.Module):
    """The model "discriminator": x [batch, 28, 28, 1], c [batch] -> logit [batch, 1].

    Images are channels first inside and channels last at its inputs and outputs, as the app's
    graph has them. Dropout masks draw their seeds from `rng`, the training stream.
    """

    # the app's weight of each parameter, and how its layout changes (LAYOUTS in tensorloom_runtime.py)
    APP_WEIGHTS = [
        ("discriminator__embed/embeddings", "embed.weight", "same"),
        ("discriminator__conv1/kernel", "conv1.weight", "conv"),
        ("discriminator__conv1/bias", "conv1.bias", "same"),
        ("discriminator__conv2/kernel", "conv2.weight", "conv"),
        ("discriminator__conv2/bias", "conv2.bias", "same"),
        ("discriminator__score/kernel", "score.weight", "dense"),
        ("discriminator__score/bias", "score.bias", "same"),
    ]

    def __init__(self, rng):
        super().__init__()
        self.embed = nn.Embedding(10, 784)
        self.conv1 = tl.Conv2dSame(2, 64, 5, stride=2, bias=True)
        self.conv1_drop = tl.Dropout(0.3, rng)
        self.conv2 = tl.Conv2dSame(64, 128, 5, stride=2, bias=True)
        self.conv2_drop = tl.Dropout(0.3, rng)
        self.score = nn.Linear(6272, 1, bias=True)

    def forward(self, x, c):
        x = tl.to_channels_first(x)  # [batch, 1, 28, 28]
        embed = self.embed(c)  # [batch, 784]
        label_map = tl.reshape(embed, [28, 28, 1])  # [batch, 1, 28, 28]
        join = torch.cat([x, label_map], 1)  # [batch, 2, 28, 28]
        conv1 = self.conv1(join)  # [batch, 64, 14, 14]
        conv1_act = F.leaky_relu(conv1, 0.2)  # [batch, 64, 14, 14]
        conv1_drop = self.conv1_drop(conv1_act)  # [batch, 64, 14, 14]
        conv2 = self.conv2(conv1_drop)  # [batch, 128, 7, 7]
        conv2_act = F.leaky_relu(conv2, 0.2)  # [batch, 128, 7, 7]
        conv2_drop = self.conv2_drop(conv2_act)  # [batch, 128, 7, 7]
        flat = tl.flatten_channels_last(conv2_drop)  # [batch, 6272]
        score = self.score(flat)  # [batch, 1]
        return score


# the models by their ids in the graph
MODELS = {"generator": Generator, "discriminator": Discriminator}
