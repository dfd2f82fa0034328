"""Fire a burst of concurrent registrations at a real ASGI server and check the invariant.

Usage (from the project directory)::

    .venv/bin/python bench/registration_burst.py                 # SQLite in a temp file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kf_bench \\
        .venv/bin/python bench/registration_burst.py              # PostgreSQL

The script builds a fresh database (a temporary SQLite file, or the PostgreSQL database
named in ``DATABASE_URL``, which it creates and drops again; its name must contain
"bench", so a database that matters is never touched), an event with ``--seats`` seats
and a waiting list, and ``--attempts`` logged-in people with verified addresses (accounts
and session cookies made directly, so no double opt-in is needed). It starts uvicorn
(2 workers on PostgreSQL, 1 on SQLite), loads the registration form once per person to
get the CSRF token, then releases every form POST at the same moment, one connection per
person, and waits at most ``--timeout`` seconds.

It prints the response statuses, registrations per second, p50/p99 latency, and fails
(exit code 1) unless exactly ``--seats`` registrations are confirmed, the rest are on the
waiting list behind them in queue order, every POST was answered with the redirect to the
outcome page, and (on SQLite) the server never logged "database is locked". The
registration rate limits are raised for the run through ``REGISTRATIONS_RATE_LIMITS``:
one address sends every request here.

This is a script, not a test: the figures depend on the machine.
"""

import argparse
import datetime
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "bench"))
from pages import free_port  # noqa: E402  # the sibling benchmark's helper, after the path is set

SLUG = "bench-anmeldung"
FORM_PATH = f"/veranstaltungen/{SLUG}/anmeldung/"
OUTCOME_PATH = f"/veranstaltungen/{SLUG}/anmeldung/ergebnis/"
BENCH_SETTINGS = """\
from config.settings import *  # noqa: F403

# One client address sends every request of the burst.
REGISTRATIONS_RATE_LIMITS = {
    "registration_ip": (1_000_000, 60),
    "registration_email": (1_000, 60),
}
# Every seat transaction logs how long it held the lock.
LOGGING["loggers"]["registrations.lock"] = {  # noqa: F405
    "handlers": ["stdout"], "level": "DEBUG", "propagate": False
}
"""
HOLD_PATTERN = re.compile(r"seat lock held ([0-9.]+) ms in register_attendee")
TOKEN_PATTERN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Person:
    email: str
    session_key: str
    csrf_cookie: str = ""
    csrf_token: str = ""


@dataclass
class Burst:
    statuses: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


# Database --------------------------------------------------------------------------------


