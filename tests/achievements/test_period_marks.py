"""Attestation marks (R-JRN-4, R-JRN-5, R-JRN-6): the period mark through
POST /journal/period-mark/ and the year (and final) marks through the year page form.

In the first quarter Антонова has 5 (work on the lesson, weight 1), 4 (control work,
weight 2) and 5 (weight 1): weighted mean 4.50, so with the seeded rule
(weighted, 2.60/3.60/4.60, at least 3 marks) the journal proposes «4»; Борисов has
two fives only, so the journal proposes «н/а»."""

from datetime import date

import pytest

from achievements.models import AttestationRule, MarkKind, PeriodMark, PeriodMarkChange
from learners.models import Role
from tests.achievements.factories import (
    CONTROL_WORK,
    JournalCellFactory,
    LessonFactory,
    PeriodClosureFactory,
    PeriodMarkFactory,
    work_kind,
)
from tests.achievements.helpers import PERIOD_MARK_URL, grid_url, post_json
from tests.factories import (
    AcademicYearFactory,
    EnrollmentFactory,
    LearnerFactory,
    ProgrammeFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    TeachingAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CLOSED = "Период закрыт: отметку исправляет заместитель директора с указанием причины."


@pytest.fixture
def marked(journal):
    second = LessonFactory(
        group=journal.group,
        subject=journal.subject,
        period=journal.period,
        date=date(2026, 9, 22),
        work_kind=work_kind(CONTROL_WORK),
    )
    third = LessonFactory(
        group=journal.group, subject=journal.subject, period=journal.period, date=date(2026, 9, 29)
    )
    for lesson, mark in [(journal.lesson, "5"), (second, "4"), (third, "5")]:
        JournalCellFactory(lesson=lesson, learner=journal.learner, marks=mark)
    for lesson in (journal.lesson, second):
        JournalCellFactory(lesson=lesson, learner=journal.classmate, marks="5")
    return journal


def post_mark(client, journal, value, version=0, reason="", learner=None, **overrides):
    body = {
        "learner": (learner or journal.learner).pk,
        "group": journal.group.pk,
        "subject": journal.subject.pk,
        "period": journal.period.pk,
        "kind": "period",
        "value": value,
        "version": version,
        "reason": reason,
    } | overrides
    return post_json(client, PERIOD_MARK_URL, body)


def history():
    return list(
        PeriodMarkChange.objects.order_by("pk").values_list(
            "old_value", "new_value", "proposed", "reason", "changed_by"
        )
    )


def stored(learner, kind=MarkKind.PERIOD):
    mark = PeriodMark.objects.get(learner=learner, kind=kind)
    return mark.value, mark.proposed, mark.reason, mark.version


# Period marks ---------------------------------------------------------------------------


def test_period_mark_confirm_proposed_needs_no_reason(teacher_client, marked):
    response = post_mark(teacher_client, marked, "4")

    assert response.status_code == 200
    assert response.json() == {"ok": True, "value": "4", "version": 1, "proposed": "4"}
    mark = PeriodMark.objects.get()
    assert (mark.learner, mark.subject, mark.kind, mark.period, mark.year) == (
        marked.learner,
        marked.subject,
        MarkKind.PERIOD,
        marked.period,
        marked.year,
    )
    assert stored(marked.learner) == ("4", "4", "", 1)
    assert mark.updated_by == marked.teacher_user
    assert history() == [("", "4", "4", "", marked.teacher_user.pk)]


def test_period_mark_confirm_not_attested_below_min_marks(teacher_client, marked):
    response = post_mark(teacher_client, marked, "н/а", learner=marked.classmate)

    assert response.status_code == 200
    assert response.json() == {"ok": True, "value": "н/а", "version": 1, "proposed": "н/а"}
    assert stored(marked.classmate) == ("н/а", "н/а", "", 1)


def test_period_mark_arithmetic_rule_proposes_from_plain_mean(teacher_client, marked):
    AttestationRule.objects.update(method="mean")

    response = post_mark(teacher_client, marked, "5")

    assert response.status_code == 200
    assert response.json() == {"ok": True, "value": "5", "version": 1, "proposed": "5"}


@pytest.mark.parametrize("value", ["5", "3", "2", "н/а", "осв."])
def test_period_mark_different_value_without_reason_refused(teacher_client, marked, value):
    response = post_mark(teacher_client, marked, value, reason="  ")

    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "error": f"Журнал предлагает «4». Чтобы поставить «{value}», укажите причину.",
        "needs_reason": True,
    }
    assert PeriodMark.objects.count() == 0
    assert PeriodMarkChange.objects.count() == 0


