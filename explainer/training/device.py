"""Which device trains: the GPU when there is one, otherwise the CPU."""

from __future__ import annotations

import os

import torch

IDLE_LOAD = 0.5  # 1-minute load average below which a two-core machine counts as otherwise idle


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
    threads = cpu_threads()  # what training uses (set when a run starts), not torch's current setting
    return f"CPU ({threads} thread{'' if threads == 1 else 's'})"


def cpu_threads() -> int:
    """Intra-op threads for CPU training: EXPLAINER_TORCH_THREADS, else up to 4 (half the cores) on bigger
    machines; on one or two cores all of them while nothing else computes, else 1.

    The lecture's models are small: on a shared two-core machine a second OpenMP thread that has to wait
    for a busy core made a Fashion-MNIST MLP step 10-50x slower (measured here). So two cores are used only
    when the 1-minute load average says the machine is otherwise idle when a run starts (the job queue runs
    one CPU job at a time); the choice holds for the whole run, so a run's arithmetic does not change midway.
    """
    wanted = os.environ.get("EXPLAINER_TORCH_THREADS", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    cores = os.cpu_count() or 1
    if cores > 2:
        return min(4, cores // 2)
    return cores if machine_idle() else 1


def machine_idle(threshold: float = IDLE_LOAD) -> bool:
    """True when the 1-minute load average is below `threshold` (no other process is computing)."""
    try:
        return os.getloadavg()[0] < threshold
    except OSError:  # no load average on this platform: assume others may be computing
        return False