def create_postgres_database(url: str) -> str:
    """Create the (empty) benchmark database; return its name."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = config["NAME"]
    if "bench" not in name:
        raise SystemExit(f"Refusing to use {name!r}: the database name must contain 'bench'.")
    with psycopg.connect(**_maintenance_params(config), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_postgres_database(url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(**_maintenance_params(config), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')


def _maintenance_params(config: dict) -> dict:
    params = {"dbname": "postgres", "host": config["HOST"] or "127.0.0.1", "user": config["USER"]}
    if config.get("PORT"):
        params["port"] = config["PORT"]
    if config.get("PASSWORD"):
        params["password"] = config["PASSWORD"]
    return params


def prepare_environment(database_url: str, settings_dir: str) -> dict[str, str]:
    Path(settings_dir, "bench_settings.py").write_text(BENCH_SETTINGS)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([settings_dir, str(PROJECT)]),
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("KOMMUNALFORUM_ENV", None)
    os.environ.update(env)
    sys.path[:0] = [settings_dir, str(PROJECT)]
    return env


def create_data(*, seats: int, attempts: int) -> list[Person]:
    """Migrate, add the event and the people with their sessions; return the people."""
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from conferences.enums import EventFormat, EventKind, EventStatus
    from conferences.models import Event, OrganiserTeam
    from core.models import User
    from directory.enums import OrganisationType
    from directory.models import Organisation
    from registrations.models import RegistrationSettings

    call_command("migrate", verbosity=0, interactive=False)
    organisation = Organisation.objects.create(
        name="Bench-Ministerium", type=OrganisationType.STATE_AUTHORITY
    )
    team = OrganiserTeam.objects.create(name="Bench-Team", organisation=organisation)
    now = timezone.now()
    start = (now + datetime.timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    event = Event.objects.create(
        team=team,
        kind=EventKind.TRANSFER,
        format=EventFormat.IN_PERSON,
        status=EventStatus.PUBLISHED,
        title="Transferveranstaltung mit begrenzten Plätzen",
        slug=SLUG,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        venue_name="Stadthalle",
        venue_postal_code="59494",
        venue_city="Soest",
        organisation=organisation,
        contact_email="bench@land.example",
        languages=["de"],
        published_at=now,
    )
    RegistrationSettings.objects.create(
        event=event,
        opens_at=now - datetime.timedelta(days=1),
        capacity=seats,
        waitlist_enabled=True,
    )
    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"person{n:04d}@kommune.example",
            first_name="Person",
            last_name=f"Nummer {n}",
            password=unusable,
        )
        for n in range(attempts)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    store = SessionStore()
    people = []
    sessions = []
    for user in users:
        key = get_random_string(32)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(
                session_key=key,
                session_data=store.encode(data),
                expire_date=now + datetime.timedelta(days=1),
            )
        )
        people.append(Person(email=user.email, session_key=key))
    Session.objects.bulk_create(sessions)
    return people


def registration_counts() -> dict[str, int]:
    from registrations.models import Registration

    return Counter(Registration.objects.filter(event__slug=SLUG).values_list("status", flat=True))


def outbox_counts() -> dict[str, int]:
    """Outbox rows by state, and how many still wait to be rendered by the worker."""
    from mailing.models import OutboundMail

    rows = OutboundMail.objects.all()
    counts = dict(Counter(rows.values_list("state", flat=True)))
    if any(field.name == "renderer" for field in OutboundMail._meta.get_fields()):
        counts["to render"] = rows.exclude(renderer="").count()
    return counts


def queue_is_in_order() -> bool:
    """Every confirmed registration joined the queue before every waiting one."""
    from django.db.models import Max, Min

    from registrations.models import Registration

    registrations = Registration.objects.filter(event__slug=SLUG)
    last_seat = registrations.filter(status="confirmed").aggregate(at=Max("queued_at"))["at"]
    first_wait = registrations.filter(status="waitlisted").aggregate(at=Min("queued_at"))["at"]
    return last_seat is None or first_wait is None or last_seat < first_wait


# Server ----------------------------------------------------------------------------------


def start_server(env: dict[str, str], port: int, workers: int, log) -> subprocess.Popen:
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
        "--backlog",
        "4096",
        "--workers",
        str(workers),
    ]
    server = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"uvicorn exited with {server.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            connection.close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("uvicorn did not start within 30 s")


# Requests --------------------------------------------------------------------------------


def load_form(port: int, person: Person) -> None:
    """GET the form as this person: the CSRF cookie and the token of the form."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", FORM_PATH, headers={"Cookie": f"sessionid={person.session_key}"})
        response = connection.getresponse()
        body = response.read().decode()
    finally:
        connection.close()
    if response.status != 200:
        raise SystemExit(f"The form answered {response.status} for {person.email}")
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = TOKEN_PATTERN.search(body)
    if cookie is None or token is None:
        raise SystemExit("The form came without a CSRF cookie or token.")
    person.csrf_cookie, person.csrf_token = cookie.group(1), token.group(1)


