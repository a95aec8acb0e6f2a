"""The demo training company (004): ООО «Учебный центр „Профиль“», which teaches adults
by additional professional programmes. Two programmes with their modules and a
practice (стажировка), two training groups of adult listeners — ПК-ОТ-11 has finished
its programme a week or two ago and waits for the final attestation commission,
ПП-УП-3 is in the middle of its programme — their curators and teachers, and a
customer company paying for most of the listeners by contract (004 §1.4). Listeners
are adults: nobody has a legal representative, and each gave the consent to the
processing of personal data in person.

The journal is built by training.journal: lessons up to today with attendance and the
record of the assignments done (004 §2.5), and the module results of the modules that
are over."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from learners.demo import DemoRefused, Generator
from learners.demo.roster import on_record
from learners.demo.training import journal
from learners.models import (
    AcademicYear,
    Consent,
    CurriculumLine,
    Customer,
    Enrollment,
    GradingScale,
    Learner,
    Organisation,
    OrganisationKind,
    PeriodKind,
    Programme,
    ProgrammeLevel,
    Role,
    Sex,
    Staff,
    StudyForm,
    StudyGroup,
    StudyPeriod,
    Subject,
    SubjectKind,
    TeachingAssignment,
)


@dataclass(frozen=True)
class Module:
    name: str
    hours: int
    teacher: str  # the username of the teacher (hired in TrainingGenerator.hire_staff)
    topics: tuple[str, ...]
    kind: str = SubjectKind.MODULE
    scale: str = "five-point"


@dataclass(frozen=True)
class Course:
    """A programme as its group studies it: the modules in order, then the final
    attestation (итоговая аттестация), which is not a module of the journal: the
    commission records it (achievements.final_attestation)."""

    programme: str
    level: str
    study_form: str
    total_hours: int
    final_attestation_hours: int
    modules: tuple[Module, ...]
    group: str
    size: int
    # When the group's lessons began: weeks before today (to the Monday of that week).
    weeks_ago: int
    # {weekday: lessons that day}; a lesson is a pair of two academic hours.
    timetable: dict[int, int]
    contracted: int  # how many of the group the customer pays for


HOURS_PER_LESSON = 2
# The protection of labour course is a course of credits: a module is passed or not and
# its practical assignments are done or not; the retraining is marked on five points,
# its practice (стажировка) passed or not.
PASS_FAIL = "pass-fail"

SAFETY = Course(
    programme="Дополнительная профессиональная программа повышения квалификации "
    "«Охрана труда для руководителей и специалистов»",
    level=ProgrammeLevel.ADVANCED_TRAINING,
    study_form=StudyForm.FULL_TIME,
    total_hours=72,
    final_attestation_hours=4,
    modules=(
        Module("Правовые основы охраны труда", 16, "klassruk",
               ("Трудовой кодекс об охране труда", "Обязанности работодателя и работника",
                "Государственный надзор за соблюдением требований охраны труда",
                "Ответственность за нарушение требований"),
               scale=PASS_FAIL),
        Module("Управление охраной труда в организации", 20, "t0001",
               ("Система управления охраной труда", "Инструктажи и обучение работников",
                "Расследование несчастных случаев", "Локальные акты по охране труда"),
               scale=PASS_FAIL),
        Module("Специальная оценка условий труда и профессиональные риски", 16, "uchitel",
               ("Порядок проведения СОУТ", "Вредные и опасные производственные факторы",
                "Оценка профессиональных рисков", "Средства индивидуальной защиты"),
               scale=PASS_FAIL),
        Module("Оказание первой помощи пострадавшим", 16, "t0002",
               ("Состояния, требующие первой помощи", "Сердечно-лёгочная реанимация",
                "Помощь при травмах и кровотечениях", "Отработка навыков на тренажёре"),
               scale=PASS_FAIL),
    ),
    group="ПК-ОТ-11",
    size=12,
    weeks_ago=3,
    timetable={0: 4, 1: 4, 2: 4, 3: 4, 4: 4},
    contracted=10,
)  # fmt: skip
PERSONNEL = Course(
    programme="Дополнительная профессиональная программа профессиональной переподготовки "
    "«Управление персоналом»",
    level=ProgrammeLevel.RETRAINING,
    study_form=StudyForm.PART_TIME,
    total_hours=256,
    final_attestation_hours=16,
    modules=(
        Module("Основы управления персоналом", 40, "uchitel",
               ("Кадровая политика организации", "Планирование потребности в персонале",
                "Организационная структура и должностные инструкции",
                "Кадровый аудит")),
        Module("Трудовое право и кадровое делопроизводство", 56, "klassruk",
               ("Трудовой договор", "Рабочее время и время отдыха",
                "Кадровые документы и их хранение", "Воинский учёт в организации",
                "Персональные данные работников")),
        Module("Подбор, адаптация и оценка персонала", 48, "uchitel",
               ("Профиль должности и источники подбора", "Собеседование по компетенциям",
                "Программа адаптации", "Аттестация и оценка персонала")),
        Module("Мотивация и оплата труда", 40, "t0001",
               ("Теории мотивации", "Системы оплаты труда", "Нематериальная мотивация",
                "Оценка эффективности системы мотивации")),
        Module("Стажировка в кадровой службе", 56, "t0002",
               ("Знакомство с кадровой службой", "Оформление кадровых документов",
                "Участие в подборе персонала", "Отчёт о стажировке"),
               kind=SubjectKind.PRACTICE, scale=PASS_FAIL),
    ),
    group="ПП-УП-3",
    size=14,
    weeks_ago=7,
    timetable={0: 2, 1: 2, 2: 2, 3: 2},
    contracted=5,
)  # fmt: skip
COURSES = (SAFETY, PERSONNEL)
CUSTOMER = ("АО «Энергомаш-Черноземье»", "3665123456")
# The listener of ПП-УП-3 whose account is the demo learner's.
DEMO_LISTENER = ("Семенихин", "Алексей", "Викторович")


def ensure_empty() -> None:
    if Organisation.objects.exists() or Learner.objects.exists() or StudyGroup.objects.exists():
        raise DemoRefused(
            "В базе уже есть данные организации. Демонстрационная организация создаётся "
            "только в пустой базе, чтобы не смешать вымышленные записи с настоящими."
        )


def year_bounds(today: date) -> tuple[date, date]:
    """A planning year of twelve months that holds today and at least two months
    before it (the groups' lessons began up to seven weeks ago): the calendar year from
    March on, otherwise July to June."""
    back = today - timedelta(days=60)
    starts = date(back.year, 1, 1) if back.month <= 6 else date(back.year, 7, 1)
    return starts, date(starts.year + 1, starts.month, 1) - timedelta(days=1)


def first_lesson_day(course: Course, today: date) -> date:
    day = today - timedelta(weeks=course.weeks_ago)
    return day - timedelta(days=day.weekday())


def create_organisation() -> Organisation:
    return Organisation.objects.create(
        kind=OrganisationKind.TRAINING,
        full_name="Общество с ограниченной ответственностью «Учебный центр „Профиль“»",
        short_name="ООО «Учебный центр „Профиль“»",
        inn="3662234567",
        kpp="366201001",
        ogrn="1173668012345",
        address="394018, г. Воронеж, ул. Плехановская, д. 22, оф. 305",
        phone="+7 (473) 260-22-05",
        email="profil@demo.uchet.invalid",
        director_name="Захаров Игорь Валентинович",
        director_title="Генеральный директор",
        licence_number="Л035-01234-36/00654321",
        licence_date=date(2017, 9, 14),
    )


def create_year(today: date) -> AcademicYear:
    starts, ends = year_bounds(today)
    middle = date(starts.year + (starts.month == 7), (starts.month + 6 - 1) % 12 + 1, 1)
    name = str(starts.year) if starts.month == 1 else f"{starts.year}/{ends.year}"
    year = AcademicYear.objects.create(
        name=name, starts_on=starts, ends_on=ends, period_kind=PeriodKind.HALF_YEAR
    )
    StudyPeriod.objects.bulk_create(
        [
            StudyPeriod(year=year, number=1, starts_on=starts, ends_on=middle - timedelta(days=1)),
            StudyPeriod(year=year, number=2, starts_on=middle, ends_on=ends),
        ]
    )
    return year


def create_programmes() -> dict[str, tuple[Programme, dict[str, Subject]]]:
    scales = {s.code: s for s in GradingScale.objects.all()}
    result = {}
    for course in COURSES:
        programme = Programme.objects.create(
            name=course.programme,
            level=course.level,
            study_form=course.study_form,
            total_hours=course.total_hours,
        )
        subjects = {}
        for number, module in enumerate(course.modules, start=1):
            subjects[module.name] = Subject.objects.create(
                name=module.name,
                short_name=f"М{number}" if module.kind == SubjectKind.MODULE else "Стаж.",
                kind=module.kind,
                grading_scale=scales[module.scale],
            )
        CurriculumLine.objects.bulk_create(
            CurriculumLine(programme=programme, subject=subjects[m.name], grade=1, hours=m.hours)
            for m in course.modules
        )
        result[course.group] = (programme, subjects)
    return result


class TrainingGenerator(Generator):
    def build(self) -> dict:
        organisation = create_organisation()
        year = create_year(self.today)
        programmes = create_programmes()
        self.hire_staff()
        by_name = {s.user.username: s for s in self.staff}
        customer = Customer.objects.create(name=CUSTOMER[0], inn=CUSTOMER[1])
        self.customer_user = self.user("zakazchik", "Кравцова", "Ольга", Role.CUSTOMER)
        groups, learners, enrollments = [], [], []
        for course in COURSES:
            programme, subjects = programmes[course.group]
            group = StudyGroup(year=year, programme=programme, grade=1, name=course.group)
            group.class_teacher = by_name["klassruk" if course is SAFETY else "t0001"]
            groups.append(group)
            for module in course.modules:
                self.assignments.append(
                    TeachingAssignment(
                        teacher=by_name[module.teacher], subject=subjects[module.name], group=group
                    )
                )
            members = self.listeners(course)
            learners += members
            enrollments += self.contracts(course, group, members, customer)
        for number, learner in enumerate(learners, start=1):
            learner.personal_file_number = f"СЛ-{number:05d}"

        self.save_accounts()
        Staff.objects.bulk_create(self.staff)
        StudyGroup.objects.bulk_create(groups)
        customer.users.add(self.customer_user)
        TeachingAssignment.objects.bulk_create(self.assignments)
        Learner.objects.bulk_create(learners)
        Enrollment.objects.bulk_create(enrollments)
        clerk = by_name["deloproizv"]
        Consent.objects.bulk_create(
            Consent(learner=e.learner, given_by_learner=True, given_on=e.started_on,
                    paper=True, recorded_by=clerk.user)
            for e in enrollments
        )  # fmt: skip
        return {
            "organisation": organisation.short_name,
            "kind": OrganisationKind.TRAINING,
            "learners": len(learners),
            "groups": len(groups),
            "programmes": len(COURSES),
            "subjects": sum(len(c.modules) for c in COURSES),
            "staff": len(self.staff),
            "guardians": 0,
            "contracted": sum(1 for e in enrollments if e.customer is not None),
            "users": len(self.users),
        }

    def hire_staff(self) -> None:
        self.staff, self.assignments = [], []
        teacher = "Преподаватель"
        # fmt: off
        self.hire("Генеральный директор", Role.DIRECTOR, username="direktor",
                  fixed=("Захаров", "Игорь", "Валентинович"))
        self.deputy = self.hire("Заместитель директора по учебной работе", Role.DEPUTY,
                                username="zavuch", fixed=("Полякова", "Елена", "Викторовна"))
        self.hire("Делопроизводитель", Role.CLERK, username="deloproizv",
                  fixed=("Ершова", "Наталья", "Игоревна"))
        self.hire("Системный администратор", Role.ADMINISTRATOR, username="admin",
                  fixed=("Орлов", "Денис", "Игоревич"))
        self.hire(teacher, Role.TEACHER, Role.CLASS_TEACHER, username="klassruk",
                  fixed=("Гончарова", "Марина", "Юрьевна"))
        self.hire(teacher, Role.TEACHER, username="uchitel", fixed=("Белов", "Сергей", "Андреевич"))
        self.hire(teacher, Role.TEACHER, Role.CLASS_TEACHER, username="t0001")
        self.hire(teacher, Role.TEACHER, username="t0002")
        # fmt: on

    def listeners(self, course: Course) -> list[Learner]:
        """Adults, born 1965–2002."""
        born_from, born_to = date(1965, 1, 1), date(2002, 12, 31)
        members = []
        for number in range(course.size):
            sex = Sex.MALE if self.rng.random() < 0.45 else Sex.FEMALE
            last, first, patronymic = self.person(sex)
            if course is PERSONNEL and number == 0:
                sex, (last, first, patronymic) = Sex.MALE, DEMO_LISTENER
            learner = Learner(
                last_name=last, first_name=first, patronymic=patronymic, sex=sex,
                birth_date=born_from
                + timedelta(days=self.rng.randrange((born_to - born_from).days)),
            )  # fmt: skip
            learner.user = None
            if course is PERSONNEL and number == 0:
                learner.user = self.user("uchenik", last, first, Role.LEARNER)
            members.append(learner)
        return members

    def contracts(self, course, group, members, customer) -> list[Enrollment]:
        """The customer's employees study under its contract; the others pay for
        themselves under their own contracts."""
        starts = first_lesson_day(course, self.today)
        signed = starts - timedelta(days=10)
        enrollments = []
        for number, learner in enumerate(members):
            if number < course.contracted:
                reference = (
                    f"Договор № {course.group}/{signed:%m}-{signed.year} от {signed:%d.%m.%Y}"
                )
                paid_by = customer
            else:
                reference = f"Договор № Ф-{course.group}-{number + 1} от {signed:%d.%m.%Y}"
                paid_by = None
            enrollments.append(
                Enrollment(
                    learner=learner, group=group, programme=group.programme,
                    study_form=course.study_form, customer=paid_by, started_on=starts,
                    order_reference=reference, opened_at=on_record(starts - timedelta(days=3)),
                    opened_by=self.deputy.user,
                )
            )  # fmt: skip
        return enrollments


def generate(*, seed: int = 17, today: date | None = None) -> dict:
    """Build the demo training company in an empty database, in one transaction."""
    ensure_empty()
    today = today or timezone.localdate()
    with transaction.atomic():
        summary = TrainingGenerator(scale="demo", seed=seed, today=today).build()
        summary |= journal.generate(COURSES, first_day=first_lesson_day, today=today, seed=seed)
    return summary
