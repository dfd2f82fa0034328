"""``/healthz`` for load balancers, and logs that carry no personal data."""

import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
EMAIL = "maria.muster@kommune.example"


def free_port() -> int:
    """Return a port on 127.0.0.1 that nothing listens on (closed right after binding)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_healthz_reports_the_database(client, settings):
    settings.REDIS_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
    assert response.headers["Content-Type"] == "application/json"
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.redis
@pytest.mark.django_db
def test_healthz_reports_redis_when_configured(client, settings, redis_url):
    settings.REDIS_URL = redis_url

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


@pytest.mark.django_db
def test_healthz_answers_503_when_redis_is_down(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": "ok", "redis": "error"}}


@pytest.mark.django_db
def test_healthz_accepts_get_only(client):
    assert client.post("/healthz").status_code == 405


def run_dev_daphne_command() -> list[str]:
    """Return the daphne command line of scripts/run-dev (what `make run` serves with)."""
    for line in (BASE_DIR / "scripts" / "run-dev").read_text().splitlines():
        if line.startswith("exec $PY -m daphne"):
            return shlex.split(line.removeprefix("exec $PY -m ").replace('"$PORT"', "PORT"))
    raise AssertionError("scripts/run-dev no longer starts daphne")


# The uvicorn command of docs/operations.md, one worker.
UVICORN_COMMAND = [
    "uvicorn",
    "config.asgi:application",
    "--host",
    "127.0.0.1",
    "--port",
    "PORT",
    "--lifespan",
    "off",
    "--ws-max-size",
    "65536",
    "--proxy-headers",
]


def serve_and_request(server: list[str], paths: list[str], tmp_path: Path) -> str:
    """Start an ASGI server, request ``paths``, stop it, and return everything it printed."""
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'log.sqlite3'}",
        "LOG_LEVEL": "DEBUG",
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "-m", *(part.replace("PORT", str(port)) for part in server)]
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            wait_until_serving(process, port)
            for path in paths:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10).close()
                except urllib.error.HTTPError as error:
                    error.close()
        finally:
            process.terminate()
            process.wait(timeout=15)
    return log_path.read_text()


def wait_until_serving(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise
            time.sleep(0.2)


@pytest.mark.parametrize(
    "server",
    [
        pytest.param(UVICORN_COMMAND, id="uvicorn"),
        pytest.param(run_dev_daphne_command(), id="daphne"),
    ],
)
def test_server_logs_leave_out_emails_in_query_strings(server, tmp_path):
    query = f"?email={EMAIL.replace('@', '%40')}&name=Maria"

    output = serve_and_request(server, [f"/healthz{query}", f"/gibt-es-nicht/{query}"], tmp_path)

    assert "maria.muster" not in output.lower()
    assert '"GET /' not in output
    assert "Traceback" not in output
