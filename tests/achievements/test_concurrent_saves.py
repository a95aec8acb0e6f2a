"""Many teachers saving at once (issue «It holds», DESIGN: bad input and faults): twenty
threads post to /journal/cell/ at the same instant, each with its own connection, on the
database the suite runs on — a file in WAL mode with IMMEDIATE write transactions on
SQLite, or PostgreSQL. Every save either succeeds or answers 409 with the current value;
none answers 500, and every acknowledged save is stored with its history row."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connections
from django.test import Client

from achievements.models import CellChange, JournalCell
from tests.achievements.factories import LessonFactory

# Transactional: the threads must see what the others committed. The rollback restores the
# grading scales and roles the data migrations wrote.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 20


def post_together(user, bodies: list[dict]) -> list[tuple[int, dict]]:
    """Post every body from its own thread, released at the same moment."""
    barrier = threading.Barrier(len(bodies))
    answers: list[tuple[int, dict] | None] = [None] * len(bodies)

    def save(index, body):
        client = Client()
        client.force_login(user)
        try:
            barrier.wait(timeout=30)
            response = client.post("/journal/cell/", body, content_type="application/json")
            answers[index] = (response.status_code, response.json())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i, body)) for i, body in enumerate(bodies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def test_cell_save_twenty_cells_at_once_all_stored(journal):
    lessons = [journal.lesson] + [
        LessonFactory(
            group=journal.group,
            subject=journal.subject,
            period=journal.period,
            date=date(2026, 9, 16) + timedelta(days=i),
            number=1,
        )
        for i in range(THREADS - 1)
    ]
    bodies = [
        {"lesson": lesson.pk, "learner": journal.learner.pk, "value": "5", "version": 0}
        for lesson in lessons
    ]

    answers = post_together(journal.teacher_user, bodies)

    assert answers == [(200, {"ok": True, "value": "5", "version": 1})] * THREADS
    assert sorted(
        JournalCell.objects.filter(learner=journal.learner).values_list("lesson_id", "marks")
    ) == sorted((lesson.pk, "5") for lesson in lessons)
    assert CellChange.objects.filter(new_marks="5", old_marks="").count() == THREADS


def test_cell_save_same_empty_cell_at_once_one_wins_others_conflict(journal):
    values = [str(5 - i % 4) for i in range(THREADS)]
    body = {"lesson": journal.lesson.pk, "learner": journal.learner.pk, "version": 0}

    answers = post_together(journal.teacher_user, [body | {"value": v} for v in values])

    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] + [409] * (THREADS - 1)
    cell = JournalCell.objects.get(lesson=journal.lesson, learner=journal.learner)
    winner = next(payload for status, payload in answers if status == 200)
    assert winner == {"ok": True, "value": cell.marks, "version": 1}
    conflicts = [payload for status, payload in answers if status == 409]
    assert conflicts == [
        {
            "ok": False,
            "error": f"Отметку уже изменили: сейчас в ячейке «{cell.marks}». "
            "Проверьте и введите снова.",
            "value": cell.marks,
            "version": 1,
        }
    ] * (THREADS - 1)
    assert list(CellChange.objects.values_list("old_marks", "new_marks")) == [("", cell.marks)]


def test_cell_save_same_cell_same_version_at_once_one_wins(journal):
    """The race the probe measured on SQLite: 35 of 40 such pairs answered 500."""
    first = Client()
    first.force_login(journal.teacher_user)
    first.post(
        "/journal/cell/",
        {"lesson": journal.lesson.pk, "learner": journal.learner.pk, "value": "3", "version": 0},
        content_type="application/json",
    )
    body = {"lesson": journal.lesson.pk, "learner": journal.learner.pk, "version": 1}

    answers = post_together(journal.teacher_user, [body | {"value": "4"}] * THREADS)

    assert sorted(status for status, _ in answers) == [200] + [409] * (THREADS - 1)
    assert JournalCell.objects.get(lesson=journal.lesson, learner=journal.learner).version == 2
    assert list(CellChange.objects.order_by("pk").values_list("old_marks", "new_marks")) == [
        ("", "3"),
        ("3", "4"),
    ]
