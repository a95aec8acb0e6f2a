"""Small request helpers shared by the journal tests."""

import json

CELL_URL = "/journal/cell/"
PERIOD_MARK_URL = "/journal/period-mark/"
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")


def post_json(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def save_cell(client, lesson, learner, value, version=0, reason=""):
    body = {
        "lesson": lesson.pk,
        "learner": learner.pk,
        "value": value,
        "version": version,
        "reason": reason,
    }
    return post_json(client, CELL_URL, body)


def grid_url(group, subject, period):
    return f"/journal/{group.pk}/{subject.pk}/{period.pk}/"


def data_queries(captured):
    """SQL of the captured queries without transaction control statements."""
    return [
        q["sql"] for q in captured if not q["sql"].lstrip().upper().startswith(TRANSACTION_CONTROL)
    ]
