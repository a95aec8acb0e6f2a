"""``manage.py bench load``: gunicorn (sized as in production by config/gunicorn.conf.py)
on a free loopback port against the current DATABASE_URL, locust headless with teachers
and parents from the database, then the figures and the check that nothing
acknowledged was lost."""

import json
import os
import random
import runpy
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef

from achievements.models import CellChange, Lesson, PeriodClosure
from achievements.selectors import current_period
from config.loadtest import report
from learners.demo import DEMO_PASSWORD
from learners.models import Guardian, StudyPeriod, TeachingAssignment

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
GUNICORN_CONF = Path(settings.BASE_DIR) / "config" / "gunicorn.conf.py"
LOGIN_WINDOW = 20  # seconds in which every user has started and logged in


@dataclass
class LoadResult:
    lines: list[report.Line]
    acknowledged: int
    conflicts: int
    lost: list[str]
    duration: float
    teachers: int
    parents: int
    workers: str
    server_errors: list[str] = field(default_factory=list)
    # The machine's load average (1 min) at the end: other work on the same cores
    # shows in the latencies, and the table should say so.
    load_average: float = 0.0

    @property
    def total(self) -> report.Line:
        return self.lines[-1]

    @property
    def errors(self) -> int:
        return self.total.errors


def plan(*, teachers: int, parents: int, seed: int = 17) -> dict:
    """Logins with something to do: teachers with a journal of the current period that
    has lessons and is not closed, parents with a child in a class now. Fewer accounts
    than users: accounts are shared in turn (two sessions of one teacher may conflict,
    which the journal answers with 409, as in life)."""
    rng = random.Random(seed)
    closed = PeriodClosure.objects.covering(period=OuterRef("period"), group=OuterRef("group"))
    periods_by_year: dict[int, StudyPeriod | None] = {}
    journals: dict[str, list[str]] = {}
    assignments = TeachingAssignment.objects.select_related("teacher__user", "group").order_by(
        "teacher__user__username", "group_id", "subject_id"
    )
    for assignment in assignments:
        year_id = assignment.group.year_id
        if year_id not in periods_by_year:
            periods_by_year[year_id] = current_period(
                list(StudyPeriod.objects.filter(year_id=year_id).order_by("starts_on"))
            )
        period = periods_by_year[year_id]
        if period is None:
            continue
        lessons = Lesson.objects.filter(
            group_id=assignment.group_id, subject_id=assignment.subject_id, period=period
        ).annotate(closed=Exists(closed))
        if not lessons.filter(closed=False).exists():
            continue
        journals.setdefault(assignment.teacher.user.username, []).append(
            f"/journal/{assignment.group_id}/{assignment.subject_id}/{period.pk}/"
        )
    teacher_logins = [{"username": u, "journals": j} for u, j in journals.items()]
    families = (
        Guardian.objects.filter(learners__enrollments__ended_on__isnull=True)
        .select_related("user")
        .prefetch_related("learners")
        .distinct()
        .order_by("user__username")
    )
    parent_logins = [
        {"username": g.user.username, "diaries": [f"/diary/{c.pk}/" for c in g.learners.all()]}
        for g in families
    ]
    rng.shuffle(teacher_logins)
    rng.shuffle(parent_logins)
    return {
        "password": DEMO_PASSWORD,
        "teacher_users": teachers,
        "parent_users": parents,
        "teachers": teacher_logins[:teachers],
        "parents": parent_logins[:parents],
    }


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn завершился с кодом {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/login/", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn не ответил за минуту")


def run(
    *, duration: int, teachers: int, parents: int, out: Path, log=print, extra_env=None
) -> LoadResult:
    """``extra_env`` reaches gunicorn and locust (the tests point them at the test
    database and size gunicorn down)."""
    out.mkdir(parents=True, exist_ok=True)
    load_plan = plan(teachers=teachers, parents=parents)
    if not load_plan["teachers"] or not load_plan["parents"]:
        raise RuntimeError("Нет учителей с журналами текущего периода или родителей с детьми.")
    plan_file, record_file = out / "plan.json", out / "record.jsonl"
    plan_file.write_text(json.dumps(load_plan, ensure_ascii=False, indent=1))
    record_file.unlink(missing_ok=True)
    history_after = CellChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    # The server and locust open their own connections; ours would only hold a lock
    # (SQLite) or an idle slot while they run.
    connection.close()

    env = {**os.environ, "DEBUG": "0", "PYTHONUNBUFFERED": "1", **(extra_env or {})}
    # A production server refuses to start without mail (config/checks.py); the pages
    # the load test opens send none, so the console is enough here.
    env.setdefault("EMAIL_URL", "consolemail://")
    locust_env = {**env, "UCHET_LOAD_PLAN": str(plan_file), "UCHET_LOAD_RECORD": str(record_file)}
    with _server(out, env) as host:
        log(
            f"gunicorn на {host}; locust: {teachers} учителей и {parents} родителей "
            f"(вход за {LOGIN_WINDOW} с), {duration} с"
        )
        started = time.monotonic()
        _locust(host, users=teachers + parents, duration=duration, out=out, env=locust_env)
        elapsed = time.monotonic() - started

    recorded = report.read_record(record_file)
    requests = recorded["request"]
    if requests:
        first = min(r["at"] for r in requests)
        last = max(r["at"] + r["ms"] / 1000 for r in requests)
        elapsed = max(last - first, 1.0)
    return LoadResult(
        lines=report.summarise(requests, duration=elapsed),
        acknowledged=len(recorded["ack"]),
        conflicts=len(recorded["conflict"]),
        lost=report.verify_saves(recorded["ack"], history_after=history_after),
        duration=elapsed,
        teachers=teachers,
        parents=parents,
        workers=_workers_line(out / "gunicorn.log"),
        server_errors=_server_errors(out / "gunicorn.log"),
        load_average=os.getloadavg()[0],
    )


@contextmanager
def _server(out: Path, env: dict):
    """gunicorn with the production configuration on a free port, its address yielded
    once it answers, stopped afterwards whatever happened."""
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["-c", str(GUNICORN_CONF), "--bind", f"127.0.0.1:{port}"]
    with (out / "gunicorn.log").open("w") as server_log:
        server = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=server_log, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_up(host, server)
            yield host
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


def _locust(host: str, *, users: int, duration: int, out: Path, env: dict) -> None:
    """Locust headless: ``users`` log in over LOGIN_WINDOW seconds and work for
    ``duration`` seconds; its own failures are read from the record, not its code."""
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
    command += ["-u", str(users), "-r", str(max(users / LOGIN_WINDOW, 1))]
    command += ["-t", f"{duration}s", "--host", host, "--csv", str(out / "locust")]
    command += ["--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"]
    command += ["--exit-code-on-error", "0"]
    with (out / "locust.log").open("w") as locust_log:
        subprocess.run(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=locust_log,
            stderr=subprocess.STDOUT,
            check=True,
            timeout=duration + 180,
        )


def _server_errors(log_file: Path) -> list[str]:
    return [
        line.strip()
        for line in log_file.read_text(errors="replace").splitlines()
        if "Traceback" in line or " 500 " in line or "[ERROR]" in line
    ]


def _workers_line(log_file: Path) -> str:
    sizing = runpy.run_path(str(GUNICORN_CONF))
    booted = log_file.read_text(errors="replace").count("Booting worker")
    return f"gunicorn gthread: {booted} workers × {sizing['threads']} threads"
