"""The site's commands run as separate processes, with only the environment given."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def run_manage(*args, **env):
    # CACHE_DIR: with DEBUG off, manage.py would otherwise make .cache/ in the checkout.
    base = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "CACHE_DIR": tempfile.gettempdir() + "/portal-test-manage-cache",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
