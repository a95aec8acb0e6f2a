"""Candidates found from the record (R-RW-4, R-RW-7) on built data: the exact list
each rule gives for the learners now in the chosen classes, the settings read from the
saved row, what is left out (already nominated or granted, kinds not in use, learners
who left), and a query count that does not grow with learners and marks."""

from datetime import date

import pytest

from achievements.models import AchievementStatus, MarkKind
from learners.models import Enrollment
from rewards.candidates import (
    Candidate,
    candidates_for,
    kinds_by_code,
    learner_names,
)
from rewards.models import Ground, RewardKind, RewardRule, RewardStatus
from tests.factories import AcademicYearFactory, CurriculumLineFactory
from tests.rewards.candidate_data import (
    OLYMPIAD,
    give_achievement,
    give_exams,
    give_marks,
    subject,
)
from tests.rewards.factories import RewardFactory, RewardOrderFactory, kind

pytestmark = pytest.mark.django_db

ANTONOVA, BORISOV = "Антонова Мария Ивановна", "Борисов Глеб Олегович"
SHEET_MERIT = "За отличные успехи в учении по итогам 2026/2027 учебного года"
ALL_FIVE = {"Математика": "5", "Русский язык": "5", "История": "5"}
# Queries of candidates_for with the saved settings: the settings row, the kinds, the
# roster, marks, ЕГЭ results, achievements, the curriculum, standing rewards.
CANDIDATE_QUERIES = 8


def found(school, groups=None, **kwargs) -> list[tuple[str, str, str]]:
    """(kind, learner, subject) of the candidates, in their order."""
    return [
        (c.kind, c.learner_name, c.subject)
        for c in candidates_for(groups=groups or [school.group], year=school.year, **kwargs)
    ]


def sheet(learner, name, n=3) -> Candidate:
    return Candidate(
        learner_id=learner.pk, learner_name=name, kind="excellence_sheet", subject_id=None,
        subject="", ground=Ground.STUDY, merit=SHEET_MERIT,
        evidence=(f"Годовые отметки «5» по всем {n} предметам",),
    )  # fmt: skip


def test_candidates_excellence_sheet_for_all_fives(school):
    give_marks(school.learner, school.year, ALL_FIVE)
    give_marks(school.classmate, school.year, {**ALL_FIVE, "Русский язык": "4"})
    give_marks(school.other_learner, school.year, ALL_FIVE)

    result = candidates_for(groups=[school.group], year=school.year)

    assert result == [sheet(school.learner, ANTONOVA)]


def test_candidates_both_classes_by_kind_then_name(school):
    for learner in (school.other_learner, school.classmate, school.learner):
        give_marks(learner, school.year, ALL_FIVE)
    give_achievement(school.other_learner)

    assert found(school, [school.group, school.other_group]) == [
        ("certificate", "Васильев Олег Петрович", ""),
        ("excellence_sheet", ANTONOVA, ""),
        ("excellence_sheet", BORISOV, ""),
        ("excellence_sheet", "Васильев Олег Петрович", ""),
        ("subject_certificate", "Васильев Олег Петрович", "Математика"),
    ]


def test_candidates_curriculum_subject_without_year_mark_not_proposed(school):
    CurriculumLineFactory(programme=school.group.programme, grade=5, subject=subject("Биология"))
    give_marks(school.learner, school.year, ALL_FIVE)
    give_marks(school.classmate, school.year, {**ALL_FIVE, "Биология": "5"})

    assert candidates_for(groups=[school.group], year=school.year) == [
        sheet(school.classmate, BORISOV, 4)
    ]


def test_candidates_year_marks_of_another_year_ignored(school):
    give_marks(school.learner, AcademicYearFactory(name="2025/2026"), ALL_FIVE)
    give_marks(school.learner, school.year, {"Математика": "5"}, kind=MarkKind.FINAL)

    assert found(school) == []


