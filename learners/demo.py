"""The demo school: a realistic, deterministic general-education school that a
newcomer sees on first start and that every benchmark measures (``--scale school``:
1,000 learners, 40 classes, 15 subjects).

Everything is drawn from one seeded random generator, so two runs on the same
date produce the same school. Rows are written with bulk_create inside one
transaction: at school scale that is a few thousand rows in seconds, where the
one-row services would take minutes. The generator writes only what those
services would accept (the tests check the result for consistency).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from learners.models import (
    AcademicYear,
    CurriculumLine,
    Customer,
    Enrollment,
    GradingScale,
    Guardian,
    Guardianship,
    Kinship,
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
    TeachingAssignment,
)

DEMO_PASSWORD = "uchet-demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    who: str


# One account per role (R-ROLE). The teacher, class teacher, parent and learner are
# linked so that one family's results can be followed through every role's eyes.
DEMO_LOGINS = [
    DemoLogin("zavuch", Role.DEPUTY, "заместитель директора по УВР"),
    DemoLogin("direktor", Role.DIRECTOR, "директор"),
    DemoLogin("uchitel", Role.TEACHER, "учитель математики, ведёт 7А"),
    DemoLogin("klassruk", Role.CLASS_TEACHER, "классный руководитель 7А, учитель русского языка"),
    DemoLogin("roditel", Role.PARENT, "мама двоих детей: 7А и 3Б"),
    DemoLogin("uchenik", Role.LEARNER, "ученик 7А"),
    DemoLogin("deloproizv", Role.CLERK, "делопроизводитель"),
    DemoLogin("zakazchik", Role.CUSTOMER, "представитель заказчика (кружок робототехники)"),
    DemoLogin("admin", Role.ADMINISTRATOR, "администратор"),
]


@dataclass(frozen=True)
class Scale:
    letters_by_grade: dict[int, str]
    learners_per_class: int


SCALES = {
    "demo": Scale({g: "АБ" for g in range(1, 12)}, 14),
    "school": Scale({g: "АБВГ" if g <= 9 else "АБ" for g in range(1, 12)}, 25),
}

# Weekly hours by grade (1..11) for each subject; 0 means not taught that year.
CURRICULUM = {
    "Русский язык": [5, 5, 5, 5, 6, 6, 4, 3, 3, 2, 2],
    "Литература": [4, 4, 4, 3, 3, 3, 2, 2, 3, 3, 3],
    "Иностранный язык (английский)": [0, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3],
    "Математика": [4, 4, 4, 4, 5, 5, 0, 0, 0, 0, 0],
    "Алгебра": [0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3],
    "Геометрия": [0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2],
    "Информатика": [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
    "История": [0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2],
    "Обществознание": [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2],
    "География": [0, 0, 0, 0, 1, 1, 2, 2, 2, 1, 1],
    "Биология": [0, 0, 0, 0, 1, 1, 1, 2, 2, 1, 1],
    "Физика": [0, 0, 0, 0, 0, 0, 2, 2, 3, 2, 2],
    "Химия": [0, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1],
    "Окружающий мир": [2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0],
    "Физическая культура": [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
}
SUBJECT_AREAS = {
    "Русский язык": "Русский язык и литература",
    "Литература": "Русский язык и литература",
    "Иностранный язык (английский)": "Иностранные языки",
    "Математика": "Математика и информатика",
    "Алгебра": "Математика и информатика",
    "Геометрия": "Математика и информатика",
    "Информатика": "Математика и информатика",
    "История": "Общественно-научные предметы",
    "Обществознание": "Общественно-научные предметы",
    "География": "Общественно-научные предметы",
    "Биология": "Естественно-научные предметы",
    "Физика": "Естественно-научные предметы",
    "Химия": "Естественно-научные предметы",
    "Окружающий мир": "Обществознание и естествознание",
    "Физическая культура": "Физическая культура",
}
# Mandatory at the state final exam (ГИА) in the graduating years (000 §4.6).
STATE_EXAM = {
    9: {"Русский язык", "Алгебра", "Геометрия"},
    11: {"Русский язык", "Алгебра", "Геометрия"},
}
# A primary class teacher teaches these in their own class.
PRIMARY_HOMEROOM = {"Русский язык", "Литература", "Математика", "Окружающий мир"}
# Teachers of the same speciality in a basic and secondary school share these.
SPECIALITY = {
    "Русский язык": "русского языка и литературы",
    "Литература": "русского языка и литературы",
    "Математика": "математики",
    "Алгебра": "математики",
    "Геометрия": "математики",
    "Информатика": "информатики",
    "История": "истории и обществознания",
    "Обществознание": "истории и обществознания",
    "География": "географии",
    "Биология": "биологии",
    "Физика": "физики",
    "Химия": "химии",
    "Иностранный язык (английский)": "английского языка",
    "Физическая культура": "физической культуры",
}
MAX_WEEKLY_LOAD = 24

MALE_NAMES = [
    ("Александр", "Александрович", "Александровна"),
    ("Алексей", "Алексеевич", "Алексеевна"),
    ("Андрей", "Андреевич", "Андреевна"),
    ("Артём", "Артёмович", "Артёмовна"),
    ("Дмитрий", "Дмитриевич", "Дмитриевна"),
    ("Егор", "Егорович", "Егоровна"),
    ("Иван", "Иванович", "Ивановна"),
    ("Илья", "Ильич", "Ильинична"),
    ("Кирилл", "Кириллович", "Кирилловна"),
    ("Максим", "Максимович", "Максимовна"),
    ("Михаил", "Михайлович", "Михайловна"),
    ("Никита", "Никитич", "Никитична"),
    ("Николай", "Николаевич", "Николаевна"),
    ("Павел", "Павлович", "Павловна"),
    ("Роман", "Романович", "Романовна"),
    ("Сергей", "Сергеевич", "Сергеевна"),
    ("Тимофей", "Тимофеевич", "Тимофеевна"),
    ("Фёдор", "Фёдорович", "Фёдоровна"),
    ("Юрий", "Юрьевич", "Юрьевна"),
    ("Владимир", "Владимирович", "Владимировна"),
    ("Матвей", "Матвеевич", "Матвеевна"),
    ("Лев", "Львович", "Львовна"),
]
FEMALE_NAMES = [
    "Анна", "Мария", "Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Светлана",
    "Екатерина", "Анастасия", "Дарья", "Полина", "Виктория", "Алиса", "Софья",
    "Варвара", "Ксения", "Вероника", "Юлия", "Евгения", "Валерия", "Милана",
]  # fmt: skip
SURNAMES = [
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
    "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
    "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов",
    "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов",
    "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов",
    "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв", "Ильин", "Максимов",
    "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов",
    "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев",
    "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов", "Марков",
    "Миронов", "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов",
    "Гаврилов", "Тихонов", "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев",
    "Фомин", "Чернов", "Абрамов", "Мартынов", "Ефимов", "Федотов", "Щербаков",
    "Назаров", "Калинин", "Исаев", "Чернышёв", "Быков", "Маслов", "Родионов",
    "Коновалов", "Лазарев", "Воронин", "Климов", "Филатов", "Пономарёв", "Голубев",
    "Кудрявцев", "Прохоров", "Наумов", "Потапов", "Журавлёв", "Овчинников", "Трофимов",
    "Леонов", "Соболев", "Ермаков", "Колесников", "Гончаров", "Емельянов", "Никифоров",
    "Грачёв", "Котов", "Гришин", "Ефремов", "Архипов", "Громов", "Кириллов", "Малышев",
    "Панов", "Моисеев", "Румянцев", "Акимов", "Кондратьев", "Бирюков", "Горбунов",
    "Анисимов", "Ерёмин", "Тихомиров", "Галкин", "Лукьянов", "Михеев", "Скворцов",
    "Юдин", "Белоусов", "Нестеров", "Симонов", "Прокофьев", "Харитонов", "Князев",
    "Цветков", "Левин", "Митрофанов", "Воронцов", "Аксёнов", "Софронов", "Мальцев",
    "Логинов", "Горшков", "Савин", "Краснов", "Майоров", "Демидов", "Елисеев",
    "Рыбаков", "Сафонов", "Плотников", "Демин", "Хохлов", "Фадеев", "Молчанов",
    "Игнатов", "Литвинов", "Ершов", "Ушаков", "Дементьев", "Рябов", "Мухин",
    "Калашников", "Леонтьев", "Лобанов", "Кузин", "Корнилов", "Евдокимов", "Бородин",
    "Платонов", "Некрасов", "Балашов", "Бобров", "Жданов", "Блинов", "Игнатьев",
    "Коротков", "Муравьёв", "Крюков", "Беляков", "Богомолов", "Дроздов", "Лавров",
    "Зуев", "Петухов", "Ларин", "Никулин", "Серов", "Терентьев", "Зотов", "Устинов",
]  # fmt: skip


def female(surname: str) -> str:
    return surname + "а"


class DemoRefused(Exception):
    """The database already holds a school; the generator will not mix data in."""


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


class Generator:
    def __init__(self, *, scale: str, seed: int, today: date):
        self.scale = SCALES[scale]
        self.rng = random.Random(seed)
        self.today = today
        self.password = make_password(DEMO_PASSWORD)
        self.users: list = []
        self.memberships: list[tuple[object, Role]] = []

    # People ---------------------------------------------------------------

    def person(self, sex: str) -> tuple[str, str, str]:
        surname = self.rng.choice(SURNAMES)
        father = self.rng.choice(MALE_NAMES)
        if sex == Sex.MALE:
            return surname, self.rng.choice(MALE_NAMES)[0], father[1]
        return female(surname), self.rng.choice(FEMALE_NAMES), father[2]

    def user(self, username: str, last: str, first: str, *roles: Role):
        user = get_user_model()(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.uchet.invalid",
            password=self.password,
        )
        self.users.append(user)
        self.memberships.extend((user, role) for role in roles)
        return user

    # The school -----------------------------------------------------------

    def build(self) -> dict[str, int]:
        organisation = Organisation.objects.create(
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
        starts, ends = academic_year_bounds(self.today)
        year = AcademicYear.objects.create(
            name=f"{starts.year}/{ends.year}",
            starts_on=starts,
            ends_on=ends,
            period_kind=PeriodKind.QUARTER,
        )
        for number, (a, b) in enumerate(quarter_bounds(starts), start=1):
            StudyPeriod.objects.create(year=year, number=number, starts_on=a, ends_on=b)

        five = GradingScale.objects.get(code="five-point")
        subjects = {
            name: Subject(name=name, subject_area=SUBJECT_AREAS[name], grading_scale=five)
            for name in CURRICULUM
        }
        Subject.objects.bulk_create(subjects.values())
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

        def programme_for(grade):
            if grade <= 4:
                return programmes[ProgrammeLevel.PRIMARY]
            return programmes[ProgrammeLevel.BASIC if grade <= 9 else ProgrammeLevel.SECONDARY]

        lines = []
        for name, weekly in CURRICULUM.items():
            for grade, hours in enumerate(weekly, start=1):
                if hours:
                    lines.append(
                        CurriculumLine(
                            programme=programme_for(grade),
                            subject=subjects[name],
                            grade=grade,
                            hours=hours * (33 if grade == 1 else 34),
                            is_state_exam_mandatory=name in STATE_EXAM.get(grade, ()),
                        )
                    )
        CurriculumLine.objects.bulk_create(lines)

        groups = [
            StudyGroup(year=year, programme=programme_for(g), grade=g, name=f"{g}{letter}")
            for g, letters in self.scale.letters_by_grade.items()
            for letter in letters
        ]
        StudyGroup.objects.bulk_create(groups)

        staff = self.build_staff(groups, subjects)
        learners, enrollments, group_of = self.build_learners(groups, starts)
        guardians, guardianships = self.build_families(learners, group_of)
        # Numbered after the families settle the surnames: the letter is the surname's.
        for number, learner in enumerate(learners, start=1):
            learner.personal_file_number = f"{learner.last_name[0]}-{number:05d}"
        club, club_enrollments = self.build_club(year, learners, group_of, staff, starts)

        get_user_model().objects.bulk_create(self.users, batch_size=500)
        groups_by_label = {g.name: g for g in Group.objects.all()}
        Membership = get_user_model().groups.through
        Membership.objects.bulk_create(
            [
                Membership(user_id=user.pk, group_id=groups_by_label[role.label].pk)
                for user, role in self.memberships
            ],
            batch_size=1000,
        )
        # The administrator works through the role's permissions, not as a superuser:
        # they configure the organisation and accounts and see no results (R-SEC-1).
        for login in ("admin", "zavuch", "direktor", "deloproizv"):
            # The deputy and the clerk run the workflows in the admin site.
            get_user_model().objects.filter(username=login).update(is_staff=True)

        # bulk_create fills in the foreign keys of objects saved before it (users
        # before staff, staff before groups), so the order below matters.
        Staff.objects.bulk_create(staff)
        StudyGroup.objects.bulk_update([*groups, club], ["class_teacher"])
        self.customer.users.add(self.customer_user)
        TeachingAssignment.objects.bulk_create(self.assignments, batch_size=1000)

        Learner.objects.bulk_create(learners, batch_size=500)
        Guardian.objects.bulk_create(guardians, batch_size=500)
        Guardianship.objects.bulk_create(guardianships, batch_size=1000)
        Enrollment.objects.bulk_create(enrollments + club_enrollments, batch_size=1000)
        return {
            "organisation": organisation.short_name,
            "learners": len(learners),
            "groups": len(groups),
            "subjects": len(subjects),
            "staff": len(staff),
            "guardians": len(guardians),
            "users": len(self.users),
        }

    def build_staff(self, groups, subjects) -> list[Staff]:
        staff: list[Staff] = []
        self.assignments: list[TeachingAssignment] = []
        rng = self.rng

        def hire(position, *roles, username=None, sex=None, fixed=None):
            sex = sex or (Sex.FEMALE if rng.random() < 0.82 else Sex.MALE)
            last, first, patronymic = fixed or self.person(sex)
            username = username or f"t{len(staff) + 1:04d}"
            member = Staff(
                user=self.user(username, last, first, *roles),
                last_name=last,
                first_name=first,
                patronymic=patronymic,
                position=position,
            )
            staff.append(member)
            return member

        hire(
            "Директор",
            Role.DIRECTOR,
            username="direktor",
            fixed=("Смирнова", "Ольга", "Викторовна"),
        )
        hire(
            "Заместитель директора по учебно-воспитательной работе",
            Role.DEPUTY,
            username="zavuch",
            fixed=("Кузнецова", "Ирина", "Александровна"),
        )
        hire(
            "Делопроизводитель",
            Role.CLERK,
            username="deloproizv",
            fixed=("Морозова", "Татьяна", "Николаевна"),
        )
        hire("Системный администратор", Role.ADMINISTRATOR, username="admin",
             fixed=("Орлов", "Денис", "Игоревич"))  # fmt: skip

        # The demo class teacher and the demo subject teacher share 7А, the class of
        # the demo family's elder child.
        klassruk = hire(
            f"Учитель {SPECIALITY['Русский язык']}", Role.TEACHER, Role.CLASS_TEACHER,
            username="klassruk", fixed=("Волкова", "Наталья", "Сергеевна"),
        )  # fmt: skip
        uchitel = hire(
            f"Учитель {SPECIALITY['Алгебра']}", Role.TEACHER,
            username="uchitel", fixed=("Лебедев", "Андрей", "Павлович"),
        )  # fmt: skip
        by_name = {g.name: g for g in groups}
        by_name["7А"].class_teacher = klassruk

        # Primary classes: the class teacher teaches the core subjects.
        for group in (g for g in groups if g.grade <= 4):
            teacher = hire("Учитель начальных классов", Role.TEACHER, Role.CLASS_TEACHER)
            group.class_teacher = teacher
            for name in PRIMARY_HOMEROOM:
                self.assignments.append(
                    TeachingAssignment(teacher=teacher, subject=subjects[name], group=group)
                )

        # Subject teachers: fill each speciality's load up to MAX_WEEKLY_LOAD, starting
        # with the demo teachers in their speciality so they teach 7А.
        load: dict[int, int] = {}
        pools: dict[str, list[Staff]] = {
            SPECIALITY["Русский язык"]: [klassruk],
            SPECIALITY["Алгебра"]: [uchitel],
        }
        for group in sorted(groups, key=lambda g: (g.name != "7А", g.grade, g.name)):
            speciality_taken: dict[str, Staff] = {}
            for name, weekly in CURRICULUM.items():
                hours = weekly[group.grade - 1]
                if not hours or (group.grade <= 4 and name in PRIMARY_HOMEROOM):
                    continue
                speciality = SPECIALITY[name]
                # One teacher takes all of a speciality's subjects in a class.
                teacher = speciality_taken.get(speciality)
                if teacher is None:
                    pool = pools.setdefault(speciality, [])
                    teacher = next(
                        (t for t in pool if load.get(id(t), 0) + hours <= MAX_WEEKLY_LOAD), None
                    )
                    if teacher is None:
                        teacher = hire(f"Учитель {speciality}", Role.TEACHER)
                        pool.append(teacher)
                    speciality_taken[speciality] = teacher
                load[id(teacher)] = load.get(id(teacher), 0) + hours
                self.assignments.append(
                    TeachingAssignment(teacher=teacher, subject=subjects[name], group=group)
                )

        # Class teachers of grades 5-11: subject teachers of that class, one class each.
        # The demo subject teacher stays a plain teacher, so the teacher's start page
        # is what `uchitel` sees.
        homeroom = {id(g.class_teacher) for g in groups if g.class_teacher is not None}
        homeroom.add(id(uchitel))
        for group in (g for g in groups if g.grade >= 5 and g.class_teacher is None):
            candidates = [
                a.teacher for a in self.assignments
                if a.group is group and id(a.teacher) not in homeroom
            ]  # fmt: skip
            teacher = candidates[0] if candidates else hire("Учитель", Role.TEACHER)
            group.class_teacher = teacher
            homeroom.add(id(teacher))
            if (teacher.user, Role.CLASS_TEACHER) not in self.memberships:
                self.memberships.append((teacher.user, Role.CLASS_TEACHER))
        return staff

    def build_learners(self, groups, starts: date):
        learners, enrollments, group_of = [], [], {}
        rng = self.rng
        for group in groups:
            born_from = date(starts.year - 6 - group.grade, 9, 1)
            for _ in range(self.scale.learners_per_class):
                sex = Sex.MALE if rng.random() < 0.5 else Sex.FEMALE
                last, first, patronymic = self.person(sex)
                learner = Learner(
                    last_name=last,
                    first_name=first,
                    patronymic=patronymic,
                    sex=sex,
                    birth_date=born_from + timedelta(days=rng.randrange(365)),
                    needs_special_conditions=rng.random() < 0.02,
                    is_gifted_registered=group.grade >= 7 and rng.random() < 0.02,
                )
                learner.user = None
                group_of[id(learner)] = group
                learners.append(learner)
                enrollments.append(
                    Enrollment(
                        learner=learner,
                        group=group,
                        programme=group.programme,
                        started_on=starts,
                        order_reference=f"Приказ № {group.grade}-к от {starts:%d.%m.%Y}",
                    )
                )
        # A few learners changed class within their grade this autumn: the history
        # keeps both enrollments (R-LRN-4).
        by_grade: dict[int, list] = {}
        for e in enrollments:
            by_grade.setdefault(e.group.grade, []).append(e)
        transfer_day = starts + timedelta(days=30)
        for grade in (3, 6, 8):
            pool = by_grade.get(grade, [])
            others = [g for g in groups if g.grade == grade]
            if len(others) < 2 or not pool:
                continue
            moved = pool[-1]
            target = next(g for g in others if g is not moved.group)
            moved.ended_on = transfer_day - timedelta(days=1)
            moved.end_reason = "Перевод в параллельный класс по заявлению родителей"
            enrollments.append(
                Enrollment(
                    learner=moved.learner,
                    group=target,
                    programme=target.programme,
                    started_on=transfer_day,
                    order_reference=f"Приказ № {grade}-п от {transfer_day:%d.%m.%Y}",
                )
            )
        return learners, enrollments, group_of

    def build_families(self, learners, group_of):
        """Every learner has a mother, most a father; about one family in ten has two
        children at the school. The demo family has a son in 7А and a daughter in 3Б."""
        rng = self.rng
        guardians: list[Guardian] = []
        links: list[Guardianship] = []

        def guardian(last, first, patronymic, username=None):
            username = username or f"p{len(guardians) + 1:05d}"
            phone = (
                f"+7 9{rng.randrange(10, 99)} {rng.randrange(100, 999)}-"
                f"{rng.randrange(10, 99):02d}-{rng.randrange(10, 99):02d}"
            )
            g = Guardian(
                user=self.user(username, last, first, Role.PARENT),
                last_name=last,
                first_name=first,
                patronymic=patronymic,
                phone=phone,
            )
            guardians.append(g)
            return g

        def family(children, surname, father_name, *, mother_username=None, with_father=True):
            name, son_patronymic, daughter_patronymic = father_name
            for child in children:
                child.last_name = surname if child.sex == Sex.MALE else female(surname)
                child.patronymic = son_patronymic if child.sex == Sex.MALE else daughter_patronymic
            mother = guardian(
                female(surname),
                rng.choice(FEMALE_NAMES),
                rng.choice(MALE_NAMES)[2],
                username=mother_username,
            )
            parents = [(mother, Kinship.MOTHER)]
            if with_father:
                parents.append((guardian(surname, name, rng.choice(MALE_NAMES)[1]), Kinship.FATHER))
            for child in children:
                links.extend(Guardianship(learner=child, guardian=g, kinship=k) for g, k in parents)

        elder = next(x for x in learners if group_of[id(x)].name == "7А")
        younger = next(x for x in learners if group_of[id(x)].name == "3Б")
        elder.sex, elder.first_name = Sex.MALE, "Михаил"
        younger.sex, younger.first_name = Sex.FEMALE, "Алиса"
        family([elder, younger], "Соколов", MALE_NAMES[2], mother_username="roditel")
        elder.user = self.user("uchenik", "Соколов", "Михаил", Role.LEARNER)

        pending = [x for x in learners if x is not elder and x is not younger]
        rng.shuffle(pending)
        while pending:
            child = pending.pop()
            children = [child]
            if pending and rng.random() < 0.1:
                sibling = next(
                    (x for x in pending if group_of[id(x)].grade != group_of[id(child)].grade),
                    None,
                )
                if sibling is not None:
                    pending.remove(sibling)
                    children.append(sibling)
            surname = child.last_name if child.sex == Sex.MALE else child.last_name[:-1]
            family(children, surname, rng.choice(MALE_NAMES), with_father=rng.random() < 0.6)
        return guardians, links

    def build_club(self, year, learners, group_of, staff, starts):
        """A robotics club paid for by a customer company, so the customer role has
        learners to see (004 §1.4)."""
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
            Enrollment(
                learner=x,
                group=club,
                programme=programme,
                customer=customer,
                started_on=starts + timedelta(days=14),
                order_reference="Договор № 14/Р от " + f"{starts:%d.%m.%Y}",
            )
            for x in members
        ]


def generate(*, scale: str, seed: int = 17, today: date | None = None) -> dict[str, int]:
    """Build the demo school in an empty database, in one transaction."""
    if scale not in SCALES:
        raise ValidationError(f"Неизвестный масштаб «{scale}»: выберите demo или school.")
    if Organisation.objects.exists() or Learner.objects.exists() or StudyGroup.objects.exists():
        raise DemoRefused(
            "В базе уже есть данные организации. Демонстрационная школа создаётся только "
            "в пустой базе, чтобы не смешать вымышленные записи с настоящими."
        )
    with transaction.atomic():
        return Generator(scale=scale, seed=seed, today=today or date.today()).build()