def test_period_mark_different_value_with_reason_keeps_proposed(teacher_client, marked):
    response = post_mark(teacher_client, marked, "5", reason=" Призёр олимпиады ")

    assert response.status_code == 200
    assert response.json() == {"ok": True, "value": "5", "version": 1, "proposed": "4"}
    assert stored(marked.learner) == ("5", "4", "Призёр олимпиады", 1)
    assert history() == [("", "5", "4", "Призёр олимпиады", marked.teacher_user.pk)]


def test_period_mark_history_row_per_change(teacher_client, marked):
    teacher = marked.teacher_user.pk
    post_mark(teacher_client, marked, "4", 0)
    post_mark(teacher_client, marked, "5", 1, "Призёр олимпиады")
    post_mark(teacher_client, marked, "4", 2)
    post_mark(teacher_client, marked, "", 3)

    assert history() == [
        ("", "4", "4", "", teacher),
        ("4", "5", "4", "Призёр олимпиады", teacher),
        ("5", "4", "4", "", teacher),
        ("4", "", "4", "", teacher),
    ]
    assert stored(marked.learner) == ("", "4", "", 4)


def test_period_mark_same_value_again_writes_no_history(teacher_client, marked):
    post_mark(teacher_client, marked, "4", 0)

    response = post_mark(teacher_client, marked, "4", 1)

    assert response.status_code == 200
    assert response.json() == {"ok": True, "value": "4", "version": 1, "proposed": "4"}
    assert PeriodMarkChange.objects.count() == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("6", "«6» нельзя поставить за период. Можно: 5, 4, 3, 2, н/а, осв."),
        ("1", "«1» нельзя поставить за период. Можно: 5, 4, 3, 2, н/а, осв."),
        ("зач", "«зач» нельзя поставить за период. Можно: 5, 4, 3, 2, н/а, осв."),
    ],
)
def test_period_mark_value_off_scale_refused(teacher_client, marked, value, message):
    response = post_mark(teacher_client, marked, value, reason="причина")

    assert response.status_code == 400
    assert response.json() == {"ok": False, "error": message}
    assert PeriodMark.objects.count() == 0


@pytest.mark.parametrize("whole_organisation", [True, False])
def test_period_mark_closed_period_refused_for_teacher(teacher_client, marked, whole_organisation):
    PeriodMarkFactory(
        learner=marked.learner,
        subject=marked.subject,
        period=marked.period,
        value="4",
        proposed="4",
        updated_by=marked.teacher_user,
    )
    PeriodClosureFactory(period=marked.period, group=None if whole_organisation else marked.group)

    response = post_mark(teacher_client, marked, "5", 1, "Призёр олимпиады")

    assert response.status_code == 400
    assert response.json() == {"ok": False, "error": CLOSED}
    assert stored(marked.learner) == ("4", "4", "", 1)
    assert PeriodMarkChange.objects.count() == 0


def test_period_mark_closed_period_deputy_corrects_with_reason(client, marked):
    PeriodMarkFactory(
        learner=marked.learner, subject=marked.subject, period=marked.period, value="4"
    )
    PeriodClosureFactory(period=marked.period)
    deputy = UserFactory(roles=[Role.DEPUTY])
    client.force_login(deputy)

    response = post_mark(client, marked, "5", 1, "Решение педсовета № 3")

    assert response.status_code == 200
    assert response.json() == {"ok": True, "value": "5", "version": 2, "proposed": "4"}
    assert stored(marked.learner) == ("5", "4", "Решение педсовета № 3", 2)
    assert history() == [("4", "5", "4", "Решение педсовета № 3", deputy.pk)]


def test_period_mark_closed_period_deputy_without_reason_refused(client, marked):
    PeriodMarkFactory(
        learner=marked.learner,
        subject=marked.subject,
        period=marked.period,
        value="5",
        proposed="4",
        reason="Призёр олимпиады",
    )
    PeriodClosureFactory(period=marked.period)
    client.force_login(UserFactory(roles=[Role.DEPUTY]))

    response = post_mark(client, marked, "4", 1)

    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "error": "Укажите причину исправления.",
        "needs_reason": True,
    }
    assert stored(marked.learner) == ("5", "4", "Призёр олимпиады", 1)
    assert PeriodMarkChange.objects.count() == 0


