"""The mark-history admin stays as cheap with a decade of history as with a week:
the newest rows come off an index matching the list's order, no date hierarchy scans
the whole table, the date filter works by ranges, and the queries do not grow."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from achievements.admin import HistoryPaginator
from achievements.models import CellChange, PeriodMarkChange
from tests.achievements.factories import CellChangeFactory, PeriodMarkChangeFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODELS = {
    "cellchange": (CellChange, CellChangeFactory, "cell"),
    "periodmarkchange": (PeriodMarkChange, PeriodMarkChangeFactory, "mark"),
}


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture(params=list(MODELS))
def history(request):
    """The model, a factory of its rows (all of one cell or one mark: each new mark
    would bring a study period of its own) and the changelist's address."""
    model, factory, parent = MODELS[request.param]
    first = factory()

    def make(count=1):
        rows = factory.create_batch(count, **{parent: getattr(first, parent)})
        return rows[0] if count == 1 else rows

    return model, make, first, f"/admin/achievements/{request.param}/"


def test_history_admin_index_matches_ordering(history):
    model, _, _, _ = history
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)

    assert model._meta.ordering == ["-changed_at", "-pk"]
    assert any(
        c["index"] and c["columns"] == ["changed_at", "id"] and c["orders"] == ["DESC", "DESC"]
        for c in constraints.values()
    )


def test_history_admin_no_date_hierarchy_no_full_count(superuser_client, history):
    _, _, _, base = history

    changelist = superuser_client.get(base).context["cl"]

    assert changelist.date_hierarchy is None
    assert changelist.model_admin.show_full_result_count is False


def test_history_admin_queries_constant_for_3_and_40_rows(superuser_client, history):
    _, make, _, base = history
    make(2)
    with CaptureQueriesContext(connection) as few:
        superuser_client.get(base)
    make(37)

    with CaptureQueriesContext(connection) as many:
        response = superuser_client.get(base)

    assert len(many.captured_queries) == len(few.captured_queries)
    assert response.context["cl"].result_count == 40


def test_history_admin_date_filter_past_week(superuser_client, history):
    model, make, old, base = history
    recent = make()
    model.objects.filter(pk=old.pk).update(changed_at=timezone.now() - timedelta(days=30))
    changelist = superuser_client.get(base).context["cl"]
    [date_filter] = changelist.filter_specs
    week = next(c for c in date_filter.choices(changelist) if c["display"] == "Последние 7 дней")

    response = superuser_client.get(base + week["query_string"])

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [recent]


def test_history_admin_count_estimated_on_postgresql_exact_on_sqlite(
    superuser_client, history, monkeypatch
):
    model, make, _, base = history
    make(39)
    monkeypatch.setattr(HistoryPaginator, "estimate_from", 1)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {model._meta.db_table}")

    with CaptureQueriesContext(connection) as captured:
        response = superuser_client.get(base)

    counts = [q for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert response.context["cl"].result_count == 40
    assert len(counts) == (0 if connection.vendor == "postgresql" else 1)


def test_history_admin_filtered_count_exact(superuser_client, history, monkeypatch):
    model, make, old, base = history
    make(4)
    model.objects.filter(pk=old.pk).update(changed_at=timezone.now() - timedelta(days=30))
    monkeypatch.setattr(HistoryPaginator, "estimate_from", 1)
    week_ago = (timezone.now() - timedelta(days=7)).isoformat()

    response = superuser_client.get(base, {"changed_at__gte": week_ago})

    assert response.context["cl"].result_count == 4
