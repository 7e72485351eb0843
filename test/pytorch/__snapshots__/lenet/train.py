"""LeNet classifier on MNIST: a Tensorloom graph as a PyTorch training program.

LeNet-5 (LeCun et al. 1998) learns to name the digit in a 28x28 image: two convolution and pooling stages find strokes and their arrangement, three Dense layers turn them into 10 scores, and categorical cross-entropy trains it on class ids (Adam at 1e-3). Two Metrics chart its accuracy: on the training batches every 50 iterations, and on 10,000 test digits it never trains on every 250.

Train with `python train.py --steps 1000 --out run`, or in N processes (GPUs, or CPU cores with gloo)
with `torchrun --nproc_per_node=N train.py --steps 1000 --out run`; `python train.py --help` lists the rest.
"""

import torch

import tensorloom_runtime as tl
from models import Classifier


class Training(tl.Training):
    """Everything a run of the graph holds: its models, one optimizer per update, the stream, the data."""

    DATASETS = ["mnist-train"]
    # the batch of every node the updates draw from; --batch-size sets it (per process under torchrun)
    BATCH = 64
    # in the order an iteration runs them: name, loss method, the models it changes, their optimizer
    UPDATES = [
        tl.Update("Adam", "loss_adam", ["classifier"], lambda p: torch.optim.Adam(p, lr=0.001, betas=(0.9, 0.999), eps=1e-7)),
    ]

    # the previews: written as PNG (images) or CSV (points) files under OUT/previews
    PREVIEWS = [
        tl.Preview("digits", "preview_digits", "images"),
    ]

    def make_models(self):
        return {"classifier": Classifier()}

    def loss_adam(self, m):
        """The loss update "Adam" minimises over the weights of "classifier", evaluated afresh: a new batch, new noise."""
        train_digits_x, train_digits_label = tl.image_batch(self.data["mnist-train"], self.rng, self.batch, "[0,1]", "class ids")
        c = m["classifier"](train_digits_x)  # [64, 10]
        cross_entropy = tl.categorical_cross_entropy(c, train_digits_label)  # []
        return cross_entropy

    def preview_digits(self, m):
        """What the preview "digits" shows, evaluated with training off."""
        train_digits_x, train_digits_label = tl.image_batch(self.data["mnist-train"], self.rng, self.batch, "[0,1]", "class ids")
        return tl.image_grid(train_digits_x, 32, "[0,1]")


if __name__ == "__main__":
    tl.main(Training)