def test_period_mark_stale_version_conflict(teacher_client, marked):
    PeriodMarkFactory(
        learner=marked.learner, subject=marked.subject, period=marked.period, value="4"
    )

    response = post_mark(teacher_client, marked, "5", 0, "Призёр олимпиады")

    assert response.status_code == 409
    assert response.json() == {
        "ok": False,
        "error": "Отметку уже изменили: сейчас «4».",
        "value": "4",
        "version": 1,
    }
    assert stored(marked.learner) == ("4", "5", "", 1)
    assert PeriodMarkChange.objects.count() == 0


def test_period_mark_stale_version_of_missing_mark_conflict(teacher_client, marked):
    response = post_mark(teacher_client, marked, "4", 1)

    assert response.status_code == 409
    assert response.json() == {
        "ok": False,
        "error": "Отметку уже изменили: сейчас «пусто».",
        "value": "",
        "version": 0,
    }
    assert PeriodMark.objects.count() == 0


@pytest.mark.parametrize("who", ["other_teacher", "director", "class_teacher"])
def test_period_mark_without_write_access_forbidden(client, marked, who):
    if who == "other_teacher":
        user = TeachingAssignmentFactory(subject=marked.subject).teacher.user
    elif who == "director":
        user = UserFactory(roles=[Role.DIRECTOR])
    else:
        user = UserFactory(roles=[Role.CLASS_TEACHER])
        from tests.factories import StaffFactory

        marked.group.class_teacher = StaffFactory(user=user)
        marked.group.save()
    client.force_login(user)

    response = post_mark(client, marked, "4")

    assert response.status_code == 403
    assert response.json() == {
        "ok": False,
        "error": "Отметки аттестации ставит учитель, который ведёт журнал.",
    }
    assert PeriodMark.objects.count() == 0


def test_period_mark_learner_not_in_group_refused(teacher_client, marked):
    stranger = EnrollmentFactory(group=StudyGroupFactory(year=marked.year, name="6А")).learner

    response = post_mark(teacher_client, marked, "4", learner=stranger)

    assert response.status_code == 400
    assert response.json() == {"ok": False, "error": "Обучающийся не числится в этом классе."}
    assert PeriodMark.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "quarterly"}, "Неизвестный вид отметки."),
        ({"period": ""}, "Период не найден."),
        ({"period": 10**6}, "Период не найден."),
        ({"group": 10**6}, "Журнал не найден."),
    ],
)
def test_period_mark_bad_request_refused(teacher_client, marked, overrides, message):
    response = post_mark(teacher_client, marked, "4", **overrides)

    assert response.status_code == 400
    assert response.json() == {"ok": False, "error": message}


def test_period_mark_period_of_other_year_refused(teacher_client, marked):
    other_year = AcademicYearFactory(
        name="2025/2026", starts_on=date(2025, 9, 1), ends_on=date(2026, 5, 31)
    )
    old = StudyPeriodFactory(
        year=other_year, starts_on=date(2025, 9, 1), ends_on=date(2025, 10, 26)
    )

    response = post_mark(teacher_client, marked, "4", period=old.pk)

    assert response.status_code == 400
    assert response.json() == {"ok": False, "error": "Период не найден."}


def test_period_mark_grid_shows_mean_proposal_and_mark(teacher_client, marked):
    post_mark(teacher_client, marked, "5", 0, "Призёр олимпиады")

    response = teacher_client.get(grid_url(marked.group, marked.subject, marked.period))

    rows = {
        row.learner.pk: (str(row.mean), row.proposed, row.mark and row.mark.value)
        for row in response.context["grid"].rows
    }
    assert rows == {
        marked.learner.pk: ("4.50", "4", "5"),
        marked.classmate.pk: ("5.00", "н/а", None),
    }


def test_period_mark_grid_min_marks_zero_learner_without_marks(teacher_client, journal):
    AttestationRule.objects.update(min_marks=0)

    response = teacher_client.get(grid_url(journal.group, journal.subject, journal.period))

    assert response.status_code == 200
    assert [row.proposed for row in response.context["grid"].rows] == ["н/а", "н/а"]


