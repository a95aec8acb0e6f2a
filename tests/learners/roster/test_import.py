"""The real run: exact rows, invitations, idempotence, transfers, a large file, and the
dry run writing nothing; queries constant in rows."""

import re
import time
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learners.models import Enrollment, Guardian, Guardianship, Learner, Role
from learners.roster.plan import TRANSFER_REASON
from learners.roster.services import roster_check, roster_import
from tests.factories import GuardianFactory, LearnerFactory, StaffFactory, UserFactory
from tests.learners.roster.conftest import learner_row, xlsx

pytestmark = pytest.mark.django_db
User = get_user_model()
WRITES = ("INSERT", "UPDATE", "DELETE")


def table_counts() -> dict[str, int]:
    from django.contrib.auth.models import Group

    return {
        "learners": Learner.objects.count(),
        "enrollments": Enrollment.objects.count(),
        "guardians": Guardian.objects.count(),
        "guardianships": Guardianship.objects.count(),
        "users": User.objects.count(),
        "memberships": User.groups.through.objects.count(),
        "groups": Group.objects.count(),
    }


def statements(captured) -> list[str]:
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
    return [q["sql"] for q in captured if not q["sql"].lstrip().upper().startswith(control)]


def writes(captured) -> list[str]:
    return [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(WRITES)]


def run(content, school, capture):
    with capture(execute=True):
        return roster_import(content=content, actor=school.deputy)


NO_PARENT = {f"p1_{k}": None for k in ("last_name", "first_name", "patronymic", "kinship",
                                        "email", "phone")}  # fmt: skip


def two_rows():
    first = learner_row(
        1,
        p2_last_name="Соколов",
        p2_first_name="Андрей",
        p2_patronymic="Ильич",
        p2_kinship="отец",
        p2_phone="+7 900 000-00-02",
    )
    return [first, learner_row(2, group="5Б", sex="ж", last_name="Соколова", p1_email="")]


def test_dry_run_writes_nothing(school):
    before = table_counts()
    with CaptureQueriesContext(connection) as captured:
        plan = roster_check(content=xlsx(two_rows()))
    assert [r.action for r in plan.rows] == ["create", "create"]
    assert writes(captured) == []
    assert table_counts() == before


def test_import_creates_exact_rows(school, django_capture_on_commit_callbacks, mailoutbox):
    before = table_counts()
    result = run(xlsx(two_rows()), school, django_capture_on_commit_callbacks)
    assert (result.created, result.changed, result.unchanged) == (2, 0, 0)
    assert (result.enrolled, result.transferred, result.guardians) == (2, 0, 3)
    assert (result.accounts, result.links, result.invitations) == (3, 3, 1)
    after = table_counts()
    assert {k: after[k] - before[k] for k in after} == {
        "learners": 2, "enrollments": 2, "guardians": 3, "guardianships": 3, "users": 3,
        "memberships": 3, "groups": 0,
    }  # fmt: skip
    first = Learner.objects.get(personal_file_number="ЛД-0001")
    second = Learner.objects.get(personal_file_number="ЛД-0002")
    assert (first.full_name, first.birth_date, first.sex) == (
        "Соколов Михаил1 Андреевич",
        date(2015, 4, 12),
        "m",
    )
    assert (second.full_name, second.sex) == ("Соколова Михаил2 Андреевич", "f")
    start = school.builder.year.starts_on
    assert list(
        Enrollment.objects.order_by("learner__personal_file_number").values_list(
            "learner__personal_file_number", "group__name", "started_on", "ended_on", "opened_by"
        )
    ) == [
        ("ЛД-0001", "5А", start, None, school.deputy.pk),
        ("ЛД-0002", "5Б", start, None, school.deputy.pk),
    ]
    assert sorted(
        Guardianship.objects.values_list(
            "learner__personal_file_number", "guardian__last_name", "guardian__first_name",
            "kinship", "guardian__phone", "guardian__user__email", "guardian__user__username",
        )
    )[:2] == [
        ("ЛД-0001", "Соколов", "Андрей", "father", "+7 900 000-00-02", "", _generated()),
        ("ЛД-0001", "Соколова", "Елена1", "mother", "+7 900 000-00-01",
         "sokolova1@example.org", "sokolova1@example.org"),
    ]  # fmt: skip
    parents = User.objects.filter(guardian__isnull=False)
    assert parents.count() == 3
    assert all(not u.has_usable_password() for u in parents)
    assert all(u.groups.filter(name=Role(Role.PARENT).label).exists() for u in parents)
    [mail] = mailoutbox
    assert mail.to == ["sokolova1@example.org"]
    assert mail.subject == "Приглашение в систему учёта результатов"
    assert "Ваше имя для входа: sokolova1@example.org" in mail.body
    assert "Здравствуйте, Елена1 Павловна!" in mail.body


