#!/usr/bin/env python3
"""Reads a Backprop model file (safetensors) with json and NumPy only, as an independent check.

Usage: read_model.py MODEL_FILE

Prints one JSON object: {"metadata": {...}, "tensors": {name: {"shape": [...], "bits": [...]}}}
where "bits" are the float32 values as unsigned 32-bit integers (exact, for comparison).
Exits non-zero if the file breaks the safetensors layout rules.
"""
import json
import struct
import sys

import numpy as np


def main(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    meta = header.pop("__metadata__", {})
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in meta.items())
    spans = sorted((t["data_offsets"][0], t["data_offsets"][1], name) for name, t in header.items())
    pos = 0
    for begin, end, name in spans:
        assert begin == pos, f"{name}: begins at {begin}, expected {pos}"
        pos = end
    assert pos == len(data), f"data is {len(data)} bytes, tensors cover {pos}"
    out = {"metadata": meta, "tensors": {}}
    for name, t in header.items():
        assert t["dtype"] == "F32"
        begin, end = t["data_offsets"]
        a = np.frombuffer(data[begin:end], dtype="<f4").reshape(t["shape"])
        out["tensors"][name] = {"shape": list(a.shape), "bits": [int(x) for x in a.view("<u4").ravel()]}
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