def test_period_mark_endpoint_year_kind_creates_year_mark(teacher_client, marked):
    give_period_marks(marked, marked.learner, ["5", "4", "5", "4"])

    response = post_mark(teacher_client, marked, "4", kind="year", period="")

    assert response.status_code == 200
    assert response.json() == {"ok": True, "value": "4", "version": 1, "proposed": "4"}
    assert stored(marked.learner, MarkKind.YEAR) == ("4", "4", "", 1)


# Year and final marks ---------------------------------------------------------------------

# The rest of 2026/2027 after the fixture's first quarter (01.09–25.10.2026).
LATER_QUARTERS = [
    (2, date(2026, 11, 5), date(2026, 12, 27)),
    (3, date(2027, 1, 11), date(2027, 3, 21)),
    (4, date(2027, 3, 31), date(2027, 5, 31)),
]


def year_url(journal, group=None):
    return f"/journal/{(group or journal.group).pk}/{journal.subject.pk}/year/{journal.year.pk}/"


def give_period_marks(journal, learner, values):
    periods = [journal.period] + [
        StudyPeriodFactory(year=journal.year, number=n, starts_on=s, ends_on=e)
        for n, s, e in LATER_QUARTERS
        if not journal.year.periods.filter(number=n).exists()
    ]
    periods = sorted(journal.year.periods.all(), key=lambda p: p.starts_on)
    for period, value in zip(periods, values, strict=True):
        if value:
            PeriodMarkFactory(
                learner=learner, subject=journal.subject, period=period, value=value, proposed=value
            )


def year_form(rows, action="save"):
    """rows: {learner: (year value, year version, reason)} as the page posts them."""
    data = {"action": action}
    for learner, (value, version, reason) in rows.items():
        data |= {
            f"year_{learner.pk}": value,
            f"year_version_{learner.pk}": str(version),
            f"reason_{learner.pk}": reason,
        }
    return data


@pytest.fixture
def four_learners(journal):
    third = EnrollmentFactory(group=journal.group, learner=LearnerFactory(last_name="Васильев"))
    fourth = EnrollmentFactory(group=journal.group, learner=LearnerFactory(last_name="Григорьева"))
    learners = [journal.learner, journal.classmate, third.learner, fourth.learner]
    give_period_marks(journal, learners[0], ["5", "4", "5", "4"])  # 4.50 → «4»
    give_period_marks(journal, learners[1], ["5", "5", "", ""])  # half the year: none
    give_period_marks(journal, learners[2], ["н/а", "", "", ""])  # one quarter: none
    give_period_marks(journal, learners[3], ["3", "3", "3", "3"])  # 3.00 → «3»
    PeriodMarkFactory(
        learner=learners[3],
        subject=journal.subject,
        kind=MarkKind.YEAR,
        period=None,
        year=journal.year,
        value="4",
        proposed="3",
        reason="Итоговая контрольная на «5»",
    )
    return learners


def year_marks(kind=MarkKind.YEAR):
    return {
        m.learner.last_name: (m.value, m.proposed, m.reason, m.version)
        for m in PeriodMark.objects.filter(kind=kind).select_related("learner")
    }


def test_year_page_shows_proposals_only_for_complete_years(teacher_client, journal, four_learners):
    a = four_learners[0]
    response = teacher_client.get(year_url(journal))

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r["learner"].last_name, r["periods"], r["proposed"]) for r in rows] == [
        ("Антонова", ["5", "4", "5", "4"], "4"),
        ("Борисов", ["5", "5", "", ""], ""),
        ("Васильев", ["н/а", "", "", ""], ""),
        ("Григорьева", ["3", "3", "3", "3"], "3"),
    ]
    assert response.context["graduating"] is False
    html = response.content.decode()
    assert f'name="final_{journal.learner.pk}"' not in html
    # A proposal is words beside an empty field, never a placeholder inside it.
    assert "placeholder" not in html
    assert html.count('class="proposal"') == 1
    assert (
        f'aria-describedby="proposal-{a.pk}">\n'
        f'            <span class="proposal" id="proposal-{a.pk}">предложено: 4</span>'
    ) in html
    assert html.count("нет: не все периоды") == 2


