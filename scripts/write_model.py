#!/usr/bin/env python3
"""Writes a Backprop model file (safetensors) from NumPy arrays, with json, struct and NumPy only.

Use it to hand another tool's weights to Backprop, e.g. the initial weights of a PyTorch run, so
that `backprop train --init FILE --no-shuffle` starts from the same point (see replay_torch.py).

  from write_model import write_model
  write_model("init.safetensors", [W1, W2], [b1, b2], ["sigmoid", "sigmoid"], "squared_error",
              class_names=["0", "1", "2"])

W_i has shape [units, inputs] (the seed's orientation: W[d][s] = w_ds). No scaling is stored
("scaler": "none"); train with --scale none to use the weights on the raw inputs.

As a command, `write_model.py OUT SIZES ACTIVATIONS LOSS SEED` writes a network with weights
drawn by NumPy (uniform ±0.5) and prints nothing: e.g. `write_model.py init.safetensors 4,8,3
sigmoid,sigmoid squared_error 7`.
"""
import json
import struct
import sys

import numpy as np


def write_model(path, weights, biases, activations, loss, class_names=(), seed=0):
    assert len(weights) == len(biases) == len(activations)
    sizes = [weights[0].shape[1]] + [w.shape[0] for w in weights]
    meta = {
        "format_version": "1",
        "architecture": ",".join(str(s) for s in sizes),
        "activations": ",".join(activations),
        "loss": loss,
        "scaler": "none",
        "class_names": json.dumps(list(class_names)),
        "seed": str(seed),
        "training.source": "scripts/write_model.py",
    }
    header = {"__metadata__": meta}
    blobs = []
    at = 0
    for i, (w, b) in enumerate(zip(weights, biases)):
        w = np.ascontiguousarray(w, dtype="<f4")
        b = np.ascontiguousarray(b, dtype="<f4")
        assert w.shape == (sizes[i + 1], sizes[i]) and b.shape == (sizes[i + 1],)
        for name, a in ((f"layers.{i}.W", w), (f"layers.{i}.b", b)):
            header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [at, at + a.nbytes]}
            blobs.append(a.tobytes())
            at += a.nbytes
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


if __name__ == "__main__":
    out, sizes, acts, loss, seed = sys.argv[1:6]
    sizes = [int(s) for s in sizes.split(",")]
    rng = np.random.default_rng(int(seed))
    W = [rng.uniform(-0.5, 0.5, (sizes[i + 1], sizes[i])) for i in range(len(sizes) - 1)]
    b = [rng.uniform(-0.5, 0.5, sizes[i + 1]) for i in range(len(sizes) - 1)]
    names = [str(k) for k in range(sizes[-1])] if loss != "mean_squared_error" else []
    write_model(out, W, b, acts.split(","), loss, names, int(seed))
