"""The demo school's diagnostics and the read-only registers in the admin site."""

from datetime import date

import pytest
from django.contrib import admin

from achievements.diagnostics import admin as diagnostics_admin
from achievements.diagnostics.demo import generate
from achievements.models import DiagnosticChange, DiagnosticResult
from tests.achievements.diagnostics.helpers import result
from tests.schools import SchoolBuilder

pytestmark = pytest.mark.django_db


def test_demo_fills_klassruk_class_in_periods_begun(client):
    school = SchoolBuilder(today=date(2026, 11, 20))
    klassruk = school.class_teacher("Волкова", username="klassruk")
    group = school.group("7А", class_teacher=klassruk)
    school.learner(group, "Антонова", started_on=date(2026, 9, 1))
    school.learner(group, "Борисов", started_on=date(2026, 9, 1))
    other = school.group("7Б")
    school.learner(other, "Васильев", started_on=date(2026, 9, 1))

    summary = generate(today=date(2026, 11, 20), seed=17)

    # Two learners × four groups of УУД × the first and the second quarter.
    assert summary == {"diagnostics": 16}
    assert set(DiagnosticResult.objects.values_list("group__name", "period__number")) == {
        ("7А", 1), ("7А", 2),
    }  # fmt: skip
    assert DiagnosticChange.objects.count() == 16
    assert set(DiagnosticChange.objects.values_list("changed_by__username", flat=True)) == {
        "klassruk"
    }


def test_demo_without_klassruk_writes_nothing():
    SchoolBuilder(today=date(2026, 11, 20))

    assert generate(today=date(2026, 11, 20), seed=17) == {"diagnostics": 0}


def test_admin_registers_models_read_only(rf, journal, people):
    row = result(journal)
    model_admin = diagnostics_admin.DiagnosticResultAdmin(DiagnosticResult, admin.site)
    request = rf.get("/")
    request.user = people["deputy"]

    assert model_admin.has_view_permission(request, row) is True
    assert model_admin.has_change_permission(request, row) is False
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_delete_permission(request, row) is False


@pytest.mark.parametrize(("role", "expected"), [("director", True), ("clerk", False)])
def test_admin_history_view_by_role(rf, people, role, expected):
    model_admin = diagnostics_admin.DiagnosticChangeAdmin(DiagnosticChange, admin.site)
    request = rf.get("/")
    request.user = people[role]

    assert model_admin.has_view_permission(request) is expected
