"""The demo centre of additional education (002): МБУ ДО «Дом детского творчества
„Радуга“». Four additional general developing programmes (робототехника, хореография,
изостудия, шахматы), each taught in one association (объединение) of children aged
7 to 16 by its teacher of additional education (педагог объединения); the children's
parents with their accounts and consents; the journal from the start of the year up
to today on the levels scale (В, С, Н), and the half-year results where a half-year is
over.

The demo family mirrors the school's: `roditel` is the mother of `uchenik`, in the
robotics association of `uchitel`, and of his sister in the dance association of
`klassruk`. The consent is on record for the son and not yet for the daughter, so
that the mother's pages show both."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from learners.demo import Generator
from learners.demo import extracurricular as journal
from learners.demo.data import MALE_NAMES
from learners.demo.extracurricular import Course
from learners.demo.training import ensure_empty
from learners.models import (
    AcademicYear,
    CurriculumLine,
    Enrollment,
    GradingScale,
    Guardian,
    Guardianship,
    Learner,
    Organisation,
    OrganisationKind,
    PeriodKind,
    Programme,
    ProgrammeLevel,
    Role,
    Sex,
    Staff,
    StudyGroup,
    StudyPeriod,
    Subject,
    SubjectKind,
    TeachingAssignment,
)

# (association, its grade, programme, years, ages, teacher's username,
#  [(subject, hours a year, weekdays, topics)])
ASSOCIATIONS = [
    ("Робототехника-1", 1, "технической направленности «Робототехника»", 2, (9, 13), "uchitel",
     [("Конструирование и программирование роботов", 144, (1, 3),
       ("Знакомство с конструктором", "Моторы и передачи", "Датчик касания", "Датчик цвета",
        "Движение по линии", "Соревнование роботов", "Проект: манипулятор"))]),
    ("Хореография-2", 2, "художественной направленности «Хореография»", 3, (8, 12), "klassruk",
     [("Классический танец", 72, (0,),
       ("Позиции рук и ног", "Экзерсис у станка", "Адажио", "Прыжки", "Постановка этюда")),
      ("Народно-сценический танец", 72, (2,),
       ("Русский хоровод", "Дроби и ключи", "Танцы народов России", "Репетиция номера"))]),
    ("Изостудия-1", 1, "художественной направленности «Изостудия»", 2, (7, 11), "t0001",
     [("Рисунок и живопись", 72, (1,),
       ("Линия и штрих", "Натюрморт", "Акварель: заливка", "Пейзаж", "Портрет")),
      ("Декоративно-прикладное творчество", 72, (4,),
       ("Городецкая роспись", "Лепка из глины", "Бумагопластика", "Подготовка к выставке"))]),
    ("Шахматы-1", 1, "физкультурно-спортивной направленности «Шахматы»", 1, (8, 16), "t0002",
     [("Шахматы", 144, (0, 3),
       ("Шахматная доска и фигуры", "Ходы фигур", "Шах и мат", "Рокировка",
        "Дебютные принципы", "Простые окончания", "Тактика: вилка и связка"))]),
]  # fmt: skip
PER_ASSOCIATION = 12
LEVELS = "levels"


def year_bounds(today: date) -> tuple[date, date]:
    start_year = today.year if today.month >= 9 else today.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)


def create_organisation() -> Organisation:
    return Organisation.objects.create(
        kind=OrganisationKind.ADDITIONAL,
        full_name=(
            "Муниципальное бюджетное учреждение дополнительного образования "
            "«Дом детского творчества „Радуга“»"
        ),
        short_name="МБУ ДО «ДДТ „Радуга“»",
        inn="3663045678",
        kpp="366301001",
        ogrn="1033600123456",
        address="394030, г. Воронеж, ул. Кольцовская, д. 41",
        phone="+7 (473) 252-41-41",
        email="raduga@demo.uchet.invalid",
        director_name="Михайлова Светлана Петровна",
        licence_number="Л035-01234-36/00345678",
        licence_date=date(2016, 3, 2),
    )


def create_year(today: date) -> AcademicYear:
    """September to August in two half-years; the summer is holidays."""
    starts, ends = year_bounds(today)
    year = AcademicYear.objects.create(
        name=f"{starts.year}/{ends.year}",
        starts_on=starts,
        ends_on=ends,
        period_kind=PeriodKind.HALF_YEAR,
    )
    StudyPeriod.objects.bulk_create(
        [
            StudyPeriod(year=year, number=1, starts_on=starts, ends_on=date(starts.year, 12, 31)),
            StudyPeriod(
                year=year, number=2, starts_on=date(ends.year, 1, 1), ends_on=date(ends.year, 5, 31)
            ),
        ]
    )
    return year


class AdditionalGenerator(Generator):
    def build(self) -> dict:
        organisation = create_organisation()
        year = create_year(self.today)
        starts = year.starts_on + timedelta(days=14)  # after the autumn enrolment
        self.hire_staff()
        by_username = {s.user.username: s for s in self.staff}
        levels = GradingScale.objects.get(code=LEVELS)
        groups, learners, enrollments, group_of = [], [], [], {}
        for name, grade, direction, years, ages, teacher, subjects in ASSOCIATIONS:
            programme = Programme.objects.create(
                name=f"Дополнительная общеразвивающая программа {direction}",
                level=ProgrammeLevel.ADDITIONAL_DEVELOPING,
                first_grade=1,
                last_grade=years,
                total_hours=years * sum(hours for _, hours, _, _ in subjects),
            )
            group = StudyGroup(year=year, programme=programme, grade=grade, name=name)
            group.class_teacher = by_username[teacher]
            groups.append(group)
            for subject_name, hours, _, _ in subjects:
                subject = Subject.objects.create(
                    name=subject_name, kind=SubjectKind.COURSE, grading_scale=levels
                )
                CurriculumLine.objects.bulk_create(
                    CurriculumLine(programme=programme, subject=subject, grade=g, hours=hours)
                    for g in range(1, years + 1)
                )
                self.assignments.append(
                    TeachingAssignment(teacher=group.class_teacher, subject=subject, group=group)
                )
            for _ in range(PER_ASSOCIATION):
                learner = self.child(ages)
                group_of[id(learner)] = group
                learners.append(learner)
                enrollments.append(
                    self.enrollment(learner, group, starts, f"Приказ № 58-у от {starts:%d.%m.%Y}")
                )
        guardians, guardianships = self.families(learners, group_of)
        for number, learner in enumerate(learners, start=1):
            learner.personal_file_number = f"{learner.last_name[0]}-{number:05d}"

        self.save_accounts()
        Staff.objects.bulk_create(self.staff)
        StudyGroup.objects.bulk_create(groups)
        TeachingAssignment.objects.bulk_create(self.assignments)
        Learner.objects.bulk_create(learners)
        Guardian.objects.bulk_create(guardians)
        Guardianship.objects.bulk_create(guardianships)
        Enrollment.objects.bulk_create(enrollments)
        self.build_consents(
            learners, guardianships, starts=starts, recorded_by=by_username["deloproizv"].user
        )
        return {
            "organisation": organisation.short_name,
            "kind": OrganisationKind.ADDITIONAL,
            "learners": len(learners),
            "groups": len(groups),
            "programmes": len(ASSOCIATIONS),
            "subjects": sum(len(a[-1]) for a in ASSOCIATIONS),
            "staff": len(self.staff),
            "guardians": len(guardians),
            "contracted": 0,
            "users": len(self.users),
        }

    def hire_staff(self) -> None:
        self.staff, self.assignments = [], []
        teacher = "Педагог дополнительного образования"
        # fmt: off
        self.hire("Директор", Role.DIRECTOR, username="direktor",
                  fixed=("Михайлова", "Светлана", "Петровна"))
        self.deputy = self.hire("Заместитель директора по учебно-воспитательной работе",
                                Role.DEPUTY, username="zavuch",
                                fixed=("Никитина", "Людмила", "Борисовна"))
        self.hire("Делопроизводитель", Role.CLERK, username="deloproizv",
                  fixed=("Зотова", "Галина", "Ивановна"))
        self.hire("Системный администратор", Role.ADMINISTRATOR, username="admin",
                  fixed=("Орлов", "Денис", "Игоревич"))
        self.hire(teacher, Role.TEACHER, Role.CLASS_TEACHER, username="uchitel",
                  fixed=("Кириллов", "Артём", "Олегович"))
        self.hire(teacher, Role.TEACHER, Role.CLASS_TEACHER, username="klassruk",
                  fixed=("Лаврова", "Анна", "Викторовна"))
        self.hire(teacher, Role.TEACHER, Role.CLASS_TEACHER, username="t0001")
        self.hire(teacher, Role.TEACHER, Role.CLASS_TEACHER, username="t0002")
        # fmt: on

    def child(self, ages: tuple[int, int]) -> Learner:
        youngest, oldest = ages
        sex = Sex.MALE if self.rng.random() < 0.5 else Sex.FEMALE
        last, first, patronymic = self.person(sex)
        born_to = self.today.replace(year=self.today.year - youngest, day=1)
        born_from = born_to.replace(year=born_to.year - (oldest - youngest + 1))
        learner = Learner(
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            sex=sex,
            # A fraction of the span, not randrange over it: the draws stay the same
            # whatever today's span, so the demo's families do not change with the date.
            birth_date=born_from
            + timedelta(days=int(self.rng.random() * (born_to - born_from).days)),
        )
        learner.user = None
        return learner

    def families(self, learners, group_of):
        """Every child's mother, most fathers; the demo family has a son in robotics and a
        daughter in the dance association."""
        self.guardians, self.links = [], []
        son = next(x for x in learners if group_of[id(x)].name == "Робототехника-1")
        daughter = next(x for x in learners if group_of[id(x)].name == "Хореография-2")
        son.sex, son.first_name = Sex.MALE, "Михаил"
        daughter.sex, daughter.first_name = Sex.FEMALE, "Алиса"
        self.family([son, daughter], "Соколов", MALE_NAMES[2], mother_username="roditel")
        son.user = self.user("uchenik", "Соколов", "Михаил", Role.LEARNER)
        self.demo_children = (son, daughter)
        for child in learners:
            if child is son or child is daughter:
                continue
            surname = child.last_name if child.sex == Sex.MALE else child.last_name[:-1]
            self.family(
                [child], surname, self.rng.choice(MALE_NAMES), with_father=self.rng.random() < 0.6
            )
        return self.guardians, self.links


def generate_journal(*, today: date, seed: int) -> dict[str, int]:
    """Lessons on the associations' weekdays from the start of the year up to today,
    attendance and levels, and the results of the half-years that are over (the
    helpers of the school's extracurricular courses, learners.demo.extracurricular)."""
    rng = random.Random(f"additional-journal-{seed}")
    periods = list(StudyPeriod.objects.filter(starts_on__lte=today).order_by("starts_on"))
    assigned = {
        (a.group.name, a.subject.name): a
        for a in TeachingAssignment.objects.select_related("group", "subject", "teacher")
    }
    by_weekday, assignments = [], []
    for name, _, _, _, _, _, subjects in ASSOCIATIONS:
        for subject_name, _, weekdays, topics in subjects:
            a = assigned[name, subject_name]
            for weekday in weekdays:
                by_weekday.append((Course(subject_name, LEVELS, weekday, True, topics), a))
            assignments.append((Course(subject_name, LEVELS, weekdays[0], True, topics), a))
    if not periods:
        return {"lessons": 0, "cells": 0, "period_marks": 0}
    lessons = journal.journal_lessons(by_weekday, periods, today)
    cells = journal.journal_cells(assignments, lessons, rng)
    results = journal.period_results(assignments, periods, today, lessons, cells)
    return {"lessons": len(lessons), "cells": len(cells), "period_marks": len(results)}


def generate(*, seed: int = 17, today: date | None = None) -> dict:
    """Build the demo centre of additional education in an empty database, in one
    transaction."""
    ensure_empty()
    today = today or timezone.localdate()
    with transaction.atomic():
        summary = AdditionalGenerator(scale="demo", seed=seed, today=today).build()
        summary |= generate_journal(today=today, seed=seed)
    return summary