class _Generated:
    def __eq__(self, other):
        return bool(re.fullmatch(r"roditel-[0-9a-f]{10}", other))


def _generated():
    return _Generated()


def test_invitation_link_sets_password_once(
    school, client, django_capture_on_commit_callbacks, mailoutbox
):
    run(xlsx([learner_row(1)]), school, django_capture_on_commit_callbacks)
    [mail] = mailoutbox
    link = re.search(r"http://\S+/password/reset/\S+/", mail.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get(f"/{path}", follow=True)
    assert form.context["validlink"] is True
    saved = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Сложный-пароль-2026", "new_password2": "Сложный-пароль-2026"},
    )
    assert saved.status_code == 302
    assert User.objects.get(email="sokolova1@example.org").check_password("Сложный-пароль-2026")
    client.logout()
    again = client.get(f"/{path}", follow=True)
    assert again.context["validlink"] is False


def test_reimport_same_file_changes_nothing(school, django_capture_on_commit_callbacks, mailoutbox):
    content = xlsx(two_rows())
    run(content, school, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    before = table_counts()
    plan = roster_check(content=content)
    assert [r.action for r in plan.rows] == ["same", "same"]
    assert [r.changes for r in plan.rows] == [[], []]
    with CaptureQueriesContext(connection) as captured:
        result = run(content, school, django_capture_on_commit_callbacks)
    assert (result.created, result.changed, result.unchanged, result.invitations) == (0, 0, 2, 0)
    assert writes(captured) == []
    assert table_counts() == before
    assert mailoutbox == []


def test_class_change_transfers(school, django_capture_on_commit_callbacks):
    learner = school.builder.learner(
        school.a,
        "Соколов",
        "Михаил1",
        "Андреевич",
        birth_date=date(2015, 4, 12),
        started_on=school.builder.year.starts_on,
    )
    learner.personal_file_number = "ЛД-0001"
    learner.sex = "m"
    learner.save()
    today = timezone.localdate()
    content = xlsx([learner_row(1, group="5Б", **NO_PARENT)])
    plan = roster_check(content=content)
    assert [(r.action, r.changes) for r in plan.rows] == [
        ("change", [f"Класс: 5А → 5Б с {today:%d.%m.%Y}"])
    ]
    result = run(content, school, django_capture_on_commit_callbacks)
    assert (result.changed, result.transferred, result.enrolled) == (1, 1, 0)
    assert list(
        learner.enrollments.order_by("started_on").values_list(
            "group__name", "started_on", "ended_on", "end_reason", "closed_by"
        )
    ) == [
        (
            "5А",
            school.builder.year.starts_on,
            today - timedelta(days=1),
            TRANSFER_REASON,
            school.deputy.pk,
        ),
        ("5Б", today, None, "", None),
    ]


def test_changed_fields_shown_old_to_new(school):
    LearnerFactory(personal_file_number="ЛД-0001", last_name="Соколов", first_name="Миша",
                   patronymic="Андреевич", birth_date=date(2015, 4, 11), sex="m")  # fmt: skip
    [row] = roster_check(content=xlsx([learner_row(1, **NO_PARENT)])).rows
    assert row.action == "change"
    assert row.changes == [
        "Имя: Миша → Михаил1",
        "Дата рождения: 11.04.2015 → 12.04.2015",
        f"Зачисление: в 5А с {school.builder.year.starts_on:%d.%m.%Y}",
    ]


def test_existing_guardian_linked_by_email(school, django_capture_on_commit_callbacks, mailoutbox):
    guardian = GuardianFactory(
        user=UserFactory(email="sokolova1@example.org", roles=[Role.PARENT]),
        last_name="Соколова", first_name="Елена1", patronymic="Павловна", phone="+7 900 000-00-01",
    )  # fmt: skip
    result = run(xlsx([learner_row(1)]), school, django_capture_on_commit_callbacks)
    assert (result.guardians, result.accounts, result.links, result.invitations) == (0, 0, 1, 0)
    assert list(Guardianship.objects.values_list("guardian", "kinship")) == [
        (guardian.pk, "mother")
    ]
    assert mailoutbox == []


def test_staff_member_becomes_parent(school, django_capture_on_commit_callbacks, mailoutbox):
    staff = StaffFactory(
        user=UserFactory(email="sokolova1@example.org", roles=[Role.TEACHER]),
        last_name="Соколова",
        first_name="Елена1",
        patronymic="Павловна",
    )
    result = run(xlsx([learner_row(1)]), school, django_capture_on_commit_callbacks)
    assert (result.guardians, result.accounts, result.invitations) == (1, 0, 0)
    assert Guardian.objects.get().user == staff.user
    assert set(staff.user.groups.values_list("name", flat=True)) == {
        Role(Role.TEACHER).label,
        Role(Role.PARENT).label,
    }
    assert mailoutbox == []


def test_import_refused_with_bad_rows(school):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        roster_import(
            content=xlsx([learner_row(1), learner_row(2, group="9Я")]), actor=school.deputy
        )
    assert refused.value.messages == [
        "В файле есть ошибки (строки 3): исправьте их и проверьте снова."
    ]
    assert Learner.objects.count() == 0


def queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def test_queries_constant_in_rows(school, django_capture_on_commit_callbacks):
    small = xlsx([learner_row(n) for n in range(1, 6)])
    large = xlsx([learner_row(n, group="5Б") for n in range(101, 141)])
    assert queries(lambda: roster_check(content=small)) == queries(
        lambda: roster_check(content=large)
    )
    with django_capture_on_commit_callbacks(execute=False):
        assert queries(lambda: roster_import(content=small, actor=school.deputy)) == queries(
            lambda: roster_import(content=large, actor=school.deputy)
        )


def test_thousand_rows_import(school, django_capture_on_commit_callbacks, mailoutbox):
    rows = [
        learner_row(n, group="5А" if n % 2 else "5Б",
                    p2_last_name="Соколов", p2_first_name=f"Андрей{n}", p2_kinship="отец",
                    p2_email=f"sokolov{n}@example.org" if n % 2 else "")
        for n in range(1, 1001)
    ]  # fmt: skip
    content = xlsx(rows)
    started = time.perf_counter()
    plan = roster_check(content=content)
    assert plan.counts == {"create": 1000, "change": 0, "same": 0, "error": 0}
    with (
        django_capture_on_commit_callbacks(execute=True),
        CaptureQueriesContext(connection) as captured,
    ):
        result = roster_import(content=content, actor=school.deputy)
    elapsed = time.perf_counter() - started
    assert (result.created, result.guardians, result.links, result.invitations) == (
        1000,
        2000,
        2000,
        1500,
    )
    assert Learner.objects.count() == 1000
    assert Enrollment.objects.filter(ended_on__isnull=True).count() == 1000
    assert len(mailoutbox) == 1500
    # Bulk writes: a few statements a batch of 500, not a few a row.
    assert len(statements(captured)) == 26
    assert elapsed < 30


def test_address_added_later_invites_once(school, django_capture_on_commit_callbacks, mailoutbox):
    run(xlsx([learner_row(1, p1_email="")]), school, django_capture_on_commit_callbacks)
    assert mailoutbox == []
    content = xlsx([learner_row(1)])
    [row] = roster_check(content=content).rows
    assert (row.action, row.changes) == (
        "change",
        ["Эл. почта родителя 1: — → sokolova1@example.org"],
    )
    result = run(content, school, django_capture_on_commit_callbacks)
    assert (result.guardians, result.accounts, result.invitations) == (0, 0, 1)
    assert Guardian.objects.get().user.email == "sokolova1@example.org"
    assert [m.to for m in mailoutbox] == [["sokolova1@example.org"]]
    assert [r.action for r in roster_check(content=content).rows] == ["same"]


def test_other_address_of_linked_parent_refused(school, django_capture_on_commit_callbacks):
    run(
        xlsx([learner_row(1, p1_email="old@example.org")]),
        school,
        django_capture_on_commit_callbacks,
    )
    [row] = roster_check(content=xlsx([learner_row(1)])).rows
    assert row.errors == [
        "Эл. почта родителя 1: у этого родителя в системе другой адрес; исправьте адрес в файле "
        "или в учётной записи родителя."
    ]
