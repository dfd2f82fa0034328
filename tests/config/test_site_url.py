"""In development the site's address follows the port it is served on (issue 7: with
``PORT=8101 make run`` every mail link, webcal:// and .ics address pointed at :8000)."""

import os
import shutil
import subprocess
from pathlib import Path

from tests.config.test_settings import PRODUCTION_ENV, run_python

BASE_DIR = Path(__file__).resolve().parents[2]
PRINT_SITE = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.SITE_URL, settings.CSRF_TRUSTED_ORIGINS[0])"
)


def test_development_site_url_follows_the_port():
    result = run_python("-c", PRINT_SITE, env={"PORT": "8101"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["http://127.0.0.1:8101", "http://127.0.0.1:8101"]


def test_development_site_url_defaults_to_port_8000_and_yields_to_an_explicit_one():
    default = run_python("-c", PRINT_SITE, env={})
    explicit = run_python("-c", PRINT_SITE, env={"PORT": "8101", "SITE_URL": "http://kf.test"})

    assert default.stdout.split() == ["http://127.0.0.1:8000", "http://127.0.0.1:8000"]
    assert explicit.stdout.split() == ["http://kf.test", "http://kf.test"]


def test_production_site_url_ignores_the_port():
    result = run_python("-c", PRINT_SITE, env={**PRODUCTION_ENV, "PORT": "8101"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "https://kommunalforum.example"


def test_run_dev_hands_the_port_to_the_server_the_worker_and_the_scheduler(tmp_path):
    """scripts/run-dev with a stand-in Python that reports what each process would see."""
    fake_python = tmp_path / ".venv" / "bin" / "python"
    fake_python.parent.mkdir(parents=True)
    fake_python.write_text('#!/bin/sh\necho "$* PORT=$PORT"\n')
    fake_python.chmod(0o755)
    shutil.copy(BASE_DIR / "scripts" / "run-dev", tmp_path / "run-dev")
    env = {key: value for key, value in os.environ.items() if key not in {"PORT", "SITE_URL"}}

    result = subprocess.run(
        ["sh", "run-dev", "8101"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    started = sorted(
        line for line in result.stdout.splitlines() if line.startswith(("manage.py", "-m"))
    )
    assert result.returncode == 0, result.stderr
    assert "Kommunalforum runs on http://127.0.0.1:8101/" in result.stdout
    assert started == [
        "-m daphne -b 127.0.0.1 -p 8101 --access-log /dev/null config.asgi:application PORT=8101",
        "manage.py db_worker --no-reload PORT=8101",
        "manage.py demo_logins PORT=8101",
        "manage.py run_scheduler PORT=8101",
    ]
