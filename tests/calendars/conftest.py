"""Read calendar files the way Thunderbird does: with Mozilla's ical.js under Node.

``ical_js(ics)`` returns the file's VEVENTs as ``{"uid", "summary", "description", "start",
"end"}`` with the times in UTC (``2027-12-09T09:00:00Z``). Without ``node`` the test skips,
under CI=true it fails (``tests.services.unavailable``).
"""

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.services import unavailable

SCRIPT = Path(__file__).resolve().parent / "ics_starts.mjs"
ICAL_JS = Path(__file__).resolve().parents[2] / "node_modules" / "ical.js"


@pytest.fixture(scope="session")
def ical_js() -> Callable[[bytes], list[dict]]:
    node = shutil.which("node")
    if not node:
        unavailable("Node.js (for ical.js)")
    if not ICAL_JS.exists():
        pytest.fail(f"ical.js is missing at {ICAL_JS}: run `npm ci`.")

    def read(ics: bytes) -> list[dict]:
        result = subprocess.run(
            [node, str(SCRIPT)], input=ics, capture_output=True, timeout=30, check=False
        )
        assert result.returncode == 0, result.stderr.decode()
        return json.loads(result.stdout)

    return read
