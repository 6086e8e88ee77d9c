"""Test-wide settings: every test writes to its own temporary cache and sees no real dataset."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_SESSION_DIR = Path(tempfile.mkdtemp(prefix="explainer-tests-"))
os.environ["EXPLAINER_CACHE_DIR"] = str(_SESSION_DIR / "cache")
os.environ["EXPLAINER_DATA_DIR"] = str(_SESSION_DIR / "no-data")
os.environ["EXPLAINER_NO_DOWNLOAD"] = "1"
os.environ["EXPLAINER_DEBIAN_DATA_DIR"] = str(_SESSION_DIR / "no-debian-data")
os.environ.setdefault("EXPLAINER_DEVICE", "cpu")