def test_year_page_confirm_sets_proposed_for_empty_rows(teacher_client, journal, four_learners):
    a, b, c, d = four_learners
    data = year_form({a: ("", 0, ""), b: ("", 0, ""), c: ("", 0, ""), d: ("4", 1, "")}, "confirm")

    response = teacher_client.post(year_url(journal), data)

    assert response.status_code == 302
    assert response["Location"] == year_url(journal)
    # Борисов and Васильев have no proposal (not every period is marked): left empty.
    assert year_marks() == {
        "Антонова": ("4", "4", "", 1),
        "Григорьева": ("4", "3", "Итоговая контрольная на «5»", 1),
    }
    assert history() == [("", "4", "4", "", journal.teacher_user.pk)]


def test_year_page_save_leaves_empty_rows_empty(teacher_client, journal, four_learners):
    a, b, c, d = four_learners
    data = year_form({a: ("4", 0, ""), b: ("", 0, ""), c: ("", 0, ""), d: ("4", 1, "")})

    response = teacher_client.post(year_url(journal), data)

    assert response.status_code == 302
    assert year_marks() == {
        "Антонова": ("4", "4", "", 1),
        "Григорьева": ("4", "3", "Итоговая контрольная на «5»", 1),
    }


def test_year_page_override_without_reason_shows_error(teacher_client, journal, four_learners):
    a, b, c, d = four_learners
    data = year_form({a: ("5", 0, ""), b: ("5", 0, ""), c: ("", 0, ""), d: ("4", 1, "")})

    response = teacher_client.post(year_url(journal), data)

    assert response.status_code == 200
    assert response.context["errors"] == [
        "Антонова М.И.: Журнал предлагает «4». Чтобы поставить «5», укажите причину.",
        "Борисов М.И.: Отметки выставлены не за все периоды года, и журнал не предлагает "
        "годовую отметку. Чтобы поставить «5», укажите причину.",
    ]
    assert "Журнал предлагает «4». Чтобы поставить «5», укажите причину." in (
        response.content.decode()
    )
    assert year_marks() == {
        "Григорьева": ("4", "3", "Итоговая контрольная на «5»", 1),
    }


def test_year_mark_without_complete_year_saved_with_reason(teacher_client, journal, four_learners):
    a, b, c, d = four_learners
    reason = "Выбывает в другую школу"
    data = year_form({a: ("", 0, ""), b: ("5", 0, reason), c: ("", 0, ""), d: ("4", 1, "")})

    response = teacher_client.post(year_url(journal), data)

    assert response.status_code == 302
    assert year_marks()["Борисов"] == ("5", "", reason, 1)
    assert history() == [("", "5", "", reason, journal.teacher_user.pk)]


def test_year_page_period_mark_completing_year_brings_proposal(
    teacher_client, journal, four_learners
):
    b = four_learners[1]
    periods = sorted(journal.year.periods.all(), key=lambda p: p.starts_on)
    for period in periods[2:]:
        PeriodMarkFactory(
            learner=b, subject=journal.subject, period=period, value="4", proposed="4"
        )

    rows = teacher_client.get(year_url(journal)).context["rows"]

    assert [(r["learner"].last_name, r["proposed"]) for r in rows] == [
        ("Антонова", "4"),
        ("Борисов", "4"),  # 5, 5, 4, 4 → 4,50, below the default 4,60 for «5»
        ("Васильев", ""),
        ("Григорьева", "3"),
    ]


def test_year_page_override_with_reason_stored(teacher_client, journal, four_learners):
    a, b, c, d = four_learners
    reason = "Победитель регионального этапа"
    data = year_form({a: ("5", 0, reason), b: ("", 0, ""), c: ("", 0, ""), d: ("4", 1, "")})

    response = teacher_client.post(year_url(journal), data)

    assert response.status_code == 302
    assert year_marks()["Антонова"] == ("5", "4", "Победитель регионального этапа", 1)
    assert history() == [("", "5", "4", "Победитель регионального этапа", journal.teacher_user.pk)]


def test_year_page_change_existing_year_mark_to_proposed(teacher_client, journal, four_learners):
    a, b, c, d = four_learners
    data = year_form({a: ("", 0, ""), b: ("", 0, ""), c: ("", 0, ""), d: ("3", 1, "")})

    response = teacher_client.post(year_url(journal), data)

    assert response.status_code == 302
    assert year_marks() == {"Григорьева": ("3", "3", "", 2)}
    assert history() == [("4", "3", "3", "", journal.teacher_user.pk)]