def test_candidates_olympiad_gives_certificate_and_subject_certificate(school):
    give_marks(school.learner, school.year, {"Математика": "5", "Русский язык": "4"})
    olympiad = give_achievement(school.learner)
    give_marks(school.classmate, school.year, {"Математика": "5", "Русский язык": "4"})
    give_achievement(school.classmate, level="school", title="Школьный этап ВсОШ по математике")

    result = candidates_for(groups=[school.group], year=school.year)

    line = f"Победитель — {OLYMPIAD}, муниципальный уровень (05.10.2026)"
    assert result == [
        Candidate(
            learner_id=school.learner.pk, learner_name=ANTONOVA, kind="certificate",
            subject_id=None, subject="", ground=Ground.STUDY,
            merit="За высокие результаты в олимпиадах и конкурсах 2026/2027 учебного года",
            evidence=(line,), achievement_ids=(olympiad.pk,),
        ),
        Candidate(
            learner_id=school.learner.pk, learner_name=ANTONOVA, kind="subject_certificate",
            subject_id=school.maths.pk, subject="Математика", ground=Ground.STUDY,
            merit="За особые успехи в изучении учебного предмета «Математика» "
            "по итогам 2026/2027 учебного года",
            evidence=("Математика: годовая «5»", line), achievement_ids=(olympiad.pk,),
        ),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "proposed"),
    [
        ({}, True),
        ({"result": "participant"}, False),
        ({"level": "school"}, False),
        ({"status": AchievementStatus.PROPOSED}, False),
        ({"status": AchievementStatus.REJECTED}, False),
        # Outside the academic year 2026/2027 (01.09.2026–31.05.2027).
        ({"date": date(2026, 8, 31)}, False),
        ({"date": date(2027, 5, 31)}, True),
        ({"date": date(2027, 6, 1)}, False),
    ],
)
def test_candidates_certificate_only_confirmed_results_of_the_year(school, fields, proposed):
    give_achievement(school.learner, **fields)

    assert found(school) == ([("certificate", ANTONOVA, "")] if proposed else [])


def test_candidates_volunteering_gives_gratitude_and_parents_letter(school):
    deeds = [
        give_achievement(school.classmate, code, title=f"Акция № {n}", level="school",
                         result="participant", subject_area="", date=date(2026, 10, n))
        for n, code in enumerate(["volunteering", "self_government", "volunteering"], start=1)
    ]  # fmt: skip
    for n in (1, 2):
        give_achievement(school.learner, "volunteering", level="school", date=date(2026, 10, n))

    result = candidates_for(groups=[school.group], year=school.year)

    assert [(c.kind, c.learner_name, c.ground, c.achievement_ids) for c in result] == [
        ("gratitude", BORISOV, Ground.SOCIAL, tuple(d.pk for d in deeds)),
        ("parents_letter", BORISOV, Ground.SOCIAL, tuple(d.pk for d in deeds)),
    ]
    assert result[0].evidence == (
        "Подтверждённых записей о волонтёрстве и самоуправлении: 3 (нужно не меньше 3)",
        "Волонтёрская (добровольческая) деятельность: Акция № 1 (01.10.2026)",
        "Ученическое самоуправление: Акция № 2 (02.10.2026)",
        "Волонтёрская (добровольческая) деятельность: Акция № 3 (03.10.2026)",
    )


def test_candidates_settings_read_from_the_saved_row(school):
    for n in (1, 2):
        give_achievement(school.learner, "volunteering", level="school", date=date(2026, 10, n))
    RewardRule.objects.update(activity_min=2)

    assert found(school) == [("gratitude", ANTONOVA, ""), ("parents_letter", ANTONOVA, "")]
    assert found(school, rule=RewardRule(activity_min=3)) == []


FINAL = ["Алгебра", "Биология", "История", "Русский язык", "Физика"]


