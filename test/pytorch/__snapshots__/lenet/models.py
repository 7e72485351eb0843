"""The models of "LeNet classifier on MNIST", one nn.Module each, layer by layer as the app builds them."""

import torch.nn as nn
import torch.nn.functional as F

import tensorloom_runtime as tl


class Classifier(nn.Module):
    """The model "classifier": x [batch, 28, 28, 1] -> logits [batch, 10].

    Images are channels first inside and channels last at its inputs and outputs, as the app's
    graph has them.
    """

    # the app's weight of each parameter, and how its layout changes (LAYOUTS in tensorloom_runtime.py)
    APP_WEIGHTS = [
        ("classifier__conv1/kernel", "conv1.weight", "conv"),
        ("classifier__conv1/bias", "conv1.bias", "same"),
        ("classifier__conv2/kernel", "conv2.weight", "conv"),
        ("classifier__conv2/bias", "conv2.bias", "same"),
        ("classifier__fc1/kernel", "fc1.weight", "dense"),
        ("classifier__fc1/bias", "fc1.bias", "same"),
        ("classifier__fc2/kernel", "fc2.weight", "dense"),
        ("classifier__fc2/bias", "fc2.bias", "same"),
        ("classifier__scores/kernel", "scores.weight", "dense"),
        ("classifier__scores/bias", "scores.bias", "same"),
    ]

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2, bias=True)
        self.pool1 = nn.MaxPool2d(2, stride=2)
        self.conv2 = nn.Conv2d(6, 16, 5, bias=True)
        self.pool2 = nn.MaxPool2d(2, stride=2)
        self.fc1 = nn.Linear(400, 120, bias=True)
        self.fc2 = nn.Linear(120, 84, bias=True)
        self.scores = nn.Linear(84, 10, bias=True)

    def forward(self, x):
        x = tl.to_channels_first(x)  # [batch, 1, 28, 28]
        conv1 = F.relu(self.conv1(x))  # [batch, 6, 28, 28]
        pool1 = self.pool1(conv1)  # [batch, 6, 14, 14]
        conv2 = F.relu(self.conv2(pool1))  # [batch, 16, 10, 10]
        pool2 = self.pool2(conv2)  # [batch, 16, 5, 5]
        flat = tl.flatten_channels_last(pool2)  # [batch, 400]
        fc1 = F.relu(self.fc1(flat))  # [batch, 120]
        fc2 = F.relu(self.fc2(fc1))  # [batch, 84]
        scores = self.scores(fc2)  # [batch, 10]
        return scores


# the models by their ids in the graph
MODELS = {"classifier": Classifier}
