"""The school's frame: its requisites, the academic year in quarters, the subjects,
the three general-education programmes with their curriculum, and the classes."""

from datetime import date

from learners.demo.data import CURRICULUM, STATE_EXAM, SUBJECT_AREAS
from learners.models import (
    AcademicYear,
    CurriculumLine,
    GradingScale,
    Organisation,
    OrganisationKind,
    PeriodKind,
    Programme,
    ProgrammeLevel,
    StudyGroup,
    StudyPeriod,
    Subject,
)


def academic_year_bounds(today: date) -> tuple[date, date]:
    start_year = today.year if today.month >= 9 else today.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 5, 31)


def quarter_bounds(start: date) -> list[tuple[date, date]]:
    """Quarters with the usual breaks: autumn after late October, winter over the
    New Year, spring in late March."""
    y = start.year
    return [
        (date(y, 9, 1), date(y, 10, 24)),
        (date(y, 11, 5), date(y, 12, 28)),
        (date(y + 1, 1, 12), date(y + 1, 3, 21)),
        (date(y + 1, 3, 31), date(y + 1, 5, 31)),
    ]


def create_organisation() -> Organisation:
    return Organisation.objects.create(
        kind=OrganisationKind.SCHOOL,
        full_name=(
            "Муниципальное автономное общеобразовательное учреждение "
            "«Средняя общеобразовательная школа № 17»"
        ),
        short_name="МАОУ СОШ № 17",
        inn="3664012345",
        kpp="366401001",
        ogrn="1023601234567",
        address="394036, г. Воронеж, ул. Пушкинская, д. 12",
        phone="+7 (473) 255-17-17",
        email="school17@demo.uchet.invalid",
        director_name="Смирнова Ольга Викторовна",
        licence_number="Л035-01234-36/00198765",
        licence_date=date(2015, 6, 18),
        accreditation_number="А007-01234-36/01123456",
        accreditation_date=date(2015, 12, 24),
    )


def create_year(starts: date, ends: date) -> AcademicYear:
    year = AcademicYear.objects.create(
        name=f"{starts.year}/{ends.year}",
        starts_on=starts,
        ends_on=ends,
        period_kind=PeriodKind.QUARTER,
    )
    for number, (a, b) in enumerate(quarter_bounds(starts), start=1):
        StudyPeriod.objects.create(year=year, number=number, starts_on=a, ends_on=b)
    return year


def create_subjects() -> dict[str, Subject]:
    five = GradingScale.objects.get(code="five-point")
    subjects = {
        name: Subject(name=name, subject_area=SUBJECT_AREAS[name], grading_scale=five)
        for name in CURRICULUM
    }
    Subject.objects.bulk_create(subjects.values())
    return subjects


def create_programmes() -> dict[ProgrammeLevel, Programme]:
    programmes = {
        ProgrammeLevel.PRIMARY: Programme(
            name="Основная образовательная программа начального общего образования",
            level=ProgrammeLevel.PRIMARY, first_grade=1, last_grade=4,
        ),
        ProgrammeLevel.BASIC: Programme(
            name="Основная образовательная программа основного общего образования",
            level=ProgrammeLevel.BASIC, first_grade=5, last_grade=9,
        ),
        ProgrammeLevel.SECONDARY: Programme(
            name="Основная образовательная программа среднего общего образования",
            level=ProgrammeLevel.SECONDARY, first_grade=10, last_grade=11,
        ),
    }  # fmt: skip
    Programme.objects.bulk_create(programmes.values())
    return programmes


def programme_for(programmes: dict[ProgrammeLevel, Programme], grade: int) -> Programme:
    if grade <= 4:
        return programmes[ProgrammeLevel.PRIMARY]
    return programmes[ProgrammeLevel.BASIC if grade <= 9 else ProgrammeLevel.SECONDARY]


def create_curriculum(subjects: dict[str, Subject], programmes) -> None:
    lines = []
    for name, weekly in CURRICULUM.items():
        for grade, hours in enumerate(weekly, start=1):
            if hours:
                lines.append(
                    CurriculumLine(
                        programme=programme_for(programmes, grade),
                        subject=subjects[name],
                        grade=grade,
                        hours=hours * (33 if grade == 1 else 34),
                        is_state_exam_mandatory=name in STATE_EXAM.get(grade, ()),
                    )
                )
    CurriculumLine.objects.bulk_create(lines)


def create_groups(year: AcademicYear, programmes, letters_by_grade) -> list[StudyGroup]:
    groups = [
        StudyGroup(year=year, programme=programme_for(programmes, g), grade=g, name=f"{g}{letter}")
        for g, letters in letters_by_grade.items()
        for letter in letters
    ]
    StudyGroup.objects.bulk_create(groups)
    return groups
