"""Which device trains: the GPU when there is one, otherwise the CPU."""

from __future__ import annotations

import os

import torch


def default_device() -> torch.device:
    """CUDA when available unless EXPLAINER_DEVICE says otherwise ('cpu' or 'cuda')."""
    wanted = os.environ.get("EXPLAINER_DEVICE", "").strip().lower()
    if wanted == "cpu":
        return torch.device("cpu")
    if torch.cuda.is_available():
        return torch.device("cuda")
    return torch.device("cpu")


def device_name(device: torch.device | str | None = None) -> str:
    """'CPU (2 threads)' or the GPU's marketing name, for the sidebar and stored results."""
    device = torch.device(device) if device is not None else default_device()
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    threads = torch.get_num_threads()
    return f"CPU ({threads} thread{'' if threads == 1 else 's'})"
