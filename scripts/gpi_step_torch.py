#!/usr/bin/env python3
"""The GPI update of `./jbang bench` in PyTorch, for `./jbang bench --against-pytorch`.

A random-weight torchvision ResNet (eval mode, no weight gradients), the reference Kanizsa update:
IncreaseConfidence with cross-entropy (soft labels 1/k on the k = classes/10 least likely classes
at x_0), g = dLoss/dx, x <- x + step * g / (||g||_2 + 1e-10) + noise * N(0, I), the eps box around
x_0, clip to [0, 1]. One step per line of output, timed with perf_counter (a step includes drawing
its noise, as the Java step does).

Protocol (bench.java runs it as a subprocess, so that its rounds interleave with Java's):
  prints      "ready torch=<version> torchvision=<version> threads=<n> batch=<b>"
  reads       "run N"   -> prints N lines "step_ms <milliseconds>", then "round_done"
  reads       "quit" or end of input -> exits
The image is the one Java uses: --image FILE holds size*size*3 float32 little-endian values (HWC).
With --job STEPS it runs STEPS steps of the whole batch at once and prints "job_seconds <s>" (from
building the model to the last step, as `bench --real-job` times the Java side), then exits.
With --profile STEPS it runs 3 untimed steps, then STEPS steps under torch.profiler, prints the op
table (self CPU time per op, summed over the steps) between "profile_begin" and "profile_end", then exits.
"""
import argparse
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
import torchvision


LAYERS = {18: [2, 2, 2, 2], 34: [3, 4, 6, 3], 50: [3, 4, 6, 3], 101: [3, 4, 23, 3], 152: [3, 8, 36, 3]}


def scaled_resnet(depth, width, classes=1000):
    """torchvision's ResNet layout with stages of width, 2, 4 and 8 x width channels (times the block's
    expansion), as the workbench's ResNetSpec builds it; torchvision's own class fixes width at 64."""
    from torch import nn
    from torchvision.models.resnet import BasicBlock, Bottleneck, conv1x1

    block = BasicBlock if depth < 50 else Bottleneck
    stem = [nn.Conv2d(3, width, 7, 2, 3, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, 1)]
    stages, inplanes = [], width
    for i, n in enumerate(LAYERS[depth]):
        planes, stride = width << i, 1 if i == 0 else 2
        blocks = []
        for j in range(n):
            s = stride if j == 0 else 1
            down = None
            if s != 1 or inplanes != planes * block.expansion:
                down = nn.Sequential(conv1x1(inplanes, planes * block.expansion, s), nn.BatchNorm2d(planes * block.expansion))
            blocks.append(block(inplanes, planes, s, down))
            inplanes = planes * block.expansion
        stages.append(nn.Sequential(*blocks))
    return nn.Sequential(*stem, *stages, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(inplanes, classes))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, required=True, help="torch.set_num_threads (match Java's --threads)")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--depth", type=int, default=50, choices=[18, 34, 50, 101, 152])
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--width", type=int, default=64, help="first stage's channels (64: torchvision's own ResNet)")
    p.add_argument("--image", help="size*size*3 float32 values, HWC, in [0,1] (default: mid grey)")
    p.add_argument("--step-size", type=float, default=0.5)
    p.add_argument("--eps", type=float, default=5.0)
    p.add_argument("--noise", type=float, default=0.003)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--job", type=int, default=0, help="run this many steps non-interactively and print job_seconds")
    p.add_argument("--profile", type=int, default=0, help="profile this many steps and print torch.profiler's op table")
    a = p.parse_args()
    if a.threads < 1 or a.batch < 1 or a.width < 1:
        print("gpi_step_torch.py: --threads, --batch and --width must be at least 1", file=sys.stderr)
        return 2

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)
    job_start = time.perf_counter()
    if a.width == 64:
        model = getattr(torchvision.models, "resnet%d" % a.depth)(weights=None).eval()
    else:
        model = scaled_resnet(a.depth, a.width).eval()
    for q in model.parameters():
        q.requires_grad_(False)

    if a.image:
        img = np.fromfile(a.image, dtype="<f4").reshape(a.size, a.size, 3)
        x0 = torch.from_numpy(img.copy()).permute(2, 0, 1).unsqueeze(0)
    else:
        x0 = torch.full((1, 3, a.size, a.size), 0.5)
    x0 = x0.repeat(a.batch, 1, 1, 1).contiguous()

    with torch.no_grad():
        z0 = model(x0)
    classes = z0.shape[1]
    k = max(1, classes // 10)
    target = torch.zeros_like(z0).scatter_(1, z0.topk(k, dim=1, largest=False).indices, 1.0 / k)
    gen = torch.Generator().manual_seed(a.seed)

    def step(x):
        x = x.detach().requires_grad_(True)
        loss = -(target * F.log_softmax(model(x), dim=1)).sum(dim=1)  # mean CE over the k classes, per sample
        (g,) = torch.autograd.grad(loss.sum(), x)
        norm = g.flatten(1).norm(dim=1).view(-1, 1, 1, 1)
        with torch.no_grad():
            x = x + a.step_size * g / (norm + 1e-10) + a.noise * torch.randn(x.shape, generator=gen)
            x = torch.clamp(x - x0, -a.eps, a.eps) + x0
            return torch.clamp(x, 0.0, 1.0)

    if a.profile > 0:
        x = x0.clone()
        for _ in range(3):
            x = step(x)
        from torch.profiler import ProfilerActivity, profile
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            for _ in range(a.profile):
                x = step(x)
        print("profile_begin", flush=True)
        print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=15), flush=True)
        print("profile_end", flush=True)
        return 0

    if a.job > 0:
        x = x0.clone()
        for _ in range(a.job):
            x = step(x)
        print("job_seconds %.3f" % (time.perf_counter() - job_start), flush=True)
        return 0

    print("ready torch=%s torchvision=%s threads=%d batch=%d" % (torch.__version__, torchvision.__version__,
                                                                torch.get_num_threads(), a.batch), flush=True)
    x = x0.clone()
    for line in sys.stdin:
        cmd = line.split()
        if not cmd or cmd[0] == "quit":
            break
        if cmd[0] != "run" or len(cmd) != 2 or not cmd[1].isdigit():
            print("error unknown command: %s" % line.strip(), flush=True)
            continue
        for _ in range(int(cmd[1])):
            t0 = time.perf_counter()
            x = step(x)
            print("step_ms %.3f" % ((time.perf_counter() - t0) * 1e3), flush=True)
        print("round_done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
