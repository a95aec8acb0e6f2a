"""The database itself refuses bad data: constraints from the models and the study
period triggers from migration 0003; and the data seeded by migration 0002."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from learners.models import (
    AcademicYear,
    Enrollment,
    GradingScale,
    ProgrammeLevel,
    ScaleValue,
    StudyGroup,
    StudyPeriod,
)
from tests.factories import (
    AcademicYearFactory,
    CurriculumLineFactory,
    EnrollmentFactory,
    GuardianshipFactory,
    LearnerFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    TeachingAssignmentFactory,
)

pytestmark = pytest.mark.django_db


# Enrollments ----------------------------------------------------------------------------


def test_enrollment_second_active_in_same_programme_refused():
    first = EnrollmentFactory()
    other_group = StudyGroupFactory(year=first.group.year, programme=first.programme)

    with pytest.raises(IntegrityError), transaction.atomic():
        EnrollmentFactory(learner=first.learner, group=other_group)

    assert Enrollment.objects.filter(learner=first.learner).count() == 1


def test_enrollment_active_after_ended_one_in_same_programme_allowed():
    ended = EnrollmentFactory(ended_on=date(2026, 10, 31))
    other_group = StudyGroupFactory(year=ended.group.year, programme=ended.programme)

    active = EnrollmentFactory(
        learner=ended.learner, group=other_group, started_on=date(2026, 11, 1)
    )

    rows = Enrollment.objects.filter(learner=ended.learner).order_by("started_on")
    assert [(e.pk, e.ended_on) for e in rows] == [
        (ended.pk, date(2026, 10, 31)),
        (active.pk, None),
    ]


def test_enrollment_active_in_two_programmes_allowed():
    first = EnrollmentFactory()

    second = EnrollmentFactory(learner=first.learner)

    assert first.programme_id != second.programme_id
    assert Enrollment.objects.filter(learner=first.learner, ended_on__isnull=True).count() == 2


def test_enrollment_ended_before_start_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrollmentFactory(started_on=date(2026, 9, 1), ended_on=date(2026, 8, 31))

    assert Enrollment.objects.count() == 0


def test_enrollment_ended_on_start_day_allowed():
    enrollment = EnrollmentFactory(started_on=date(2026, 9, 1), ended_on=date(2026, 9, 1))

    assert Enrollment.objects.get(pk=enrollment.pk).ended_on == date(2026, 9, 1)


# Academic years and study periods -------------------------------------------------------


def test_academic_year_ending_before_start_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        AcademicYearFactory(name="2027/2028", starts_on=date(2027, 9, 1), ends_on=date(2027, 8, 31))

    assert AcademicYear.objects.filter(name="2027/2028").count() == 0


def test_academic_year_ending_on_start_day_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        AcademicYearFactory(name="2027/2028", starts_on=date(2027, 9, 1), ends_on=date(2027, 9, 1))

    assert AcademicYear.objects.filter(name="2027/2028").count() == 0


def test_study_period_insert_starting_before_year_refused():
    year = AcademicYearFactory()  # 01.09.2026–31.05.2027

    with pytest.raises(IntegrityError), transaction.atomic():
        StudyPeriodFactory(year=year, starts_on=date(2026, 8, 31), ends_on=date(2026, 10, 25))

    assert StudyPeriod.objects.count() == 0


def test_study_period_insert_ending_after_year_refused():
    year = AcademicYearFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        StudyPeriodFactory(
            year=year, number=4, starts_on=date(2027, 4, 1), ends_on=date(2027, 6, 1)
        )

    assert StudyPeriod.objects.count() == 0


def test_study_period_insert_spanning_whole_year_allowed():
    year = AcademicYearFactory()

    period = StudyPeriodFactory(year=year, starts_on=year.starts_on, ends_on=year.ends_on)

    assert StudyPeriod.objects.get().pk == period.pk


def test_study_period_update_moving_outside_year_refused():
    period = StudyPeriodFactory()  # 01.09.2026–25.10.2026

    period.ends_on = date(2027, 6, 30)
    with pytest.raises(IntegrityError), transaction.atomic():
        period.save()

    period.refresh_from_db()
    assert (period.starts_on, period.ends_on) == (date(2026, 9, 1), date(2026, 10, 25))


def test_study_period_queryset_update_moving_outside_year_refused():
    period = StudyPeriodFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        StudyPeriod.objects.filter(pk=period.pk).update(starts_on=date(2026, 8, 1))

    period.refresh_from_db()
    assert period.starts_on == date(2026, 9, 1)


def test_study_period_update_to_another_year_outside_it_refused():
    period = StudyPeriodFactory()
    next_year = AcademicYearFactory(
        name="2027/2028", starts_on=date(2027, 9, 1), ends_on=date(2028, 5, 31)
    )

    period.year = next_year
    with pytest.raises(IntegrityError), transaction.atomic():
        period.save()

    assert StudyPeriod.objects.get(pk=period.pk).year.name == "2026/2027"


def test_study_periods_overlapping_refused():
    first = StudyPeriodFactory(number=1, starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 25))

    with pytest.raises(IntegrityError), transaction.atomic():
        StudyPeriodFactory(
            year=first.year, number=2, starts_on=date(2026, 10, 20), ends_on=date(2026, 12, 27)
        )

    assert list(StudyPeriod.objects.values_list("number", flat=True)) == [1]


def test_study_periods_sharing_one_day_refused():
    first = StudyPeriodFactory(number=1, starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 25))

    with pytest.raises(IntegrityError), transaction.atomic():
        StudyPeriodFactory(
            year=first.year, number=2, starts_on=date(2026, 10, 25), ends_on=date(2026, 12, 27)
        )

    assert list(StudyPeriod.objects.values_list("number", flat=True)) == [1]


def test_study_period_inside_another_refused():
    first = StudyPeriodFactory(number=1, starts_on=date(2026, 9, 1), ends_on=date(2026, 12, 27))

    with pytest.raises(IntegrityError), transaction.atomic():
        StudyPeriodFactory(
            year=first.year, number=2, starts_on=date(2026, 10, 1), ends_on=date(2026, 10, 10)
        )

    assert list(StudyPeriod.objects.values_list("number", flat=True)) == [1]


def test_study_periods_touching_allowed():
    first = StudyPeriodFactory(number=1, starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 25))

    StudyPeriodFactory(
        year=first.year, number=2, starts_on=date(2026, 10, 26), ends_on=date(2026, 12, 27)
    )

    assert list(StudyPeriod.objects.values_list("number", "starts_on", "ends_on")) == [
        (1, date(2026, 9, 1), date(2026, 10, 25)),
        (2, date(2026, 10, 26), date(2026, 12, 27)),
    ]


def test_study_period_update_into_neighbour_refused():
    first = StudyPeriodFactory(number=1, starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 25))
    second = StudyPeriodFactory(
        year=first.year, number=2, starts_on=date(2026, 10, 26), ends_on=date(2026, 12, 27)
    )

    second.starts_on = date(2026, 10, 25)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()

    second.refresh_from_db()
    assert second.starts_on == date(2026, 10, 26)


def test_study_period_update_of_itself_allowed():
    period = StudyPeriodFactory(starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 25))

    period.ends_on = date(2026, 10, 30)
    period.save()

    period.refresh_from_db()
    assert period.ends_on == date(2026, 10, 30)


def test_study_periods_overlapping_in_different_years_allowed():
    StudyPeriodFactory(starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 25))
    other_year = AcademicYearFactory(
        name="2026/2027 веч.", starts_on=date(2026, 9, 1), ends_on=date(2027, 6, 30)
    )

    StudyPeriodFactory(year=other_year, starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 25))

    assert StudyPeriod.objects.count() == 2


def test_academic_year_shrinking_past_its_period_refused():
    period = StudyPeriodFactory(number=4, starts_on=date(2027, 4, 1), ends_on=date(2027, 5, 31))
    year = period.year

    year.ends_on = date(2027, 5, 30)
    with pytest.raises(IntegrityError), transaction.atomic():
        year.save()

    year.refresh_from_db()
    assert year.ends_on == date(2027, 5, 31)


def test_academic_year_starting_after_its_period_refused():
    period = StudyPeriodFactory(starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 25))

    with pytest.raises(IntegrityError), transaction.atomic():
        AcademicYear.objects.filter(pk=period.year_id).update(starts_on=date(2026, 9, 2))

    assert AcademicYear.objects.get(pk=period.year_id).starts_on == date(2026, 9, 1)


def test_academic_year_shrinking_around_its_periods_allowed():
    period = StudyPeriodFactory(starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 25))
    year = period.year

    year.ends_on = date(2026, 10, 25)
    year.save()

    year.refresh_from_db()
    assert year.ends_on == date(2026, 10, 25)


# Curriculum, groups, guardians, assignments ------------------------------------------------


def test_curriculum_line_duplicate_refused():
    line = CurriculumLineFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        CurriculumLineFactory(programme=line.programme, subject=line.subject, grade=line.grade)


def test_curriculum_line_same_subject_other_grade_allowed():
    line = CurriculumLineFactory(grade=5)

    other = CurriculumLineFactory(programme=line.programme, subject=line.subject, grade=6)

    assert other.pk != line.pk


def test_curriculum_line_zero_hours_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        CurriculumLineFactory(hours=0)


def test_study_group_duplicate_name_in_year_refused():
    group = StudyGroupFactory(name="5А")

    with pytest.raises(IntegrityError), transaction.atomic():
        StudyGroupFactory(year=group.year, name="5А")

    assert StudyGroup.objects.filter(name="5А").count() == 1


def test_study_group_same_name_in_another_year_allowed():
    StudyGroupFactory(name="5А")
    next_year = AcademicYearFactory(
        name="2027/2028", starts_on=date(2027, 9, 1), ends_on=date(2028, 5, 31)
    )

    StudyGroupFactory(year=next_year, name="5А")

    assert sorted(StudyGroup.objects.filter(name="5А").values_list("year__name", flat=True)) == [
        "2026/2027",
        "2027/2028",
    ]


def test_guardianship_duplicate_refused():
    guardianship = GuardianshipFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        GuardianshipFactory(learner=guardianship.learner, guardian=guardianship.guardian)


def test_guardianship_second_guardian_allowed():
    guardianship = GuardianshipFactory()

    GuardianshipFactory(learner=guardianship.learner)

    assert guardianship.learner.guardians.count() == 2


def test_teaching_assignment_duplicate_refused():
    assignment = TeachingAssignmentFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        TeachingAssignmentFactory(
            teacher=assignment.teacher, subject=assignment.subject, group=assignment.group
        )


def test_learner_personal_file_number_duplicate_refused():
    learner = LearnerFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        LearnerFactory(personal_file_number=learner.personal_file_number)


# Seeded data (migration 0002) -----------------------------------------------------------------


def test_role_groups_seeded_with_exact_names():
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(
        [
            "Учитель",
            "Классный руководитель",
            "Заместитель директора",
            "Директор",
            "Делопроизводитель",
            "Родитель (законный представитель)",
            "Обучающийся",
            "Заказчик",
            "Администратор",
        ]
    )


def test_grading_scales_seeded():
    codes = ["five-point", "pass-fail", "mastered", "levels", "points-100"]

    scales = GradingScale.objects.filter(code__in=codes).order_by("code")

    assert [(s.code, s.kind) for s in scales] == [
        ("five-point", "five_point"),
        ("levels", "levels"),
        ("mastered", "mastered"),
        ("pass-fail", "pass_fail"),
        ("points-100", "points"),
    ]


def test_points_scale_seeded_with_bounds():
    scale = GradingScale.objects.get(code="points-100")

    assert (scale.min_points, scale.max_points, scale.pass_points) == (0, 100, 50)
    assert list(scale.values.filter(is_special=False)) == []


def test_five_point_scale_seeded_codes_in_order():
    values = ScaleValue.objects.filter(scale__code="five-point").order_by("order")

    assert [v.code for v in values] == ["5", "4", "3", "2", "1", "н/а", "осв.", "зач."]


def test_five_point_scale_seeded_one_disabled():
    values = ScaleValue.objects.filter(scale__code="five-point")

    assert [v.code for v in values.filter(is_enabled=False)] == ["1"]
    assert values.get(code="1").is_enabled is False
    assert values.get(code="2").is_enabled is True


def test_five_point_scale_seeded_special_codes_flagged():
    values = ScaleValue.objects.filter(scale__code="five-point").order_by("order")

    assert [v.code for v in values if v.is_special] == ["н/а", "осв.", "зач."]
    assert [(v.code, v.is_passing) for v in values if v.is_special] == [
        ("н/а", False),
        ("осв.", True),
        ("зач.", True),
    ]


def test_every_seeded_scale_accepts_special_codes():
    special = ScaleValue.objects.filter(is_special=True).order_by("scale__code", "order")

    assert [(v.scale.code, v.code) for v in special] == [
        (code, special_code)
        for code in ["five-point", "levels", "mastered", "pass-fail", "points-100"]
        for special_code in ["н/а", "осв.", "зач."]
    ]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("quarter", "2-я четверть"), ("trimester", "2-й триместр"),
     ("half_year", "2-е полугодие"), ("module", "2-й модуль")],
)  # fmt: skip
def test_study_period_name_ordinal_agrees_with_kind(db, kind, expected):
    from tests.factories import AcademicYearFactory, StudyPeriodFactory

    year = AcademicYearFactory(name="2030/2031", period_kind=kind,
                               starts_on=date(2030, 9, 1), ends_on=date(2031, 5, 31))  # fmt: skip
    period = StudyPeriodFactory(year=year, number=2, starts_on=date(2030, 11, 1),
                                ends_on=date(2030, 12, 28))  # fmt: skip
    assert period.name == expected


def test_programme_level_general_is_primary_basic_and_secondary():
    assert ProgrammeLevel.general() == frozenset({"noo", "ooo", "soo"})


def test_programme_level_general_filters_queries():
    general = StudyGroupFactory(programme__level=ProgrammeLevel.BASIC)
    StudyGroupFactory(programme__level=ProgrammeLevel.ADDITIONAL_DEVELOPING)

    found = StudyGroup.objects.filter(programme__level__in=ProgrammeLevel.general())

    assert list(found) == [general]


def test_models_package_exports_every_model_of_the_app():
    from django.apps import apps

    import learners.models

    exported = {name for name in learners.models.__all__}
    assert {m.__name__ for m in apps.get_app_config("learners").get_models()} <= exported
