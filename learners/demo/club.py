"""A robotics club paid for by a customer company, so the customer role has learners
to see (004 §1.4)."""

import random
from datetime import date, timedelta

from learners.demo import extracurricular
from learners.demo.data import SPECIALITY
from learners.demo.extracurricular import Course
from learners.models import (
    CurriculumLine,
    Customer,
    GradingScale,
    Programme,
    ProgrammeLevel,
    Role,
    StudyGroup,
    StudyPeriod,
    Subject,
    SubjectKind,
    TeachingAssignment,
)


class ClubBuilder:
    """Mixed into the Generator: it makes the customer's account with ``self.user`` and
    its enrollments with ``self.enrollment``."""

    def build_club(self, year, learners, group_of, staff, starts):
        programme = Programme.objects.create(
            name="Дополнительная общеразвивающая программа «Робототехника»",
            level=ProgrammeLevel.ADDITIONAL_DEVELOPING,
            first_grade=1,
            last_grade=1,
            total_hours=72,
        )
        curator = next(s for s in staff if s.position == f"Учитель {SPECIALITY['Информатика']}")
        club = StudyGroup.objects.create(
            year=year, programme=programme, grade=1, name="Робототехника-1"
        )
        club.class_teacher = curator
        customer = Customer.objects.create(name="АО «Технопарк Северный»", inn="3662987654")
        self.customer_user = self.user("zakazchik", "Кравцов", "Олег", Role.CUSTOMER)
        self.customer = customer
        members = [x for x in learners if group_of[id(x)].grade in (5, 6, 7)][:12]
        return club, [
            self.enrollment(
                x,
                club,
                starts + timedelta(days=14),
                "Договор № 14/Р от " + f"{starts:%d.%m.%Y}",
                customer=customer,
            )
            for x in members
        ]


# The club's journal: a weekly lesson on Fridays on the levels scale of additional
# education (В, С, Н), so the customer's page has attendance and results to show.
ROBOTICS = Course(
    "Робототехника", "levels", 4, False,
    ("Знакомство с конструктором", "Моторы и передачи", "Датчик касания",
     "Датчик цвета", "Движение по линии", "Соревнование роботов", "Проект: манипулятор"),
)  # fmt: skip


def generate_journal(*, today: date, seed: int = 17) -> dict[str, int]:
    rng = random.Random(seed)
    club = (
        StudyGroup.objects.filter(name="Робототехника-1")
        .select_related("programme", "class_teacher", "year")
        .first()
    )
    if club is None or club.class_teacher is None:
        return {"club_lessons": 0}
    periods = list(
        StudyPeriod.objects.filter(year=club.year, starts_on__lte=today).order_by("starts_on")
    )
    subject, _ = Subject.objects.get_or_create(
        name=ROBOTICS.name,
        defaults={
            "kind": SubjectKind.COURSE,
            "grading_scale": GradingScale.objects.get(code=ROBOTICS.scale),
        },
    )
    CurriculumLine.objects.get_or_create(
        programme=club.programme, subject=subject, grade=club.grade, defaults={"hours": 72}
    )
    assignment, _ = TeachingAssignment.objects.get_or_create(
        group=club, subject=subject, defaults={"teacher": club.class_teacher}
    )
    assignments = [(ROBOTICS, assignment)]
    lessons = extracurricular.journal_lessons(assignments, periods, today)
    cells = extracurricular.journal_cells(assignments, lessons, rng)
    extracurricular.period_results(assignments, periods, today, lessons, cells)
    return {"club_lessons": len(lessons)}
