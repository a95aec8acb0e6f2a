"""A learner with two years of study for the learner documents' suites: Титов Михаил
Андреевич, in 5А in 2025/2026 (closed enrollment) and 6А in 2026/2027 (open), with
year marks of the first year (Русский язык credited from another school), a final mark,
current marks and period marks of the second year, the curriculum hours of both."""

from dataclasses import dataclass
from datetime import date

from achievements.models import MarkKind, MarkOrigin
from learners.models import (
    AcademicYear,
    Guardian,
    Learner,
    LearnerStatus,
    Role,
    Staff,
    StudyGroup,
    StudyPeriod,
    Subject,
)
from tests.achievements.factories import JournalCellFactory, LessonFactory, PeriodMarkFactory
from tests.factories import (
    AcademicYearFactory,
    CurriculumLineFactory,
    EnrollmentFactory,
    GuardianFactory,
    GuardianshipFactory,
    LearnerFactory,
    OrganisationFactory,
    ProgrammeFactory,
    StaffFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    SubjectFactory,
    UserFactory,
)

CREDIT_SOURCE = "МБОУ «Средняя школа № 7» г. Твери"


@dataclass
class LearnerRecord:
    learner: Learner
    first_year: AcademicYear
    second_year: AcademicYear
    group_5: StudyGroup
    group_6: StudyGroup
    period: StudyPeriod
    maths: Subject
    russian: Subject
    teacher_5: Staff
    teacher_6: Staff
    mother: Guardian
    deputy: object
    clerk: object
    subject_teacher: object


def build_learner_record(*, kind: str = "school", left: bool = False) -> LearnerRecord:
    """``left``: the learner was expelled on 31.05.2026 and has no second year."""
    OrganisationFactory(kind=kind)
    first = AcademicYearFactory(
        name="2025/2026", starts_on=date(2025, 9, 1), ends_on=date(2026, 5, 31)
    )
    second = AcademicYearFactory(
        name="2026/2027", starts_on=date(2026, 9, 1), ends_on=date(2027, 5, 31)
    )
    period = StudyPeriodFactory(
        year=second, number=1, starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 25)
    )
    programme = ProgrammeFactory(
        name="Основная образовательная программа основного общего образования"
    )
    maths = SubjectFactory(name="Математика")
    russian = SubjectFactory(name="Русский язык")
    for grade, hours_maths, hours_russian in ((5, 170, 204), (6, 175, 210)):
        CurriculumLineFactory(programme=programme, subject=maths, grade=grade, hours=hours_maths)
        CurriculumLineFactory(
            programme=programme, subject=russian, grade=grade, hours=hours_russian
        )
    teacher_5 = StaffFactory(
        user=UserFactory(roles=[Role.CLASS_TEACHER], username="teacher5"),
        last_name="Смирнова", first_name="Ольга", patronymic="Петровна",
    )  # fmt: skip
    teacher_6 = StaffFactory(
        user=UserFactory(roles=[Role.CLASS_TEACHER], username="teacher6"),
        last_name="Кузнецова", first_name="Анна", patronymic="Ивановна",
    )  # fmt: skip
    group_5 = StudyGroupFactory(
        year=first, programme=programme, grade=5, name="5А", class_teacher=teacher_5
    )
    group_6 = StudyGroupFactory(
        year=second, programme=programme, grade=6, name="6А", class_teacher=teacher_6
    )
    learner = LearnerFactory(
        last_name="Титов", first_name="Михаил", patronymic="Андреевич", sex="m",
        birth_date=date(2014, 3, 15), personal_file_number="Т-017",
        status=LearnerStatus.EXPELLED if left else LearnerStatus.STUDYING,
    )  # fmt: skip
    EnrollmentFactory(
        learner=learner, group=group_5, started_on=date(2025, 9, 1), ended_on=date(2026, 5, 31)
    )
    teacher_user = UserFactory(roles=[Role.TEACHER], username="subject-teacher")
    PeriodMarkFactory(
        learner=learner, subject=maths, year=first, kind=MarkKind.YEAR, period=None,
        value="5", updated_by=teacher_user,
    )  # fmt: skip
    PeriodMarkFactory(
        learner=learner, subject=russian, year=first, kind=MarkKind.YEAR, period=None,
        value="4", origin=MarkOrigin.CREDITED, credit_source=CREDIT_SOURCE,
        credit_original="хорошо", credit_reference="Приказ № 45 от 02.09.2025",
        updated_by=teacher_user,
    )  # fmt: skip
    PeriodMarkFactory(
        learner=learner, subject=maths, year=first, kind=MarkKind.FINAL, period=None,
        value="5", updated_by=teacher_user,
    )  # fmt: skip
    if not left:
        EnrollmentFactory(learner=learner, group=group_6, started_on=date(2026, 9, 1))
        for number, (day, subject, value) in enumerate(
            (
                (date(2026, 9, 7), maths, "4"),
                (date(2026, 9, 8), russian, "5"),
                (date(2026, 9, 14), maths, "5/4"),
            ),
            start=1,
        ):
            lesson = LessonFactory(
                group=group_6, subject=subject, date=day, number=number, period=period
            )
            JournalCellFactory(lesson=lesson, learner=learner, marks=value, updated_by=teacher_user)
        PeriodMarkFactory(
            learner=learner, subject=maths, period=period, value="4", updated_by=teacher_user
        )
    mother = GuardianFactory(
        user=UserFactory(roles=[Role.PARENT], username="titova"),
        last_name="Титова", first_name="Татьяна", patronymic="Алексеевна",
    )  # fmt: skip
    GuardianshipFactory(learner=learner, guardian=mother)
    return LearnerRecord(
        learner=learner, first_year=first, second_year=second, group_5=group_5,
        group_6=group_6, period=period, maths=maths, russian=russian, teacher_5=teacher_5,
        teacher_6=teacher_6, mother=mother,
        deputy=UserFactory(roles=[Role.DEPUTY], username="deputy"),
        clerk=UserFactory(roles=[Role.CLERK], username="clerk"),
        subject_teacher=teacher_user,
    )  # fmt: skip