def burst(port: int, people: list[Person], timeout: float) -> Burst:
    """POST every person's form at once, one connection each, within ``timeout`` seconds."""
    result = Burst()
    lock = threading.Lock()
    ready = threading.Barrier(len(people) + 1)
    deadline = time.monotonic() + timeout

    def post(person: Person) -> None:
        body = urlencode(
            {
                "csrfmiddlewaretoken": person.csrf_token,
                "first_name": "Person",
                "last_name": person.email.split("@")[0],
                "privacy_accepted": "on",
            }
        )
        headers = {
            "Cookie": f"sessionid={person.session_key}; csrftoken={person.csrf_cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}{FORM_PATH}",
        }
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            connection.connect()
            ready.wait()
            started = time.perf_counter()
            connection.sock.settimeout(max(deadline - time.monotonic(), 0.1))
            connection.request("POST", FORM_PATH, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            status = response.status
            location = response.getheader("Location", "")
        except (OSError, http.client.HTTPException) as error:
            with lock:
                result.statuses["no answer"] += 1
                result.failures.append(f"{person.email}: {type(error).__name__}: {error}")
            return
        finally:
            connection.close()
        with lock:
            result.statuses[status] += 1
            result.latencies.append(elapsed)
            if status != 302 or location != OUTCOME_PATH:
                result.failures.append(f"{person.email}: {status} {location}")

    threads = [threading.Thread(target=post, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join(max(deadline - time.monotonic(), 0) + 5)
    result.seconds = time.perf_counter() - started
    return result


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


# Main ------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=1000, help="people registering at once")
    parser.add_argument("--seats", type=int, default=100, help="seats of the event")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds the burst may take")
    parser.add_argument("--workers", type=int, help="uvicorn workers (2 PostgreSQL, 1 SQLite)")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    postgres = database_url.startswith(("postgres://", "postgresql://"))
    workers = args.workers or (2 if postgres else 1)
    with tempfile.TemporaryDirectory(prefix="kf-burst-") as directory:
        if postgres:
            name = create_postgres_database(database_url)
            print(f"Database: PostgreSQL {name} (created for this run)")
        else:
            database_url = f"sqlite:///{directory}/burst.sqlite3"
            print("Database: SQLite in a temporary file (WAL, IMMEDIATE transactions)")
        try:
            env = prepare_environment(database_url, directory)
            started = time.perf_counter()
            people = create_data(seats=args.seats, attempts=args.attempts)
            elapsed = time.perf_counter() - started
            print(f"{args.attempts} people, an event with {args.seats} seats: {elapsed:.1f} s")
            port = free_port()
            log_path = Path(directory, "server.log")
            with log_path.open("wb") as log:
                server = start_server(env, port, workers, log)
                try:
                    started = time.perf_counter()
                    with ThreadPoolExecutor(max_workers=8) as pool:
                        list(pool.map(lambda person: load_form(port, person), people))
                    print(f"Forms loaded (CSRF tokens) in {time.perf_counter() - started:.1f} s")
                    print(f"uvicorn, {workers} worker(s); firing {len(people)} POSTs at once ...")
                    result = burst(port, people, args.timeout)
                finally:
                    server.terminate()
                    server.wait(timeout=30)
            server_log = log_path.read_text(errors="replace")
            counts = registration_counts()
            in_order = queue_is_in_order()
            mails = outbox_counts()
        finally:
            if postgres:
                from django.db import connections

                connections.close_all()
                drop_postgres_database(database_url)

    answered = sum(count for status, count in result.statuses.items() if status != "no answer")
    redirects = result.statuses.get(302, 0)
    locked = server_log.count("database is locked")
    mean = statistics.fmean(result.latencies) if result.latencies else float("nan")
    print()
    print(f"Responses: {dict(sorted(result.statuses.items(), key=lambda item: str(item[0])))}")
    print(f"Registrations: {dict(sorted(counts.items()))}")
    print(f"Burst took {result.seconds:.2f} s: {redirects / result.seconds:.1f} registrations/s")
    print(
        f"Latency of a POST: p50 {percentile(result.latencies, 0.50) * 1000:.0f} ms, "
        f"p99 {percentile(result.latencies, 0.99) * 1000:.0f} ms, "
        f"max {max(result.latencies, default=float('nan')) * 1000:.0f} ms, "
        f"mean {mean * 1000:.0f} ms"
    )
    print(f'"database is locked" in the server log: {locked}')
    holds = [float(value) for value in HOLD_PATTERN.findall(server_log)]
    if holds:
        held = sum(holds) / 1000
        print(
            f"Seat lock held per registration: p50 {percentile(holds, 0.50):.1f} ms, "
            f"p90 {percentile(holds, 0.90):.1f} ms, p99 {percentile(holds, 0.99):.1f} ms "
            f"({len(holds)} transactions); held {held:.1f} s of the {result.seconds:.1f} s "
            f"burst ({held / result.seconds:.0%})"
        )
    else:
        print("Seat lock hold: not logged by this version (no registrations.lock logger)")
    print(f"Outbox rows after the burst (no task worker ran): {mails}")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Load average (1, 5, 15 min) after the run: {load} on {os.cpu_count()} CPU(s)")

    problems = []
    if counts.get("confirmed", 0) != args.seats:
        problems.append(f"{counts.get('confirmed', 0)} confirmed instead of {args.seats}")
    if counts.get("waitlisted", 0) != args.attempts - args.seats:
        problems.append(
            f"{counts.get('waitlisted', 0)} waitlisted instead of {args.attempts - args.seats}"
        )
    if sum(counts.values()) != args.attempts:
        problems.append(f"{sum(counts.values())} registrations instead of {args.attempts}")
    if not in_order:
        problems.append("someone on the waiting list queued before someone with a seat")
    if redirects != args.attempts or answered != args.attempts:
        problems.append(f"{args.attempts - redirects} POSTs without the redirect to the outcome")
        problems.extend(result.failures[:10])
    if result.statuses.get(200):
        problems.append(f"{result.statuses[200]} people were asked to try again")
    if not postgres and locked:
        problems.append(f'"database is locked" appeared {locked} times in the server log')
    if problems:
        print("\nFAILED:\n  " + "\n  ".join(problems))
        errors = Counter(
            line.strip()[:160]
            for line in server_log.splitlines()
            if re.match(r"^[\w.]+(Error|Exception)\b", line.strip())
        )
        if errors:
            print("\nErrors in the server log:")
            for line, count in errors.most_common(10):
                print(f"  {count:>5} x {line}")
        return 1
    print(
        f"\nOK: exactly {args.seats} confirmed, {args.attempts - args.seats} on the waiting list "
        "in queue order, no error responses."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
