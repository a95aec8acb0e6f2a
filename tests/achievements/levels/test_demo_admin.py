"""The demo's levels by stage on factory data, and the read-only registers in the admin
site."""

from datetime import date

import pytest
from django.contrib import admin
from django.test import RequestFactory

from achievements.levels import admin as levels_admin
from achievements.levels.demo import generate
from achievements.models import LevelResult, LevelResultChange
from learners.models import Role
from tests.achievements.levels.conftest import association
from tests.achievements.levels.helpers import result
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _club_members(club, count):
    return [
        club.school.learner(club.group, f"Участникова{n:02d}", started_on=date(2026, 9, 15))
        for n in range(count)
    ]


def _by_stage(stage):
    return {
        r.learner.last_name: (r.level, r.checked_on)
        for r in LevelResult.objects.filter(stage=stage).select_related("learner")
    }


def test_generate_entry_and_intermediate_after_first_period(club):
    _club_members(club, 8)

    summary = generate(today=date(2026, 12, 1), seed=17)

    assert summary == {"level_results": 20}
    entry, middle = _by_stage("entry"), _by_stage("intermediate")
    # Within two weeks of the club's start (15.09.2026); three days before the first
    # quarter ends (25.10.2026).
    assert {day for _, day in entry.values()} == {date(2026, 9, 23)}
    assert {day for _, day in middle.values()} == {date(2026, 10, 22)}
    assert {name: level for name, (level, _) in entry.items()} == {
        "Антонова": "С", "Борисов": "С", "Участникова00": "Н", "Участникова01": "С",
        "Участникова02": "С", "Участникова03": "С", "Участникова04": "Н",
        "Участникова05": "С", "Участникова06": "В", "Участникова07": "В",
    }  # fmt: skip
    moved = {name for name in entry if middle[name][0] != entry[name][0]}
    assert moved == {"Антонова", "Борисов"}
    assert (middle["Антонова"][0], middle["Борисов"][0]) == ("В", "В")
    assert set(LevelResultChange.objects.values_list("changed_by", flat=True)) == {
        club.teacher_user.pk
    }
    assert LevelResultChange.objects.count() == 20


def test_generate_twice_adds_nothing(club):
    generate(today=date(2026, 12, 1), seed=17)

    assert generate(today=date(2026, 12, 1), seed=17) == {"level_results": 0}
    assert LevelResult.objects.count() == 4


def test_generate_same_seed_same_levels(club):
    _club_members(club, 5)
    generate(today=date(2026, 12, 1), seed=5)
    first = _by_stage("entry") | {f"{k}+": v for k, v in _by_stage("intermediate").items()}
    LevelResultChange.objects.all().delete()
    LevelResult.objects.all().delete()

    generate(today=date(2026, 12, 1), seed=5)

    assert _by_stage("entry") | {f"{k}+": v for k, v in _by_stage("intermediate").items()} == first


def test_generate_early_in_year_entry_only(club):
    assert generate(today=date(2026, 10, 10), seed=17) == {"level_results": 2}
    assert set(LevelResult.objects.values_list("stage", flat=True)) == {"entry"}


def test_generate_skips_subject_not_on_levels_and_groups_without_learners(club):
    group, sport = association(club.school, "Футбол-1", "Футбол", scale="pass-fail")
    club.school.subject_teacher(group, sport)
    club.school.enroll(club.classmate, group, started_on=date(2026, 9, 15))
    association(club.school, "Шахматы-1", "Шахматы")

    generate(today=date(2026, 12, 1), seed=17)

    assert set(LevelResult.objects.values_list("group__name", flat=True)) == {"Робототехника-1"}


def test_generate_without_anyone_to_write_adds_nothing(club):
    club.teacher.is_active = False
    club.teacher.save()

    assert generate(today=date(2026, 12, 1), seed=17) == {"level_results": 0}


def test_generate_deputy_writes_when_no_teacher(club):
    club.teacher.is_active = False
    club.teacher.save()
    deputy = UserFactory(roles=[Role.DEPUTY])

    assert generate(today=date(2026, 12, 1), seed=17) == {"level_results": 4}
    assert set(LevelResultChange.objects.values_list("changed_by", flat=True)) == {deputy.pk}


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.parametrize(
    ("roles", "expected"), [([Role.DEPUTY], True), ([Role.DIRECTOR], True), ([Role.TEACHER], False)]
)
def test_admin_registers_read_only(club, roles, expected):
    saved = result(club, level="В")
    model_admin = levels_admin.LevelResultAdmin(LevelResult, admin.site)
    request = _request(UserFactory(roles=roles, is_staff=True))

    assert model_admin.has_view_permission(request, saved) is expected
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request, saved) is False
    assert model_admin.has_delete_permission(request, saved) is False
    history = levels_admin.LevelResultChangeAdmin(LevelResultChange, admin.site)
    assert history.has_view_permission(request) is expected
    assert history.has_add_permission(request) is False
