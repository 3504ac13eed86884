#!/usr/bin/env python3
"""Writes gradients of E computed by PyTorch autograd in float64, as an independent oracle.

For a fixed set of networks (the seed's Figure 1 network and random networks for every
activation x loss pair) it draws float32 weights, inputs and targets, computes E summed over the
cases as the seed does, and its gradient with respect to every W^l and b^l, all in float64.
The Java test dev.backprop.nn.TorchGradientsTest reads the file and compares Backprop's double
reference (to 1e-9) and its float32 path against these numbers.

    /usr/bin/python3 scripts/torch_gradients.py \
        > backprop-core/src/test/resources/dev/backprop/torch-gradients.txt

Needs PyTorch (Debian: apt-get install python3-torch) and NumPy.
"""
import numpy as np
import torch

torch.set_default_dtype(torch.float64)

ACTS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    # The slope float32(0.1), named by the double it is: Backprop's reference uses that double and
    # its float32 kernels the same value, so both meet this oracle on the same slope.
    "leaky_relu(0.10000000149011612)": lambda z: torch.nn.functional.leaky_relu(z, float(np.float32(0.1))),
    "softmax": lambda z: torch.softmax(z, dim=1),
    "identity": lambda z: z,
}


def error(loss, z, a, y):
    """E summed over cases; rows of z, a, y are cases."""
    if loss == "squared_error":
        return 0.5 * ((a - y) ** 2).sum()
    if loss == "mean_squared_error":
        return ((a - y) ** 2).mean(dim=1).sum()
    if loss == "softmax_cross_entropy":
        return -(y * torch.log_softmax(z, dim=1)).sum()
    if loss == "binary_cross_entropy":
        return torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction="sum")
    raise ValueError(loss)


def case(name, sizes, acts, loss, cases, rng):
    Ws = [torch.tensor(rng.uniform(-1, 1, (sizes[i + 1], sizes[i])).astype(np.float32).astype(np.float64),
                       requires_grad=True) for i in range(len(sizes) - 1)]
    bs = [torch.tensor(rng.uniform(-1, 1, sizes[i + 1]).astype(np.float32).astype(np.float64),
                       requires_grad=True) for i in range(len(sizes) - 1)]
    x = rng.uniform(-1, 1, (cases, sizes[0])).astype(np.float32).astype(np.float64)
    n = sizes[-1]
    if loss == "softmax_cross_entropy":
        y = np.eye(n)[rng.integers(0, n, cases)]
    elif loss == "binary_cross_entropy":
        y = rng.integers(0, 2, (cases, n)).astype(np.float64)
    else:
        y = rng.uniform(0, 1, (cases, n)).astype(np.float32).astype(np.float64)
    a = torch.tensor(x)
    z = None
    for W, b, act in zip(Ws, bs, acts):
        z = a @ W.T + b           # rows are cases: z^T = a^T W^T + b^T
        a = ACTS[act](z)
    E = error(loss, z, a, torch.tensor(y))
    E.backward()
    params = np.concatenate([np.concatenate([W.detach().numpy().ravel(), b.detach().numpy()])
                             for W, b in zip(Ws, bs)])
    grads = np.concatenate([np.concatenate([W.grad.numpy().ravel(), b.grad.numpy()]) for W, b in zip(Ws, bs)])
    fmt = lambda v: " ".join(repr(float(t)) for t in np.ravel(v))
    print("case", name)
    print("sizes", " ".join(map(str, sizes)))
    print("activations", " ".join(acts))
    print("loss", loss)
    print("cases", cases)
    print("x", fmt(x))
    print("y", fmt(y))
    print("params", fmt(params))
    print("E", repr(float(E)))
    print("grad", fmt(grads))
    print("end")


def main():
    rng = np.random.default_rng(1986)
    print("# E and dE/dparams from PyTorch", torch.__version__, "autograd in float64; see scripts/torch_gradients.py")
    case("figure1", [3, 4, 3, 4], ["sigmoid"] * 3, "squared_error", 1, rng)
    case("figure1-batch", [3, 4, 3, 4], ["sigmoid"] * 3, "squared_error", 8, rng)
    pairs = [(a, l) for a in ACTS for l in ("squared_error", "mean_squared_error")]
    pairs += [("softmax", "softmax_cross_entropy"), ("sigmoid", "binary_cross_entropy")]
    hidden = list(ACTS)
    for k, (out, loss) in enumerate(pairs):
        depth = 1 + k % 3
        sizes = [int(s) for s in rng.integers(1, 12, depth + 1)] + [int(rng.integers(2, 8))]
        acts = [hidden[(k + i) % len(hidden)] for i in range(depth)] + [out]
        case(f"{out}+{loss}", sizes, acts, loss, int(rng.integers(1, 20)), rng)


if __name__ == "__main__":
    main()
