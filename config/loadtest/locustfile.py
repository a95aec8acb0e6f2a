"""The morning at a school, for locust: teachers log in, open their journals and type
marks as static/js/journal.js saves them; parents log in and read diaries.

Run by ``manage.py bench load``, which writes the plan (logins, journals, diaries) and
reads back what this file records: every request (for exact percentiles per endpoint)
and every save the server acknowledged, so it can check that each one is in the
database with its history row. Standalone:

    UCHET_LOAD_PLAN=plan.json UCHET_LOAD_RECORD=record.jsonl \\
        locust -f config/loadtest/locustfile.py --headless -u 100 -r 5 -t 120s \\
        --host http://127.0.0.1:8000
"""

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["UCHET_LOAD_PLAN"]).read_text())
RECORD = open(os.environ["UCHET_LOAD_RECORD"], "a", encoding="utf-8", buffering=1)  # noqa: SIM115
# Marks a teacher types; always one different from what the cell holds, so every
# acknowledged save is a real change with its history row.
VALUES = ["5", "4", "3", "2", "5/4", "4/5"]
ROW = re.compile(r'<tr data-learner="(\d+)">(.*?)</tr>', re.S)
# Editable cells only: class "cell" alone (exempt and not-enrolled cells carry more).
CELL = re.compile(
    r'<td class="cell" tabindex="-1" data-lesson="(\d+)" data-version="(\d+)">([^<]*)</td>'
)

_teacher_logins = itertools.cycle(PLAN["teachers"])
_parent_logins = itertools.cycle(PLAN["parents"])


def record(kind: str, **fields) -> None:
    RECORD.write(json.dumps({"kind": kind, **fields}, ensure_ascii=False) + "\n")


@events.request.add_listener
def _on_request(request_type, name, response_time, response, exception, start_time=0, **kw):
    record(
        "request",
        name=f"{request_type} {name}",
        ms=response_time,
        status=getattr(response, "status_code", 0),
        ok=exception is None,
        at=start_time,
        error=str(exception)[:200] if exception else "",
    )


def _answer(response) -> str:
    """The status, or what went wrong on the connection when there was none."""
    return str(response.status_code or getattr(response, "error", None) or "нет ответа")


@events.quitting.add_listener
def _on_quit(environment, **kw):
    RECORD.flush()


class SchoolUser(HttpUser):
    abstract = True
    login: dict

    def on_start(self):
        self.client.get("/login/", name="/login/")
        response = self.client.post(
            "/login/",
            {
                "username": self.login["username"],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
                "next": "",
            },
            name="/login/",
            catch_response=True,
        )
        with response:
            # A wrong login answers the form again (200 at /login/); success redirects home.
            if response.url.rstrip("/").endswith("/login"):
                response.failure(f"вход не удался: {self.login['username']}")
            else:
                response.success()


class Teacher(SchoolUser):
    fixed_count = PLAN["teacher_users"]
    wait_time = between(1, 3)

    def on_start(self):
        self.login = next(_teacher_logins)
        super().on_start()
        self.cells: dict[tuple[int, int], list] = {}
        self.open_journal()
        # A teacher opens the journal to enter a mark: the first save comes at once,
        # not after the wait, so that a run of any length measures saving.
        self.save_mark()

    @task(1)
    def open_journal(self):
        url = random.choice(self.login["journals"])
        with self.client.get(url, name="/journal/<grid>/", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"журнал: {_answer(response)}")
                return
            self.cells = {
                (int(lesson), int(learner)): [int(version), text]
                for learner, row in ROW.findall(response.text)
                for lesson, version, text in CELL.findall(row)
            }

    @task(10)
    def save_mark(self):
        if not self.cells:
            return self.open_journal()
        (lesson, learner), state = random.choice(list(self.cells.items()))
        version, current = state
        value = random.choice([v for v in VALUES if v != current])
        body = {"lesson": lesson, "learner": learner, "value": value, "version": version}
        with self.client.post(
            "/journal/cell/",
            data=json.dumps(body),
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
            },
            name="/journal/cell/",
            catch_response=True,
        ) as response:
            data = {}
            if "json" in response.headers.get("Content-Type", ""):
                try:
                    data = response.json()
                except ValueError:
                    data = {}
            if response.status_code == 200 and data.get("ok"):
                state[:] = [data["version"], data["value"]]
                record(
                    "ack",
                    user=self.login["username"],
                    lesson=lesson,
                    learner=learner,
                    value=data["value"],
                    version=data["version"],
                    sent_version=version,
                )
                response.success()
            elif response.status_code == 409 and "version" in data:
                # Someone saved the cell first: the answer carries the current value, as
                # the page shows it. A correct answer, counted apart from errors.
                state[:] = [data["version"], data.get("value", "")]
                record("conflict", user=self.login["username"], lesson=lesson, learner=learner)
                response.success()
            else:
                response.failure(f"сохранение: {_answer(response)} {(response.text or '')[:120]}")


class Parent(SchoolUser):
    fixed_count = PLAN["parent_users"]
    wait_time = between(2, 6)

    def on_start(self):
        self.login = next(_parent_logins)
        super().on_start()

    @task
    def read_diary(self):
        url = random.choice(self.login["diaries"])
        with self.client.get(url, name="/diary/<id>/", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"дневник: {_answer(response)}")
