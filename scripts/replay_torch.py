#!/usr/bin/env python3
"""Replays `backprop train --init INIT --no-shuffle` in PyTorch, step by step, and compares.

An independent implementation of the same run: PyTorch autograd in float64 (or float32 with
--float32), the same initial weights (read from INIT with NumPy), the cases in file order, plain
gradient descent on the batch mean. Prints each epoch's mean training loss beside Backprop's (from
its --log-json file) and the largest difference between the final weights and Backprop's model.

Usage:
  replay_torch.py --data iris.csv --skip-lines 1 --init init.safetensors --trained model.safetensors \
      --log log.jsonl --eta 0.1 --batch-size 10 --epochs 5 --loss squared_error
The CSV has no header, the class label in the last column (sorted like Backprop: numbers by value).
"""
import argparse
import csv
import json
import struct

import numpy as np
import torch


def read_model(path):
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    data = raw[8 + n:]
    t = {}
    for name, v in header.items():
        b, e = v["data_offsets"]
        t[name] = np.frombuffer(data[b:e], dtype="<f4").reshape(v["shape"]).copy()
    return meta, t


def main():
    ap = argparse.ArgumentParser()
    for a in ("--data", "--init", "--trained", "--log"):
        ap.add_argument(a, required=True)
    ap.add_argument("--skip-lines", type=int, default=0)
    ap.add_argument("--eta", type=float, required=True)
    ap.add_argument("--batch-size", type=int, required=True)
    ap.add_argument("--epochs", type=int, required=True)
    ap.add_argument("--loss", default="squared_error", choices=["squared_error", "softmax_cross_entropy"])
    ap.add_argument("--float32", action="store_true")
    args = ap.parse_args()
    dtype = torch.float32 if args.float32 else torch.float64

    rows = list(csv.reader(open(args.data)))[args.skip_lines:]
    x = np.array([[float(v) for v in r[:-1]] for r in rows], dtype=np.float32)
    labels = [r[-1] for r in rows]
    names = sorted(set(labels), key=lambda s: (0, float(s), "") if s.replace(".", "", 1).lstrip("-").isdigit() else (1, 0, s))
    y = np.zeros((len(rows), len(names)), dtype=np.float32)
    for i, s in enumerate(labels):
        y[i, names.index(s)] = 1

    meta, t0 = read_model(args.init)
    acts = meta["activations"].split(",")
    layers = len(acts)
    W = [torch.tensor(t0[f"layers.{i}.W"], dtype=dtype, requires_grad=True) for i in range(layers)]
    b = [torch.tensor(t0[f"layers.{i}.b"], dtype=dtype, requires_grad=True) for i in range(layers)]
    X = torch.tensor(x, dtype=dtype)
    Y = torch.tensor(y, dtype=dtype)

    def forward(a):
        for i in range(layers):
            z = a @ W[i].T + b[i]                      # z^l = W^l a^(l-1) + b^l, one case per row
            a = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
                 "identity": lambda v: v, "softmax": lambda v: torch.softmax(v, dim=1)}[acts[i]](z)
        return a

    def error(a, yy):                                   # E summed over the cases
        if args.loss == "squared_error":
            return 0.5 * ((a - yy) ** 2).sum()
        return -(yy * torch.log(a)).sum()

    ours = []
    for e in range(args.epochs):
        total = 0.0
        for s in range(0, len(x), args.batch_size):
            xb, yb = X[s:s + args.batch_size], Y[s:s + args.batch_size]
            E = error(forward(xb), yb)
            total += E.item()
            for p in W + b:
                p.grad = None
            E.backward()
            with torch.no_grad():
                for p in W + b:
                    p -= args.eta / len(xb) * p.grad   # w <- w - (eta/m) sum_c dE_c/dw
        ours.append(total / len(x))

    theirs = [json.loads(l)["train_loss"] for l in open(args.log) if '"event":"epoch"' in l]
    print("epoch   PyTorch loss        Backprop loss       relative difference")
    for e, (a, c) in enumerate(zip(ours, theirs)):
        print(f"{e + 1:5d}   {a:.12f}   {c:.12f}   {abs(a - c) / abs(a):.2e}")
    _, t1 = read_model(args.trained)
    worst = 0.0
    biggest = 0.0
    for i in range(layers):
        for name, p in ((f"layers.{i}.W", W[i]), (f"layers.{i}.b", b[i])):
            worst = max(worst, float(np.max(np.abs(t1[name] - p.detach().numpy()))))
            biggest = max(biggest, float(np.max(np.abs(p.detach().numpy()))))
    print(f"final weights: largest |Backprop - PyTorch| = {worst:.3e} (largest |w| = {biggest:.3f}, "
          f"relative {worst / biggest:.2e})")


if __name__ == "__main__":
    main()