def graduate(school, group, name, fours=0, exams=None):
    """A learner of the 11th class with final marks (``fours`` of them «4») and ЕГЭ."""
    learner = school.build.learner(group, name, "Иван", "Иванович")
    give_marks(
        learner, school.year,
        {s: "4" if i < fours else "5" for i, s in enumerate(FINAL)}, kind=MarkKind.FINAL,
    )  # fmt: skip
    give_exams(learner, school.year, exams or {})
    return learner


def test_candidates_medals_by_final_marks_and_exams(school):
    eleventh = school.build.group("11А", grade=11)
    graduate(school, eleventh, "Гусев", 0, {"Русский язык": 70, "Физика": 70})
    graduate(school, eleventh, "Дмитриев", 2, {"Русский язык": 60, "Физика": 60})
    graduate(school, eleventh, "Егоров", 3, {"Русский язык": 90, "Физика": 90})
    graduate(school, eleventh, "Жуков", 0)
    graduate(school, eleventh, "Зайцев", 0, {"Русский язык": 59, "Физика": 90})
    graduate(school, eleventh, "Ильин", 0, {"Русский язык": 69, "Физика": 90})
    graduate(school, eleventh, "Климов", 0,
             {"Русский язык": 70, "Математика (базовый уровень)": "5"})  # fmt: skip

    result = candidates_for(groups=[eleventh], year=school.year)

    assert [(c.kind, c.learner_name, c.pending, c.reason) for c in result] == [
        ("medal_1", "Гусев Иван Иванович", False, ""),
        ("medal_1", "Жуков Иван Иванович", True, "ждёт результатов ЕГЭ"),
        ("medal_1", "Климов Иван Иванович", False, ""),
        ("medal_2", "Дмитриев Иван Иванович", False, ""),
        ("medal_2", "Ильин Иван Иванович", False, ""),
    ]
    assert result[0].evidence == (
        "Итоговые отметки «5» по 5 предметам",
        "ЕГЭ: Русский язык — 70 баллов; Физика — 70 баллов",
    )
    assert result[3].evidence == (
        "Итоговые отметки «5» по 3 предметам, «4»: Алгебра, Биология",
        "ЕГЭ: Русский язык — 60 баллов; Физика — 60 баллов",
    )


def test_candidates_medals_only_in_the_graduate_grade(school):
    graduate(school, school.group, "Гусев", 0, {"Русский язык": 90, "Физика": 90})

    assert found(school) == []


@pytest.mark.parametrize(
    ("status", "left_out"),
    [
        (RewardStatus.NOMINATED, True),
        (RewardStatus.APPROVED, True),
        (RewardStatus.ISSUED, True),
        (RewardStatus.DECLINED, False),
    ],
)
def test_candidates_leave_out_standing_rewards(school, status, left_out):
    give_marks(school.learner, school.year, ALL_FIVE)
    give_marks(school.classmate, school.year, ALL_FIVE)
    fields = {}
    if status in (RewardStatus.APPROVED, RewardStatus.ISSUED):
        fields = {"order": RewardOrderFactory(), "approved_on": date(2026, 10, 30)}
    if status == RewardStatus.ISSUED:
        fields["issued_on"] = date(2026, 11, 2)
    RewardFactory(
        learner=school.learner, kind=kind("excellence_sheet"), year=school.year, status=status,
        **fields,
    )  # fmt: skip

    names = [name for _, name, _ in found(school)]

    assert names == ([BORISOV] if left_out else [ANTONOVA, BORISOV])


def test_candidates_standing_reward_of_another_year_or_subject_does_not_count(school):
    give_marks(school.learner, school.year, {"Математика": "5", "Физика": "5"})
    give_achievement(school.learner)
    give_achievement(school.learner, title="Муниципальный этап ВсОШ по физике",
                     subject_area="Физика")  # fmt: skip
    RewardFactory(learner=school.learner, kind=kind("subject_certificate"), year=school.year,
                  subject=subject("Физика"))  # fmt: skip
    RewardFactory(learner=school.learner, kind=kind("certificate"),
                  year=AcademicYearFactory(name="2025/2026"))  # fmt: skip

    assert found(school) == [
        ("certificate", ANTONOVA, ""),
        ("excellence_sheet", ANTONOVA, ""),
        ("subject_certificate", ANTONOVA, "Математика"),
    ]


