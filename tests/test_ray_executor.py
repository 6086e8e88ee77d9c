"""EXPLAINER_EXECUTOR=ray on a real local Ray cluster (no mocks): one head with one CPU, this test process as one
web server and `tests/ray_server.py` subprocesses as others, all sharing one result store on tiny IDX data."""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.engine_helpers import write_fashion_idx
from tests.ray_server import WAIT

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_head(ray_cli: str) -> str:
    """`ray start --head` with one CPU; tried three times, since Ray gives a node 30 s to register, which a
    machine busy with other tests can miss."""
    output = ""
    for _ in range(3):
        port = _free_port()
        temp_dir = tempfile.mkdtemp(prefix="ray", dir="/tmp")  # Ray's socket paths must stay short
        started = subprocess.run([ray_cli, "start", "--head", f"--port={port}", "--node-ip-address=127.0.0.1",
                                  "--num-cpus=1", f"--temp-dir={temp_dir}", "--include-dashboard=false",
                                  "--disable-usage-stats"], capture_output=True, text=True, timeout=300)
        if started.returncode == 0:
            return f"127.0.0.1:{port}"
        output = started.stdout + started.stderr
        subprocess.run([ray_cli, "stop", "--force"], capture_output=True, timeout=120)
    raise AssertionError(f"ray start failed three times:\n{output}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """(address, store_root): a one-CPU Ray head on this machine, and this process connected to it."""
    import ray

    root = tmp_path_factory.mktemp("ray")
    data_dir = write_fashion_idx(root / "data", train=96, test=40)
    store_root = root / "cache"
    store_root.mkdir()
    saved = {name: os.environ.get(name) for name in ("EXPLAINER_DATA_DIR", "EXPLAINER_CACHE_DIR", "RAY_AUTH_MODE")}
    # A throw-away cluster on this machine only: no token (a real one keeps Ray's token authentication on).
    os.environ.update(EXPLAINER_DATA_DIR=str(data_dir), EXPLAINER_CACHE_DIR=str(store_root), RAY_AUTH_MODE="disabled")
    ray_cli = str(Path(sys.executable).with_name("ray"))
    address = os.environ.get("EXPLAINER_TEST_RAY_ADDRESS") or _start_head(ray_cli)  # a one-CPU head you started
    try:
        yield address, store_root
    finally:
        ray.shutdown()
        if not os.environ.get("EXPLAINER_TEST_RAY_ADDRESS"):
            subprocess.run([ray_cli, "stop", "--force"], capture_output=True, timeout=120)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def manager(cluster):
    from explainer.training.jobs import JobManager
    from explainer.training.ray_executor import RayExecutor
    from explainer.training.store import ResultStore

    address, store_root = cluster
    store = ResultStore(store_root)
    return JobManager(store, progress_every=1, executor=RayExecutor(store, 1, address))


def recipe(seed: int, epochs: int):
    from explainer.training.recipes import RECIPES

    return RECIPES["fashion_mlp"].with_overrides(seed=seed, epochs=epochs, batch_size=16)


def server_process(cluster, command: dict) -> subprocess.Popen:
    address, store_root = cluster
    return subprocess.Popen([sys.executable, "-m", "tests.ray_server", address, str(store_root), json.dumps(command)],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def events(process: subprocess.Popen) -> list[dict]:
    out, _ = process.communicate(timeout=WAIT)
    assert process.returncode == 0, out
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def trainings(cluster, config_hash: str) -> int:
    from explainer.training.ray_executor import TRAINING_LOG

    log = cluster[1] / TRAINING_LOG
    return sum(config_hash in line for line in log.read_text().splitlines()) if log.exists() else 0


def wait_until(condition, timeout: float = WAIT) -> None:
    deadline = time.time() + timeout
    while not condition():
        assert time.time() < deadline, "timed out"
        time.sleep(0.1)


def test_two_server_processes_asking_for_one_config_train_it_once_and_match_the_threads(cluster, tmp_path):
    other = server_process(cluster, {"submit": {"seed": 11, "epochs": 30, "batch_size": 16}, "owner": "student-b"})
    here = manager(cluster)
    job = here.submit(recipe(11, 30), "cpu", owner="student-a")
    assert job.wait(WAIT) and job.state == "done", job.error
    theirs = events(other)[-1]
    assert theirs["state"] == "done"
    assert trainings(cluster, job.config_hash) == 1
    assert theirs["test_acc"] == job.result.test_acc

    from explainer.training.jobs import JobManager
    from explainer.training.store import ResultStore

    threads = JobManager(ResultStore(tmp_path / "threads"), executor=None)
    assert threads._executor is None
    local = threads.submit(recipe(11, 30), "cpu")
    assert local.wait(WAIT) and local.state == "done", local.error
    assert local.result.test_acc == job.result.test_acc
    ours = [row["train_loss"] for row in job.result.history]
    assert [row["train_loss"] for row in local.result.history] == pytest.approx(ours, rel=1e-5)


def test_a_different_config_waits_for_the_one_cpu_worker(cluster):
    here = manager(cluster)
    first = here.submit(recipe(21, 300), "cpu", owner="a")
    wait_until(lambda: first.state == "running")
    second = here.submit(recipe(22, 2), "cpu", owner="b")
    time.sleep(1.5)
    assert first.state == "running" and second.state == "queued"
    assert first.wait(WAIT) and second.wait(WAIT)
    assert (first.state, second.state) == ("done", "done")
    assert second.started_at >= first.finished_at - 1.0


def test_only_the_starting_session_in_the_other_process_can_cancel(cluster, tmp_path):
    go = tmp_path / "cancel-now"
    other = server_process(cluster, {"submit": {"seed": 31, "epochs": 3000, "batch_size": 16}, "owner": "starter",
                                     "cancel_when": str(go)})
    key = json.loads(other.stdout.readline())["hash"]
    here = manager(cluster)
    wait_until(lambda: (job := here.get(key)) is not None and job.progress is not None)
    watched = here.get(key)
    assert watched.owner == "starter"
    assert not here.can_cancel(key, owner="another-student") and not here.cancel(key, owner="another-student")
    go.touch()
    assert watched.wait(WAIT)
    assert watched.state == "cancelled"
    assert [e for e in events(other) if e["event"] == "cancel"][0]["accepted"] is True


def test_a_killed_worker_fails_the_job_with_a_message_and_the_next_submit_trains(cluster):
    import ray

    from explainer.training.ray_executor import NAMESPACE, actor_name

    here = manager(cluster)
    job = here.submit(recipe(41, 1000), "cpu", owner="a")
    wait_until(lambda: job.progress is not None or job.finished)
    pid = ray.get(ray.get_actor(actor_name(job.config_hash), namespace=NAMESPACE).status.remote())["pid"]
    os.kill(pid, signal.SIGKILL)
    assert job.wait(WAIT)
    assert job.state == "failed"
    assert "stopped before it finished" in job.error
    assert "워커" in job.exception.notice.text("ko")
    assert trainings(cluster, job.config_hash) == 1

    # The same configuration trains again, in a new worker: its epochs come in (then it is stopped, since the
    # thousand epochs that kept the first one busy long enough to be killed would only cost time here).
    again = here.submit(recipe(41, 1000), "cpu", owner="a")
    assert again is not job
    wait_until(lambda: (again.progress is not None and again.progress.epoch >= 2) or again.finished)
    assert again.state == "running", again.error
    assert trainings(cluster, job.config_hash) == 2
    assert here.cancel(again.config_hash, owner="a")
    assert again.wait(WAIT) and again.state == "cancelled"
