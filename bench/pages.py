"""Measure the public pages over real HTTP: home (baseline), event page, calendar files.

Usage (from the project directory)::

    .venv/bin/python bench/pages.py [--duration 5] [--concurrency 2] [--workers 1]

It creates a temporary SQLite database (or uses ``DATABASE_URL`` when set; that database is
migrated and gets the benchmark rows added, so never point it at one that matters), adds an
event with 60 sessions and 120 speakers and one with 500 sessions, starts uvicorn on
127.0.0.1 with DEBUG off, and sends GET requests from ``--concurrency`` threads over
keep-alive connections. Each page runs until ``--duration`` seconds or ``--requests``
requests, whichever comes first, and the table shows requests per second, median and 95th
percentile latency, and the server's CPU time per request (all its processes; the figure
to compare on a machine that is busy with other work).

This is a script, not a test: the figures depend on the machine, so nothing here asserts.
"""

import argparse
import datetime
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
BIG_SLUG = "bench-60-sitzungen"
HUGE_SLUG = "bench-500-sitzungen"


@dataclass
class Result:
    name: str
    path: str
    requests: int
    seconds: float
    latencies: list[float]
    size: int
    errors: int
    cpu_seconds: float = 0.0

    @property
    def cpu_ms(self) -> float:
        """Server CPU time per request: unlike req/s, it holds on a machine that is busy with
        other work, as long as the server gets the CPU it needs."""
        return self.cpu_seconds * 1000 / self.requests if self.requests else float("nan")

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")

    @property
    def p95_ms(self) -> float:
        if len(self.latencies) < 2:
            return self.median_ms
        return statistics.quantiles(self.latencies, n=20)[-1] * 1000