def test_candidates_standing_medal_of_one_degree_leaves_out_the_other(school):
    eleventh = school.build.group("11А", grade=11)
    first = graduate(school, eleventh, "Гусев", 0, {"Русский язык": 65, "Физика": 90})
    graduate(school, eleventh, "Дмитриев", 0, {"Русский язык": 65, "Физика": 90})
    RewardFactory(learner=first, kind=kind("medal_1"), year=school.year)

    assert found(school, [eleventh]) == [("medal_2", "Дмитриев Иван Иванович", "")]


def test_candidates_inactive_kind_not_proposed(school):
    give_marks(school.learner, school.year, ALL_FIVE)
    give_achievement(school.learner)
    RewardKind.objects.filter(code="excellence_sheet").update(is_active=False)

    assert found(school) == [
        ("certificate", ANTONOVA, ""),
        ("subject_certificate", ANTONOVA, "Математика"),
    ]


def test_candidates_learner_who_left_not_proposed(school):
    give_marks(school.learner, school.year, ALL_FIVE)
    give_marks(school.classmate, school.year, ALL_FIVE)
    Enrollment.objects.filter(learner=school.learner).update(ended_on=date(2026, 12, 1))

    assert found(school) == [("excellence_sheet", BORISOV, "")]


def test_candidates_no_groups_nothing(school):
    give_marks(school.learner, school.year, ALL_FIVE)

    assert candidates_for(groups=[], year=school.year) == []


def _busy_class(school, name, count):
    """A class of ``count`` learners, each with year and final marks, ЕГЭ results, an
    olympiad and volunteering: every rule has rows to read."""
    group = school.build.group(name, grade=11)
    for n in range(count):
        learner = school.build.learner(group, f"Ученик{name}{n}", "Иван")
        give_marks(learner, school.year, ALL_FIVE)
        give_marks(learner, school.year, ALL_FIVE, kind=MarkKind.FINAL)
        give_exams(learner, school.year, {"Русский язык": 80, "Физика": 75})
        give_achievement(learner)
        for day in (1, 2, 3):
            give_achievement(learner, "volunteering", level="school", date=date(2026, 10, day))
    return group


@pytest.mark.parametrize("count", [2, 6])
def test_candidates_query_count_constant(school, count, django_assert_num_queries):
    group = _busy_class(school, f"11-{count}", count)
    RewardFactory(learner=group.enrollments.first().learner, kind=kind("gratitude"),
                  year=school.year)  # fmt: skip

    with django_assert_num_queries(CANDIDATE_QUERIES):
        result = candidates_for(groups=[group], year=school.year)

    # Five each (the subject's and the olympiad's certificates, gratitude, the parents'
    # letter, a medal; no похвальный лист in the 11th grade by the default criteria),
    # less the one gratitude already nominated.
    assert len(result) == 5 * count - 1
    # With the criteria row handed in, one query fewer.
    with django_assert_num_queries(CANDIDATE_QUERIES - 1):
        candidates_for(groups=[group], year=school.year, rule=RewardRule())


def test_kinds_by_code_one_query_active_only(school, django_assert_num_queries):
    RewardKind.objects.filter(code="gift").update(is_active=False)

    with django_assert_num_queries(1):
        kinds = kinds_by_code(["certificate", "gift", "medal_1", "unknown"])

    assert {code: k.name for code, k in kinds.items()} == {
        "certificate": "Грамота",
        "medal_1": "Медаль «За особые успехи в учении» I степени",
    }


def test_learner_names_one_query(school, django_assert_num_queries):
    ids = [school.learner.pk, school.other_learner.pk]

    with django_assert_num_queries(1):
        names = learner_names(ids)

    assert names == {school.learner.pk: ANTONOVA, school.other_learner.pk: "Васильев Олег Петрович"}
