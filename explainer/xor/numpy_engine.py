"""The XOR trainer's NumPy engine: the fallback where numba is missing, and a second oracle in the tests.

An epoch is a few preallocated, in-place array calls (about 34 for the lecture's net), batched over K
initialisations with (K, ...) stacks: ~27 us per epoch on the development machine, nearly all of it call
overhead. Tricks that keep the call count low, all exact rewrites of the same maths:
- bias folded into the weights: every layer is one matrix [W | b] times the activations with a row of ones;
- activations are stored feature-major, (K, features, 4 samples), so the "activations" part of that augmented
  buffer is contiguous and activation functions write into it directly;
- sigmoid layers keep their parameters negated, so `exp(P @ A)` is exp(-z) with no extra negation, and signs
  are chosen so that every layer's SGD step is the same `params -= lr * grads` over one flat buffer;
- the output pre-activation of every epoch is written straight into a history buffer.
"""

from __future__ import annotations

import numpy as np


def train_arrays(net, params0: list[np.ndarray], lr: float, epochs: int, schedule: np.ndarray,
                 points: np.ndarray, targets: np.ndarray):
    """Train K nets (params0: per layer (K, out, in + 1)) on `points` (4, 2) with 0/1 `targets` (4,).

    Returns the output's z per epoch (K, epochs, 4), snapshots per layer (S, K, out, in + 1) and the final
    parameters per layer (K, out, in + 1).
    """
    k = params0[0].shape[0]
    with np.errstate(over="ignore"):  # exp(-z) may overflow to inf for a saturated unit: sigmoid is then 0
        history, snapshot_flat, flat, layout = _sgd(net, params0, lr, epochs, schedule, points, targets)
    signs = _param_signs(net)
    snapshots = [snapshot_flat[:, offset:offset + size].reshape(len(schedule), k, *shape) * sign
                 for (offset, size, shape), sign in zip(layout, signs, strict=True)]
    final = [flat[offset:offset + size].reshape(k, *shape) * sign
             for (offset, size, shape), sign in zip(layout, signs, strict=True)]
    out_z = -history[:, :, 0, :].transpose(1, 0, 2)  # the history holds -z of the output: (epochs, K, 1, 4)
    return out_z, snapshots, final


def _param_signs(net) -> list[float]:
    # Sigmoid layers keep -[W | b] so that exp(P @ A) = exp(-z); tanh and ReLU keep +[W | b].
    return [-1.0 if act == "sigmoid" else 1.0 for act in net.layer_activations()]


def _sgd(net, params0: list[np.ndarray], lr: float, epochs: int, schedule: np.ndarray, points, targets):
    k = params0[0].shape[0]
    n_layers = len(params0)
    activations = net.layer_activations()
    signs = _param_signs(net)
    n_samples = points.shape[0]

    # One flat buffer for all parameters and one for all gradients, so the SGD step is a single call.
    layout, offset = [], 0
    for p in params0:
        shape = p.shape[1:]
        size = k * shape[0] * shape[1]
        layout.append((offset, size, shape))
        offset += size
    flat = np.empty(offset)
    grad_flat = np.empty(offset)
    params, grads = [], []
    for p, (off, size, shape), sign in zip(params0, layout, signs, strict=True):
        view = flat[off:off + size].reshape(k, *shape)
        view[...] = p * sign
        params.append(view)
        grads.append(grad_flat[off:off + size].reshape(k, *shape))
    weights_t = [np.swapaxes(p[:, :, :-1], 1, 2) for p in params]  # (K, in, out) views, follow the updates
    # The first layer sees the same four inputs for every k: one (K*out, 3) GEMM instead of K small ones.
    first_params = params[0].reshape(-1, 3)
    first_grads = grads[0].reshape(-1, 3)

    # Activations with a row of ones (the bias input) below them: (K, units + 1, 4 samples).
    inputs = np.ones((3, n_samples))
    inputs[:2, :] = points.T
    inputs_t = inputs.T.copy()
    augmented = [inputs] + [np.ones((k, size + 1, n_samples)) for size in net.sizes[1:-1]]
    augmented_t = [np.swapaxes(a, -1, -2) for a in augmented]
    acts = [None] + [a[:, :-1, :] for a in augmented[1:]]  # the activation rows, written in place
    pre = [np.empty((k, size, n_samples)) for size in net.sizes[1:-1]]
    first_pre = pre[0].reshape(-1, n_samples) if pre else None
    deriv = [np.empty_like(z) for z in pre]
    delta = [np.empty((k, size, n_samples)) for size in net.sizes[1:]]
    first_delta = delta[0].reshape(-1, n_samples)
    history = np.empty((epochs, k, 1, n_samples))
    exp_out = np.empty((k, 1, n_samples))
    step = lr / n_samples  # BCE is a mean over the 4 samples; the learning rate rides along in the deltas
    step_targets = step * targets[None, None, :]
    snapshot_flat = np.empty((len(schedule), offset))
    wanted = {int(e): i for i, e in enumerate(schedule)}

    # Positional `out` arguments below: keyword parsing alone costs ~0.1 us per call, ~10% of an epoch.
    matmul, exp, add, subtract, multiply = np.matmul, np.exp, np.add, np.subtract, np.multiply
    divide, reciprocal, tanh, maximum, sign_of = np.divide, np.reciprocal, np.tanh, np.maximum, np.sign
    hidden = list(range(n_layers - 1))
    backward = list(range(n_layers - 1, 0, -1))
    last = n_layers - 1
    for epoch in range(epochs):
        if epoch in wanted:
            snapshot_flat[wanted[epoch]] = flat
        for i in hidden:
            z = pre[i]
            if i:
                matmul(params[i], augmented[i], z)
            else:
                matmul(first_params, inputs, first_pre)
            act = activations[i]
            if act == "sigmoid":  # z holds -Wx-b: a = 1 / (1 + exp(-(Wx+b)))
                exp(z, z)
                add(z, 1.0, z)
                reciprocal(z, acts[i + 1])
            elif act == "tanh":
                tanh(z, acts[i + 1])
            else:
                maximum(z, 0.0, out=acts[i + 1])  # np.maximum wants `out` by keyword
        out = history[epoch]
        if last:
            matmul(params[last], augmented[last], out)  # -z of the output layer
        else:
            matmul(first_params, inputs, out.reshape(-1, n_samples))
        exp(out, exp_out)
        add(exp_out, 1.0, exp_out)
        d = delta[last]
        divide(step, exp_out, d)  # step * sigmoid(z)
        subtract(step_targets, d, d)  # -(step * dBCE/dz), sign matching the negated output parameters
        if last:
            matmul(d, augmented_t[last], grads[last])
        else:
            matmul(d.reshape(-1, n_samples), inputs_t, first_grads)
        for i in backward:
            below = delta[i - 1]
            matmul(weights_t[i], d, below)
            a = acts[i]
            g = deriv[i - 1]
            act = activations[i - 1]
            if act == "sigmoid":  # -sigmoid'(z) = a^2 - a: keeps the sign convention of negated parameters
                multiply(a, a, g)
                subtract(g, a, g)
            elif act == "tanh":
                multiply(a, a, g)
                subtract(1.0, g, g)
            else:
                sign_of(a, g)
            multiply(below, g, below)
            if i > 1:
                matmul(below, augmented_t[i - 1], grads[i - 1])
            else:
                matmul(first_delta, inputs_t, first_grads)
            d = below
        subtract(flat, grad_flat, flat)
    if epochs in wanted:
        snapshot_flat[wanted[epochs]] = flat
    return history, snapshot_flat, flat, layout
