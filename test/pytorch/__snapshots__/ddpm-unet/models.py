"""The models of "DDPM U-Net on MNIST", one nn.Module each, layer by layer as the app builds them."""

import torch
import torch.nn as nn
import torch.nn.functional as F

import tensorloom_runtime as tl


class Unet(nn.Module):
    """The model "unet": x [batch, 28, 28, 1], t [batch, 1] -> eps [batch, 28, 28, 1].

    Images are channels first inside and channels last at its inputs and outputs, as the app's
    graph has them. Dropout masks draw their seeds from `rng`, the training stream.
    """

    # the app's weight of each parameter, and how its layout changes (LAYOUTS in tensorloom_runtime.py)
    APP_WEIGHTS = [
        ("unet__time_dense1/kernel", "time_dense_1.weight", "dense"),
        ("unet__time_dense1/bias", "time_dense_1.bias", "same"),
        ("unet__conv_in/kernel", "conv_in.weight", "conv"),
        ("unet__conv_in/bias", "conv_in.bias", "same"),
        ("unet__time_dense2/kernel", "time_dense_2.weight", "dense"),
        ("unet__time_dense2/bias", "time_dense_2.bias", "same"),
        ("unet__down1_norm1/gamma", "down1_norm_1.weight", "same"),
        ("unet__down1_norm1/beta", "down1_norm_1.bias", "same"),
        ("unet__down1_time/kernel", "down1_time.weight", "dense"),
        ("unet__down1_time/bias", "down1_time.bias", "same"),
        ("unet__down1_conv1/kernel", "down1_conv_1.weight", "conv"),
        ("unet__down1_conv1/bias", "down1_conv_1.bias", "same"),
        ("unet__down1_norm2/gamma", "down1_norm_2.weight", "same"),
        ("unet__down1_norm2/beta", "down1_norm_2.bias", "same"),
        ("unet__down1_conv2/kernel", "down1_conv_2.weight", "conv"),
        ("unet__down1_conv2/bias", "down1_conv_2.bias", "same"),
        ("unet__down2_downsample/kernel", "down2_downsample.weight", "conv"),
        ("unet__down2_downsample/bias", "down2_downsample.bias", "same"),
        ("unet__down2_norm1/gamma", "down2_norm_1.weight", "same"),
        ("unet__down2_norm1/beta", "down2_norm_1.bias", "same"),
        ("unet__down2_time/kernel", "down2_time.weight", "dense"),
        ("unet__down2_time/bias", "down2_time.bias", "same"),
        ("unet__down2_conv1/kernel", "down2_conv_1.weight", "conv"),
        ("unet__down2_conv1/bias", "down2_conv_1.bias", "same"),
        ("unet__down2_norm2/gamma", "down2_norm_2.weight", "same"),
        ("unet__down2_norm2/beta", "down2_norm_2.bias", "same"),
        ("unet__down2_skip/kernel", "down2_skip_1x1.weight", "conv"),
        ("unet__down2_skip/bias", "down2_skip_1x1.bias", "same"),
        ("unet__down2_conv2/kernel", "down2_conv_2.weight", "conv"),
        ("unet__down2_conv2/bias", "down2_conv_2.bias", "same"),
        ("unet__down3_downsample/kernel", "down3_downsample.weight", "conv"),
        ("unet__down3_downsample/bias", "down3_downsample.bias", "same"),
        ("unet__down3_norm1/gamma", "down3_norm_1.weight", "same"),
        ("unet__down3_norm1/beta", "down3_norm_1.bias", "same"),
        ("unet__down3_time/kernel", "down3_time.weight", "dense"),
        ("unet__down3_time/bias", "down3_time.bias", "same"),
        ("unet__down3_conv1/kernel", "down3_conv_1.weight", "conv"),
        ("unet__down3_conv1/bias", "down3_conv_1.bias", "same"),
        ("unet__down3_norm2/gamma", "down3_norm_2.weight", "same"),
        ("unet__down3_norm2/beta", "down3_norm_2.bias", "same"),
        ("unet__down3_conv2/kernel", "down3_conv_2.weight", "conv"),
        ("unet__down3_conv2/bias", "down3_conv_2.bias", "same"),
        ("unet__down3_attn_norm/gamma", "down3_attn_norm.weight", "same"),
        ("unet__down3_attn_norm/beta", "down3_attn_norm.bias", "same"),
        ("unet__down3_attn/query_kernel", "down3_attention.query.weight", "dense"),
        ("unet__down3_attn/query_bias", "down3_attention.query.bias", "same"),
        ("unet__down3_attn/key_kernel", "down3_attention.key.weight", "dense"),
        ("unet__down3_attn/value_kernel", "down3_attention.value.weight", "dense"),
        ("unet__down3_attn/value_bias", "down3_attention.value.bias", "same"),
        ("unet__down3_attn/output_kernel", "down3_attention.output.weight", "dense"),
        ("unet__down3_attn/output_bias", "down3_attention.output.bias", "same"),
        ("unet__mid1_norm1/gamma", "mid1_norm_1.weight", "same"),
        ("unet__mid1_norm1/beta", "mid1_norm_1.bias", "same"),
        ("unet__mid1_time/kernel", "mid1_time.weight", "dense"),
        ("unet__mid1_time/bias", "mid1_time.bias", "same"),
        ("unet__mid1_conv1/kernel", "mid1_conv_1.weight", "conv"),
        ("unet__mid1_conv1/bias", "mid1_conv_1.bias", "same"),
        ("unet__mid1_norm2/gamma", "mid1_norm_2.weight", "same"),
        ("unet__mid1_norm2/beta", "mid1_norm_2.bias", "same"),
        ("unet__mid1_conv2/kernel", "mid1_conv_2.weight", "conv"),
        ("unet__mid1_conv2/bias", "mid1_conv_2.bias", "same"),
        ("unet__mid_attn_norm/gamma", "mid_attn_norm.weight", "same"),
        ("unet__mid_attn_norm/beta", "mid_attn_norm.bias", "same"),
        ("unet__mid_attn/query_kernel", "mid_attention.query.weight", "dense"),
        ("unet__mid_attn/query_bias", "mid_attention.query.bias", "same"),
        ("unet__mid_attn/key_kernel", "mid_attention.key.weight", "dense"),
        ("unet__mid_attn/value_kernel", "mid_attention.value.weight", "dense"),
        ("unet__mid_attn/value_bias", "mid_attention.value.bias", "same"),
        ("unet__mid_attn/output_kernel", "mid_attention.output.weight", "dense"),
        ("unet__mid_attn/output_bias", "mid_attention.output.bias", "same"),
        ("unet__mid2_norm1/gamma", "mid2_norm_1.weight", "same"),
        ("unet__mid2_norm1/beta", "mid2_norm_1.bias", "same"),
        ("unet__mid2_time/kernel", "mid2_time.weight", "dense"),
        ("unet__mid2_time/bias", "mid2_time.bias", "same"),
        ("unet__mid2_conv1/kernel", "mid2_conv_1.weight", "conv"),
        ("unet__mid2_conv1/bias", "mid2_conv_1.bias", "same"),
        ("unet__mid2_norm2/gamma", "mid2_norm_2.weight", "same"),
        ("unet__mid2_norm2/beta", "mid2_norm_2.bias", "same"),
        ("unet__mid2_conv2/kernel", "mid2_conv_2.weight", "conv"),
        ("unet__mid2_conv2/bias", "mid2_conv_2.bias", "same"),
        ("unet__up3_norm1/gamma", "up3_norm_1.weight", "same"),
        ("unet__up3_norm1/beta", "up3_norm_1.bias", "same"),
        ("unet__up3_time/kernel", "up3_time.weight", "dense"),
        ("unet__up3_time/bias", "up3_time.bias", "same"),
        ("unet__up3_conv1/kernel", "up3_conv_1.weight", "conv"),
        ("unet__up3_conv1/bias", "up3_conv_1.bias", "same"),
        ("unet__up3_norm2/gamma", "up3_norm_2.weight", "same"),
        ("unet__up3_norm2/beta", "up3_norm_2.bias", "same"),
        ("unet__up3_skip/kernel", "up3_skip_1x1.weight", "conv"),
        ("unet__up3_skip/bias", "up3_skip_1x1.bias", "same"),
        ("unet__up3_conv2/kernel", "up3_conv_2.weight", "conv"),
        ("unet__up3_conv2/bias", "up3_conv_2.bias", "same"),
        ("unet__up3_attn_norm/gamma", "up3_attn_norm.weight", "same"),
        ("unet__up3_attn_norm/beta", "up3_attn_norm.bias", "same"),
        ("unet__up3_attn/query_kernel", "up3_attention.query.weight", "dense"),
        ("unet__up3_attn/query_bias", "up3_attention.query.bias", "same"),
        ("unet__up3_attn/key_kernel", "up3_attention.key.weight", "dense"),
        ("unet__up3_attn/value_kernel", "up3_attention.value.weight", "dense"),
        ("unet__up3_attn/value_bias", "up3_attention.value.bias", "same"),
        ("unet__up3_attn/output_kernel", "up3_attention.output.weight", "dense"),
        ("unet__up3_attn/output_bias", "up3_attention.output.bias", "same"),
        ("unet__up2_upconv/kernel", "up2_conv.weight", "conv"),
        ("unet__up2_upconv/bias", "up2_conv.bias", "same"),
        ("unet__up2_norm1/gamma", "up2_norm_1.weight", "same"),
        ("unet__up2_norm1/beta", "up2_norm_1.bias", "same"),
        ("unet__up2_time/kernel", "up2_time.weight", "dense"),
        ("unet__up2_time/bias", "up2_time.bias", "same"),
        ("unet__up2_conv1/kernel", "up2_conv_1.weight", "conv"),
        ("unet__up2_conv1/bias", "up2_conv_1.bias", "same"),
        ("unet__up2_norm2/gamma", "up2_norm_2.weight", "same"),
        ("unet__up2_norm2/beta", "up2_norm_2.bias", "same"),
        ("unet__up2_skip/kernel", "up2_skip_1x1.weight", "conv"),
        ("unet__up2_skip/bias", "up2_skip_1x1.bias", "same"),
        ("unet__up2_conv2/kernel", "up2_conv_2.weight", "conv"),
        ("unet__up2_conv2/bias", "up2_conv_2.bias", "same"),
        ("unet__up1_upconv/kernel", "up1_conv.weight", "conv"),
        ("unet__up1_upconv/bias", "up1_conv.bias", "same"),
        ("unet__up1_norm1/gamma", "up1_norm_1.weight", "same"),
        ("unet__up1_norm1/beta", "up1_norm_1.bias", "same"),
        ("unet__up1_time/kernel", "up1_time.weight", "dense"),
        ("unet__up1_time/bias", "up1_time.bias", "same"),
        ("unet__up1_conv1/kernel", "up1_conv_1.weight", "conv"),
        ("unet__up1_conv1/bias", "up1_conv_1.bias", "same"),
        ("unet__up1_norm2/gamma", "up1_norm_2.weight", "same"),
        ("unet__up1_norm2/beta", "up1_norm_2.bias", "same"),
        ("unet__up1_skip/kernel", "up1_skip_1x1.weight", "conv"),
        ("unet__up1_skip/bias", "up1_skip_1x1.bias", "same"),
        ("unet__up1_conv2/kernel", "up1_conv_2.weight", "conv"),
        ("unet__up1_conv2/bias", "up1_conv_2.bias", "same"),
        ("unet__out_norm/gamma", "out_norm.weight", "same"),
        ("unet__out_norm/beta", "out_norm.bias", "same"),
        ("unet__out_conv/kernel", "out_conv.weight", "conv"),
        ("unet__out_conv/bias", "out_conv.bias", "same"),
    ]

    def __init__(self, rng):
        super().__init__()
        self.time_dense_1 = nn.Linear(32, 128, bias=True)
        self.conv_in = nn.Conv2d(1, 32, 3, padding=1, bias=True)
        self.time_dense_2 = nn.Linear(128, 128, bias=True)
        self.down1_norm_1 = nn.GroupNorm(8, 32, eps=0.00001)
        self.down1_time = nn.Linear(128, 32, bias=True)
        self.down1_conv_1 = nn.Conv2d(32, 32, 3, padding=1, bias=True)
        self.down1_norm_2 = nn.GroupNorm(8, 32, eps=0.00001)
        self.down1_dropout = tl.Dropout(0.1, rng)
        self.down1_conv_2 = nn.Conv2d(32, 32, 3, padding=1, bias=True)
        self.down2_downsample = tl.Conv2dSame(32, 32, 3, stride=2, bias=True)
        self.down2_norm_1 = nn.GroupNorm(8, 32, eps=0.00001)
        self.down2_time = nn.Linear(128, 64, bias=True)
        self.down2_conv_1 = nn.Conv2d(32, 64, 3, padding=1, bias=True)
        self.down2_norm_2 = nn.GroupNorm(8, 64, eps=0.00001)
        self.down2_dropout = tl.Dropout(0.1, rng)
        self.down2_skip_1x1 = nn.Conv2d(32, 64, 1, padding=0, bias=True)
        self.down2_conv_2 = nn.Conv2d(64, 64, 3, padding=1, bias=True)
        self.down3_downsample = tl.Conv2dSame(64, 64, 3, stride=2, bias=True)
        self.down3_norm_1 = nn.GroupNorm(8, 64, eps=0.00001)
        self.down3_time = nn.Linear(128, 64, bias=True)
        self.down3_conv_1 = nn.Conv2d(64, 64, 3, padding=1, bias=True)
        self.down3_norm_2 = nn.GroupNorm(8, 64, eps=0.00001)
        self.down3_dropout = tl.Dropout(0.1, rng)
        self.down3_conv_2 = nn.Conv2d(64, 64, 3, padding=1, bias=True)
        self.down3_attn_norm = nn.GroupNorm(8, 64, eps=0.00001)
        self.down3_attention = tl.SelfAttention2d(64, 1)
        self.mid1_norm_1 = nn.GroupNorm(8, 64, eps=0.00001)
        self.mid1_time = nn.Linear(128, 64, bias=True)
        self.mid1_conv_1 = nn.Conv2d(64, 64, 3, padding=1, bias=True)
        self.mid1_norm_2 = nn.GroupNorm(8, 64, eps=0.00001)
        self.mid1_dropout = tl.Dropout(0.1, rng)
        self.mid1_conv_2 = nn.Conv2d(64, 64, 3, padding=1, bias=True)
        self.mid_attn_norm = nn.GroupNorm(8, 64, eps=0.00001)
        self.mid_attention = tl.SelfAttention2d(64, 1)
        self.mid2_norm_1 = nn.GroupNorm(8, 64, eps=0.00001)
        self.mid2_time = nn.Linear(128, 64, bias=True)
        self.mid2_conv_1 = nn.Conv2d(64, 64, 3, padding=1, bias=True)
        self.mid2_norm_2 = nn.GroupNorm(8, 64, eps=0.00001)
        self.mid2_dropout = tl.Dropout(0.1, rng)
        self.mid2_conv_2 = nn.Conv2d(64, 64, 3, padding=1, bias=True)
        self.up3_norm_1 = nn.GroupNorm(8, 128, eps=0.00001)
        self.up3_time = nn.Linear(128, 64, bias=True)
        self.up3_conv_1 = nn.Conv2d(128, 64, 3, padding=1, bias=True)
        self.up3_norm_2 = nn.GroupNorm(8, 64, eps=0.00001)
        self.up3_dropout = tl.Dropout(0.1, rng)
        self.up3_skip_1x1 = nn.Conv2d(128, 64, 1, padding=0, bias=True)
        self.up3_conv_2 = nn.Conv2d(64, 64, 3, padding=1, bias=True)
        self.up3_attn_norm = nn.GroupNorm(8, 64, eps=0.00001)
        self.up3_attention = tl.SelfAttention2d(64, 1)
        self.up2_conv = nn.Conv2d(64, 64, 3, padding=1, bias=True)
        self.up2_norm_1 = nn.GroupNorm(8, 128, eps=0.00001)
        self.up2_time = nn.Linear(128, 64, bias=True)
        self.up2_conv_1 = nn.Conv2d(128, 64, 3, padding=1, bias=True)
        self.up2_norm_2 = nn.GroupNorm(8, 64, eps=0.00001)
        self.up2_dropout = tl.Dropout(0.1, rng)
        self.up2_skip_1x1 = nn.Conv2d(128, 64, 1, padding=0, bias=True)
        self.up2_conv_2 = nn.Conv2d(64, 64, 3, padding=1, bias=True)
        self.up1_conv = nn.Conv2d(64, 64, 3, padding=1, bias=True)
        self.up1_norm_1 = nn.GroupNorm(8, 96, eps=0.00001)
        self.up1_time = nn.Linear(128, 32, bias=True)
        self.up1_conv_1 = nn.Conv2d(96, 32, 3, padding=1, bias=True)
        self.up1_norm_2 = nn.GroupNorm(8, 32, eps=0.00001)
        self.up1_dropout = tl.Dropout(0.1, rng)
        self.up1_skip_1x1 = nn.Conv2d(96, 32, 1, padding=0, bias=True)
        self.up1_conv_2 = nn.Conv2d(32, 32, 3, padding=1, bias=True)
        self.out_norm = nn.GroupNorm(8, 32, eps=0.00001)
        self.out_conv = nn.Conv2d(32, 1, 3, padding=1, bias=True)

    def forward(self, x, t):
        x = tl.to_channels_first(x)  # [batch, 1, 28, 28]
        time_sinusoids = tl.timestep_embedding(t, 32, 10000)  # [batch, 32]
        time_dense_1 = self.time_dense_1(time_sinusoids)  # [batch, 128]
        time_silu_1 = F.silu(time_dense_1)  # [batch, 128]
        conv_in = self.conv_in(x)  # [batch, 32, 28, 28]
        time_dense_2 = self.time_dense_2(time_silu_1)  # [batch, 128]
        down1_norm_1 = self.down1_norm_1(conv_in)  # [batch, 32, 28, 28]
        time_silu_2 = F.silu(time_dense_2)  # [batch, 128]
        down1_silu_1 = F.silu(down1_norm_1)  # [batch, 32, 28, 28]
        down1_time = self.down1_time(time_silu_2)  # [batch, 32]
        down1_conv_1 = self.down1_conv_1(down1_silu_1)  # [batch, 32, 28, 28]
        down1_time_map = tl.reshape(down1_time, [1, 1, 32])  # [batch, 32, 1, 1]
        down1_add_time = down1_conv_1 + down1_time_map  # [batch, 32, 28, 28]
        down1_norm_2 = self.down1_norm_2(down1_add_time)  # [batch, 32, 28, 28]
        down1_silu_2 = F.silu(down1_norm_2)  # [batch, 32, 28, 28]
        down1_dropout = self.down1_dropout(down1_silu_2)  # [batch, 32, 28, 28]
        down1_conv_2 = self.down1_conv_2(down1_dropout)  # [batch, 32, 28, 28]
        down1_out = down1_conv_2 + conv_in  # [batch, 32, 28, 28]
        down2_downsample = self.down2_downsample(down1_out)  # [batch, 32, 14, 14]
        down2_norm_1 = self.down2_norm_1(down2_downsample)  # [batch, 32, 14, 14]
        down2_time = self.down2_time(time_silu_2)  # [batch, 64]
        down2_silu_1 = F.silu(down2_norm_1)  # [batch, 32, 14, 14]
        down2_time_map = tl.reshape(down2_time, [1, 1, 64])  # [batch, 64, 1, 1]
        down2_conv_1 = self.down2_conv_1(down2_silu_1)  # [batch, 64, 14, 14]
        down2_add_time = down2_conv_1 + down2_time_map  # [batch, 64, 14, 14]
        down2_norm_2 = self.down2_norm_2(down2_add_time)  # [batch, 64, 14, 14]
        down2_silu_2 = F.silu(down2_norm_2)  # [batch, 64, 14, 14]
        down2_dropout = self.down2_dropout(down2_silu_2)  # [batch, 64, 14, 14]
        down2_skip_1x1 = self.down2_skip_1x1(down2_downsample)  # [batch, 64, 14, 14]
        down2_conv_2 = self.down2_conv_2(down2_dropout)  # [batch, 64, 14, 14]
        down2_out = down2_conv_2 + down2_skip_1x1  # [batch, 64, 14, 14]
        down3_downsample = self.down3_downsample(down2_out)  # [batch, 64, 7, 7]
        down3_norm_1 = self.down3_norm_1(down3_downsample)  # [batch, 64, 7, 7]
        down3_time = self.down3_time(time_silu_2)  # [batch, 64]
        down3_silu_1 = F.silu(down3_norm_1)  # [batch, 64, 7, 7]
        down3_time_map = tl.reshape(down3_time, [1, 1, 64])  # [batch, 64, 1, 1]
        down3_conv_1 = self.down3_conv_1(down3_silu_1)  # [batch, 64, 7, 7]
        down3_add_time = down3_conv_1 + down3_time_map  # [batch, 64, 7, 7]
        down3_norm_2 = self.down3_norm_2(down3_add_time)  # [batch, 64, 7, 7]
        down3_silu_2 = F.silu(down3_norm_2)  # [batch, 64, 7, 7]
        down3_dropout = self.down3_dropout(down3_silu_2)  # [batch, 64, 7, 7]
        down3_conv_2 = self.down3_conv_2(down3_dropout)  # [batch, 64, 7, 7]
        down3_out = down3_conv_2 + down3_downsample  # [batch, 64, 7, 7]
        down3_attn_norm = self.down3_attn_norm(down3_out)  # [batch, 64, 7, 7]
        down3_attention = self.down3_attention(down3_attn_norm)  # [batch, 64, 7, 7]
        mid1_norm_1 = self.mid1_norm_1(down3_attention)  # [batch, 64, 7, 7]
        mid1_time = self.mid1_time(time_silu_2)  # [batch, 64]
        mid1_silu_1 = F.silu(mid1_norm_1)  # [batch, 64, 7, 7]
        mid1_time_map = tl.reshape(mid1_time, [1, 1, 64])  # [batch, 64, 1, 1]
        mid1_conv_1 = self.mid1_conv_1(mid1_silu_1)  # [batch, 64, 7, 7]
        mid1_add_time = mid1_conv_1 + mid1_time_map  # [batch, 64, 7, 7]
        mid1_norm_2 = self.mid1_norm_2(mid1_add_time)  # [batch, 64, 7, 7]
        mid1_silu_2 = F.silu(mid1_norm_2)  # [batch, 64, 7, 7]
        mid1_dropout = self.mid1_dropout(mid1_silu_2)  # [batch, 64, 7, 7]
        mid1_conv_2 = self.mid1_conv_2(mid1_dropout)  # [batch, 64, 7, 7]
        mid1_out = mid1_conv_2 + down3_attention  # [batch, 64, 7, 7]
        mid_attn_norm = self.mid_attn_norm(mid1_out)  # [batch, 64, 7, 7]
        mid_attention = self.mid_attention(mid_attn_norm)  # [batch, 64, 7, 7]
        mid2_norm_1 = self.mid2_norm_1(mid_attention)  # [batch, 64, 7, 7]
        mid2_time = self.mid2_time(time_silu_2)  # [batch, 64]
        mid2_silu_1 = F.silu(mid2_norm_1)  # [batch, 64, 7, 7]
        mid2_time_map = tl.reshape(mid2_time, [1, 1, 64])  # [batch, 64, 1, 1]
        mid2_conv_1 = self.mid2_conv_1(mid2_silu_1)  # [batch, 64, 7, 7]
        mid2_add_time = mid2_conv_1 + mid2_time_map  # [batch, 64, 7, 7]
        mid2_norm_2 = self.mid2_norm_2(mid2_add_time)  # [batch, 64, 7, 7]
        mid2_silu_2 = F.silu(mid2_norm_2)  # [batch, 64, 7, 7]
        mid2_dropout = self.mid2_dropout(mid2_silu_2)  # [batch, 64, 7, 7]
        mid2_conv_2 = self.mid2_conv_2(mid2_dropout)  # [batch, 64, 7, 7]
        mid2_out = mid2_conv_2 + mid_attention  # [batch, 64, 7, 7]
        up3_concat = torch.cat([mid2_out, down3_attention], 1)  # [batch, 128, 7, 7]
        up3_norm_1 = self.up3_norm_1(up3_concat)  # [batch, 128, 7, 7]
        up3_time = self.up3_time(time_silu_2)  # [batch, 64]
        up3_silu_1 = F.silu(up3_norm_1)  # [batch, 128, 7, 7]
        up3_time_map = tl.reshape(up3_time, [1, 1, 64])  # [batch, 64, 1, 1]
        up3_conv_1 = self.up3_conv_1(up3_silu_1)  # [batch, 64, 7, 7]
        up3_add_time = up3_conv_1 + up3_time_map  # [batch, 64, 7, 7]
        up3_norm_2 = self.up3_norm_2(up3_add_time)  # [batch, 64, 7, 7]
        up3_silu_2 = F.silu(up3_norm_2)  # [batch, 64, 7, 7]
        up3_dropout = self.up3_dropout(up3_silu_2)  # [batch, 64, 7, 7]
        up3_skip_1x1 = self.up3_skip_1x1(up3_concat)  # [batch, 64, 7, 7]
        up3_conv_2 = self.up3_conv_2(up3_dropout)  # [batch, 64, 7, 7]
        up3_out = up3_conv_2 + up3_skip_1x1  # [batch, 64, 7, 7]
        up3_attn_norm = self.up3_attn_norm(up3_out)  # [batch, 64, 7, 7]
        up3_attention = self.up3_attention(up3_attn_norm)  # [batch, 64, 7, 7]
        up2_upsample = F.interpolate(up3_attention, scale_factor=2, mode="nearest")  # [batch, 64, 14, 14]
        up2_conv = self.up2_conv(up2_upsample)  # [batch, 64, 14, 14]
        up2_concat = torch.cat([up2_conv, down2_out], 1)  # [batch, 128, 14, 14]
        up2_norm_1 = self.up2_norm_1(up2_concat)  # [batch, 128, 14, 14]
        up2_time = self.up2_time(time_silu_2)  # [batch, 64]
        up2_silu_1 = F.silu(up2_norm_1)  # [batch, 128, 14, 14]
        up2_time_map = tl.reshape(up2_time, [1, 1, 64])  # [batch, 64, 1, 1]
        up2_conv_1 = self.up2_conv_1(up2_silu_1)  # [batch, 64, 14, 14]
        up2_add_time = up2_conv_1 + up2_time_map  # [batch, 64, 14, 14]
        up2_norm_2 = self.up2_norm_2(up2_add_time)  # [batch, 64, 14, 14]
        up2_silu_2 = F.silu(up2_norm_2)  # [batch, 64, 14, 14]
        up2_dropout = self.up2_dropout(up2_silu_2)  # [batch, 64, 14, 14]
        up2_skip_1x1 = self.up2_skip_1x1(up2_concat)  # [batch, 64, 14, 14]
        up2_conv_2 = self.up2_conv_2(up2_dropout)  # [batch, 64, 14, 14]
        up2_out = up2_conv_2 + up2_skip_1x1  # [batch, 64, 14, 14]
        up1_upsample = F.interpolate(up2_out, scale_factor=2, mode="nearest")  # [batch, 64, 28, 28]
        up1_conv = self.up1_conv(up1_upsample)  # [batch, 64, 28, 28]
        up1_concat = torch.cat([up1_conv, down1_out], 1)  # [batch, 96, 28, 28]
        up1_norm_1 = self.up1_norm_1(up1_concat)  # [batch, 96, 28, 28]
        up1_time = self.up1_time(time_silu_2)  # [batch, 32]
        up1_silu_1 = F.silu(up1_norm_1)  # [batch, 96, 28, 28]
        up1_time_map = tl.reshape(up1_time, [1, 1, 32])  # [batch, 32, 1, 1]
        up1_conv_1 = self.up1_conv_1(up1_silu_1)  # [batch, 32, 28, 28]
        up1_add_time = up1_conv_1 + up1_time_map  # [batch, 32, 28, 28]
        up1_norm_2 = self.up1_norm_2(up1_add_time)  # [batch, 32, 28, 28]
        up1_silu_2 = F.silu(up1_norm_2)  # [batch, 32, 28, 28]
        up1_dropout = self.up1_dropout(up1_silu_2)  # [batch, 32, 28, 28]
        up1_skip_1x1 = self.up1_skip_1x1(up1_concat)  # [batch, 32, 28, 28]
        up1_conv_2 = self.up1_conv_2(up1_dropout)  # [batch, 32, 28, 28]
        up1_out = up1_conv_2 + up1_skip_1x1  # [batch, 32, 28, 28]
        out_norm = self.out_norm(up1_out)  # [batch, 32, 28, 28]
        out_silu = F.silu(out_norm)  # [batch, 32, 28, 28]
        out_conv = self.out_conv(out_silu)  # [batch, 1, 28, 28]
        return tl.to_channels_last(out_conv)


# the models by their ids in the graph
MODELS = {"unet": Unet}
