"""A second "web server process" for the Ray tests: a JobManager on the cluster, driven by argv, answering in JSON.

    python -m tests.ray_server <address> <store_root> <command JSON>

Commands: {"submit": overrides, "owner": ..., "cancel_when": path} submits tiny fashion_mlp with `overrides`; when
`cancel_when` is given it waits for that file, then cancels as `owner`. It prints one JSON line per event.
"""

import json
import sys
import time
from pathlib import Path

WAIT = 300  # seconds, here and in the tests that drive this: a loaded machine starts Ray workers (each imports torch)
# slowly, and a run that outlasted this process's wait was reported "running" (120 s was once too short at load 6)


def main() -> None:
    address, store_root, command = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    from explainer.training.jobs import JobManager
    from explainer.training.ray_executor import RayExecutor
    from explainer.training.recipes import RECIPES
    from explainer.training.store import ResultStore

    store = ResultStore(store_root)
    manager = JobManager(store, progress_every=1, executor=RayExecutor(store, 1, address))
    recipe = RECIPES["fashion_mlp"].with_overrides(**command["submit"])
    job = manager.submit(recipe, "cpu", owner=command.get("owner"))
    print(json.dumps({"event": "submitted", "hash": job.config_hash}), flush=True)
    if command.get("cancel_when"):
        while not Path(command["cancel_when"]).exists() and not job.finished:
            time.sleep(0.1)
        print(json.dumps({"event": "cancel", "accepted": manager.cancel(job.config_hash, command.get("owner"))}),
              flush=True)
    job.wait(WAIT)
    stored = job.result
    print(json.dumps({"event": "finished", "state": str(job.state), "owner": job.owner,
                      "test_acc": stored.test_acc if stored else None}), flush=True)


if __name__ == "__main__":
    main()