def prepare_environment(database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("KOMMUNALFORUM_ENV", None)
    os.environ.update(env)
    return env


def create_data() -> None:
    """Migrate and add the benchmark events (idempotent by slug)."""
    import django

    sys.path.insert(0, str(PROJECT))
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)

    from conferences.enums import EventFormat, EventKind, EventStatus
    from conferences.models import Event, OrganiserTeam, Topic
    from directory.enums import OrganisationType
    from directory.models import Organisation
    from sessions.enums import SessionKind, SpeakerRole
    from sessions.models import Session, SessionSpeaker, Speaker, Stage

    if Event.objects.filter(slug__in=[BIG_SLUG, HUGE_SLUG]).count() == 2:
        return
    organisation, _ = Organisation.objects.get_or_create(
        name="Bench-Ministerium", defaults={"type": OrganisationType.STATE_AUTHORITY}
    )
    team, _ = OrganiserTeam.objects.get_or_create(
        name="Bench-Team", defaults={"organisation": organisation}
    )
    topic, _ = Topic.objects.get_or_create(slug="bench-thema", defaults={"name": "Bench-Thema"})
    start = (datetime.datetime.now(BERLIN) + datetime.timedelta(days=60)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    abstract = "Wie Kommunen digitale Dienste gemeinsam entwickeln und betreiben. " * 4

    def make_event(slug: str, title: str, sessions: int, speakers_per_session: int) -> None:
        event = Event.objects.create(
            team=team,
            kind=EventKind.CONFERENCE,
            format=EventFormat.HYBRID,
            status=EventStatus.PUBLISHED,
            title=title,
            slug=slug,
            summary="Benchmark",
            description="<p>Ein <strong>großes</strong> Programm.</p>",
            starts_at=start,
            ends_at=start + datetime.timedelta(days=3),
            venue_name="Stadthalle",
            venue_street="Markt 1",
            venue_postal_code="59494",
            venue_city="Soest",
            organisation=organisation,
            contact_email="bench@land.example",
            languages=["de"],
            published_at=datetime.datetime.now(datetime.UTC),
        )
        event.topics.add(topic)
        stages = Stage.objects.bulk_create(
            Stage(event=event, name=f"Bühne {index + 1}", order=index) for index in range(4)
        )
        per_day = 40
        rows = Session.objects.bulk_create(
            Session(
                event=event,
                stage=stages[index % len(stages)],
                kind=SessionKind.PANEL if index % 5 == 0 else SessionKind.TALK,
                title=f"Programmpunkt {index + 1}",
                slug=f"punkt-{index + 1}",
                starts_at=start
                + datetime.timedelta(days=(index // per_day) % 3, minutes=15 * (index % per_day)),
                ends_at=start
                + datetime.timedelta(
                    days=(index // per_day) % 3, minutes=15 * (index % per_day) + 45
                ),
                abstract=abstract,
            )
            for index in range(sessions)
        )
        speakers = Speaker.objects.bulk_create(
            Speaker(
                team=team,
                slug=f"{slug}-person-{index + 1}",
                first_name="Person",
                last_name=f"Nummer {index + 1}",
                function="Digitalisierungsbeauftragte",
                organisation="Stadt Soest",
                consent_to_show=index % 10 != 0,
            )
            for index in range(sessions * speakers_per_session)
        )
        SessionSpeaker.objects.bulk_create(
            SessionSpeaker(
                session=session,
                speaker=speakers[index * speakers_per_session + offset],
                role=SpeakerRole.MODERATOR if offset == 0 else SpeakerRole.PANELIST,
                order=offset,
            )
            for index, session in enumerate(rows)
            for offset in range(speakers_per_session)
        )

    make_event(BIG_SLUG, "Fachkonferenz mit 60 Programmpunkten", 60, 2)
    make_event(HUGE_SLUG, "Kongress mit 500 Programmpunkten", 500, 1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "config.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--lifespan",
        "off",
        "--log-level",
        "warning",
        "--no-access-log",
        "--workers",
        str(workers),
    ]
    server = subprocess.Popen(command, cwd=PROJECT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"uvicorn exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("uvicorn did not start within 30 s")


def server_cpu_seconds(pid: int) -> float:
    """User and system CPU time of process ``pid`` and all its descendants (Linux)."""
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += times.get(current, 0.0)
        todo.extend(children.get(current, []))
    return total


def fetch(connection: http.client.HTTPConnection, path: str) -> tuple[int, int]:
    connection.request("GET", path, headers={"Accept-Language": "de"})
    response = connection.getresponse()
    body = response.read()
    return response.status, len(body)


def measure(
    name: str,
    path: str,
    *,
    port: int,
    concurrency: int,
    duration: float,
    limit: int,
    server_pid: int | None = None,
) -> Result:
    """Send GET ``path`` from ``concurrency`` threads until ``duration`` or ``limit``."""
    warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    status, size = fetch(warm, path)
    for _ in range(2):
        fetch(warm, path)
    warm.close()
    if status != 200:
        raise SystemExit(f"{path} answered {status}")

    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    sent = 0
    deadline = time.perf_counter() + duration

    def worker() -> None:
        nonlocal sent, errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                if sent >= limit or time.perf_counter() >= deadline:
                    break
                sent += 1
            started = time.perf_counter()
            try:
                answer, _ = fetch(connection, path)
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                answer = 0
            elapsed = time.perf_counter() - started
            with lock:
                if answer == 200:
                    latencies.append(elapsed)
                else:
                    errors += 1
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    cpu_before = server_cpu_seconds(server_pid) if server_pid else 0.0
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu = server_cpu_seconds(server_pid) - cpu_before if server_pid else 0.0
    return Result(name, path, len(latencies), elapsed, latencies, size, errors, cpu)


def print_table(results: list[Result], baseline: Result) -> None:
    header = (
        f"{'page':<34} {'requests':>8} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} "
        f"{'CPU ms':>7} {'KiB':>7} {'vs home':>8} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        ratio = baseline.median_ms and result.median_ms / baseline.median_ms
        print(
            f"{result.name:<34} {result.requests:>8} {result.per_second:>8.1f} "
            f"{result.median_ms:>10.1f} {result.p95_ms:>8.1f} {result.cpu_ms:>7.1f} "
            f"{result.size / 1024:>7.1f} "
            f"{ratio:>7.1f}x {result.errors:>6}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per page")
    parser.add_argument("--requests", type=int, default=2000, help="most requests per page")
    parser.add_argument("--concurrency", type=int, default=2, help="client threads")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument(
        "--only", action="append", help="measure only pages whose name contains this (repeatable)"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kf-bench-") as directory:
        database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{directory}/bench.sqlite3"
        env = prepare_environment(database_url)
        print(f"Database: {database_url.split('@')[-1]}")
        started = time.perf_counter()
        create_data()
        print(f"Data ready in {time.perf_counter() - started:.1f} s")
        port = free_port()
        server = start_server(env, port, args.workers)
        try:
            pages = [
                ("health check (floor)", "/healthz"),
                ("home (baseline)", "/"),
                ("event page, 60 sessions/120 spk", f"/veranstaltungen/{BIG_SLUG}/"),
                ("session page", f"/veranstaltungen/{BIG_SLUG}/programm/punkt-1/"),
                ("speaker page", f"/referierende/{BIG_SLUG}-person-2/"),
                ("event list", "/veranstaltungen/"),
                (".ics feed of all events", "/kalender/veranstaltungen.ics"),
                (".ics event + 500 sessions", f"/veranstaltungen/{HUGE_SLUG}.ics?programm=1"),
            ]
            if args.only:
                pages = [page for page in pages if any(word in page[0] for word in args.only)]
            print(
                f"uvicorn on 127.0.0.1:{port}, {args.workers} worker(s); "
                f"{args.concurrency} client threads, up to {args.duration:g} s or "
                f"{args.requests} requests per page\n"
            )
            results = [
                measure(
                    name,
                    path,
                    port=port,
                    concurrency=args.concurrency,
                    duration=args.duration,
                    limit=args.requests,
                    server_pid=server.pid,
                )
                for name, path in pages
            ]
        finally:
            server.terminate()
            server.wait(timeout=10)
        homes = [result for result in results if result.path == "/"]
        print_table(results, homes[0] if homes else results[0])
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"\nLoad average (1, 5, 15 min) after the run: {load} on {os.cpu_count()} CPU(s)")


if __name__ == "__main__":
    main()
