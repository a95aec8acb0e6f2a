"""Several teachers saving the same grid at once: each save either succeeds or is
refused with the cell's current level; none answers 500, and the one level stored has
its one history row (DESIGN: concurrent edits never silently lose data)."""

import threading

import pytest
from django.db import connections
from django.test import Client

from achievements.models import DiagnosticChange, DiagnosticResult
from tests.achievements.diagnostics.helpers import grid_post, grid_url

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 6


def post_together(user, url, bodies: list[dict]) -> list[int]:
    barrier = threading.Barrier(len(bodies))
    statuses: list[int | None] = [None] * len(bodies)

    def save(index, body):
        client = Client()
        client.force_login(user)
        try:
            barrier.wait(timeout=30)
            statuses[index] = client.post(url, body).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i, body)) for i, body in enumerate(bodies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def test_grid_same_empty_cell_at_once_one_level_wins_others_refused(journal):
    levels = ["high", "medium", "low"] * (THREADS // 3)
    bodies = [grid_post(journal, {(journal.learner, "personal"): level}) for level in levels]

    statuses = post_together(journal.teacher_user, grid_url(journal), bodies)

    stored = DiagnosticResult.objects.get()
    # Who chose the level that won is answered as saved (nothing left to change); the
    # others are refused with what is there now.
    assert statuses == [302 if level == stored.level else 400 for level in levels]
    assert (stored.version, DiagnosticChange.objects.get().new_level) == (1, stored.level)