def test_year_page_stale_version_shows_conflict(teacher_client, journal, four_learners):
    a, b, c, d = four_learners
    data = year_form({a: ("", 0, ""), b: ("", 0, ""), c: ("", 0, ""), d: ("3", 0, "")})

    response = teacher_client.post(year_url(journal), data)

    assert response.status_code == 200
    assert response.context["errors"] == ["Григорьева М.И.: Отметку уже изменили: сейчас «4»."]
    assert year_marks() == {"Григорьева": ("4", "3", "Итоговая контрольная на «5»", 1)}


@pytest.fixture
def graduating(journal):
    """9А of a programme whose last grade is 9, taught by the same teacher; Антонова's
    quarters 5, 5, 5, 4 → 4.75 → «5»."""
    programme = ProgrammeFactory(first_grade=5, last_grade=9)
    group = StudyGroupFactory(year=journal.year, programme=programme, grade=9, name="9А")
    TeachingAssignmentFactory(teacher=journal.teacher, group=group, subject=journal.subject)
    learner = EnrollmentFactory(group=group, learner=LearnerFactory(last_name="Дмитриева")).learner
    give_period_marks(journal, learner, ["5", "5", "5", "4"])
    return group, learner


def final_form(learner, year, final, reason="", action="save"):
    return {
        "action": action,
        f"year_{learner.pk}": year,
        f"year_version_{learner.pk}": "0",
        f"final_{learner.pk}": final,
        f"final_version_{learner.pk}": "0",
        f"reason_{learner.pk}": reason,
    }


def test_year_page_graduating_class_has_final_column(teacher_client, journal, graduating):
    group, learner = graduating

    response = teacher_client.get(year_url(journal, group))

    assert response.status_code == 200
    assert response.context["graduating"] is True
    assert f'name="final_{learner.pk}"' in response.content.decode()


def test_year_page_graduating_class_final_follows_year_mark(teacher_client, journal, graduating):
    group, learner = graduating

    response = teacher_client.post(year_url(journal, group), final_form(learner, "5", "5"))

    assert response.status_code == 302
    assert year_marks(MarkKind.YEAR) == {"Дмитриева": ("5", "5", "", 1)}
    assert year_marks(MarkKind.FINAL) == {"Дмитриева": ("5", "5", "", 1)}
    final = PeriodMark.objects.get(kind=MarkKind.FINAL)
    assert (final.period, final.year, final.subject) == (None, journal.year, journal.subject)


def test_year_page_graduating_class_confirm_leaves_final_empty(teacher_client, journal, graduating):
    group, learner = graduating

    teacher_client.post(year_url(journal, group), final_form(learner, "", "", action="confirm"))

    assert year_marks(MarkKind.YEAR) == {"Дмитриева": ("5", "5", "", 1)}
    assert year_marks(MarkKind.FINAL) == {}


def test_year_page_graduating_class_final_override_needs_reason(
    teacher_client, journal, graduating
):
    group, learner = graduating

    refused = teacher_client.post(year_url(journal, group), final_form(learner, "5", "4"))

    assert refused.status_code == 200
    assert refused.context["errors"] == [
        "Дмитриева М.И.: Журнал предлагает «5». Чтобы поставить «4», укажите причину."
    ]
    assert year_marks(MarkKind.FINAL) == {}

    data = final_form(learner, "5", "4", reason="Экзамен") | {f"year_version_{learner.pk}": "1"}
    response = teacher_client.post(year_url(journal, group), data)

    assert response.status_code == 302
    assert year_marks(MarkKind.FINAL) == {"Дмитриева": ("4", "5", "Экзамен", 1)}


def test_year_page_final_ignored_outside_graduating_class(teacher_client, journal, four_learners):
    a, b, c, d = four_learners
    data = year_form({a: ("4", 0, ""), b: ("", 0, ""), c: ("", 0, ""), d: ("4", 1, "")})
    data |= {f"final_{a.pk}": "4", f"final_version_{a.pk}": "0"}

    response = teacher_client.post(year_url(journal), data)

    assert response.status_code == 302
    assert year_marks(MarkKind.YEAR)["Антонова"] == ("4", "4", "", 1)
    assert year_marks(MarkKind.FINAL) == {}
