"""How many threads CPU training uses: both of two cores only while nothing else computes."""

import os

import pytest

from explainer.training import device


@pytest.fixture
def machine(monkeypatch):
    monkeypatch.delenv("EXPLAINER_TORCH_THREADS", raising=False)

    def set_machine(cores: int, load: float | None) -> None:
        monkeypatch.setattr(os, "cpu_count", lambda: cores)

        def getloadavg():
            if load is None:
                raise OSError("no load average")
            return (load, load, load)

        monkeypatch.setattr(os, "getloadavg", getloadavg)

    return set_machine


@pytest.mark.parametrize("cores,load,threads", [
    (2, 0.1, 2),   # an idle two-core server: both cores
    (2, 0.5, 1),   # at the threshold someone else computes: a second thread would wait for a busy core
    (2, 3.0, 1),
    (2, None, 1),  # no load average: assume others may be computing
    (1, 0.0, 1),
    (8, 0.0, 4), (8, 9.0, 4), (4, 0.0, 2), (16, 0.0, 4),
])
def test_threads_follow_cores_and_load(machine, cores, load, threads):
    machine(cores, load)
    assert device.cpu_threads() == threads


def test_the_environment_overrides(machine, monkeypatch):
    machine(2, 0.0)
    monkeypatch.setenv("EXPLAINER_TORCH_THREADS", "1")
    assert device.cpu_threads() == 1
    assert device.device_name("cpu") == "CPU (1 thread)"
    monkeypatch.setenv("EXPLAINER_TORCH_THREADS", "3")
    assert device.device_name("cpu") == "CPU (3 threads)"
