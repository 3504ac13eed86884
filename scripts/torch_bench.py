#!/usr/bin/env python3
"""The end-to-end training benchmark of ./backprop bench, in PyTorch, for a same-sitting baseline.

Trains N1, N2 or N3 (the table in backprop-cli's dev.backprop.cli.bench.BenchConfig) on
Fashion-MNIST with the same networks, losses, optimizers and batch sizes, float32 on the CPU, and
prints training samples per second (median over the epochs after the first) and test accuracy.

    /usr/bin/python3 scripts/torch_bench.py N1 --epochs 5 --threads 2

Needs PyTorch (Debian: apt-get install python3-torch) and the dataset-fashion-mnist package.
"""
import argparse
import gzip
import statistics
import time

import numpy as np
import torch

DATA = "/usr/share/datasets/fashion-mnist"


def idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(prefix):
    x = idx(f"{DATA}/{prefix}-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255.0
    y = idx(f"{DATA}/{prefix}-labels-idx1-ubyte.gz").astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


def model(name):
    if name == "N1":
        net = torch.nn.Sequential(torch.nn.Linear(784, 30), torch.nn.Sigmoid(), torch.nn.Linear(30, 10),
                                  torch.nn.Sigmoid())
        # the seed's E = 1/2 sum (a - y)^2, stepped on the batch mean: mean over cases of the per-case sum
        loss = lambda out, y: 0.5 * ((out - torch.nn.functional.one_hot(y, 10).float()) ** 2).sum() / len(y)
        return net, loss, torch.optim.SGD(net.parameters(), lr=3.0), 10
    if name == "N2":
        net = torch.nn.Sequential(torch.nn.Linear(784, 1024), torch.nn.Sigmoid(), torch.nn.Linear(1024, 1024),
                                  torch.nn.Sigmoid(), torch.nn.Linear(1024, 10))
        return net, torch.nn.CrossEntropyLoss(), torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9), 128
    if name == "N3":
        net = torch.nn.Sequential(torch.nn.Linear(784, 100), torch.nn.Sigmoid(), torch.nn.Linear(100, 10),
                                  torch.nn.Sigmoid())
        loss = lambda out, y: 0.5 * ((out - torch.nn.functional.one_hot(y, 10).float()) ** 2).sum()
        return net, loss, torch.optim.SGD(net.parameters(), lr=0.1), 1
    raise SystemExit(f"unknown configuration {name}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("config")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    xtr, ytr = load("train")
    xte, yte = load("t10k")
    net, loss_fn, opt, batch = model(a.config)
    rates = []
    for epoch in range(a.epochs):
        perm = torch.randperm(len(xtr))
        start = time.perf_counter()
        for i in range(0, len(xtr), batch):
            idx_ = perm[i:i + batch]
            opt.zero_grad()
            loss = loss_fn(net(xtr[idx_]), ytr[idx_])
            loss.backward()
            opt.step()
        sec = time.perf_counter() - start
        rates.append(len(xtr) / sec)
        print(f"epoch {epoch + 1}: {sec:.2f} s, {rates[-1]:.0f} samples/s", flush=True)
    with torch.no_grad():
        acc = (net(xte).argmax(1) == yte).float().mean().item()
    print(f"{a.config} torch {torch.__version__}, {a.threads} threads: "
          f"{statistics.median(rates[1:] if len(rates) > 1 else rates):.0f} samples/s (median of epochs 2..{a.epochs}), "
          f"test accuracy {acc:.4f}")


if __name__ == "__main__":
    main()
