"""A robotics club paid for by two customers: «АО «Технопарк»» contracted Антонова
(from 01.09.2026) and Борисов (from 08.09.2026), «ООО «Другой заказчик»» contracted
Чужакова; Третьякова attends the same club under no contract. Antonova is also a
pupil of 7А, whose journal is none of the customer's business. The first quarter is
01.09–25.10.2026, the second 26.10–29.12.2026."""

from dataclasses import dataclass
from datetime import date

import pytest

from achievements.models import MarkKind
from learners.models import Customer, Learner, StudyGroup, StudyPeriod, Subject
from tests.achievements.factories import JournalCellFactory, LessonFactory, PeriodMarkFactory
from tests.schools import SchoolBuilder

BIRTH_DATE = date(2012, 3, 14)


@dataclass
class Club:
    school: SchoolBuilder
    group: StudyGroup
    robotics: Subject
    drawing: Subject
    first: StudyPeriod
    customer: Customer
    other: Customer
    user: object
    other_user: object
    antonova: Learner
    borisov: Learner
    tretyakova: Learner
    chuzhakova: Learner
    teacher: object
    klass: StudyGroup


def lesson(group, subject, day, teacher):
    return LessonFactory(group=group, subject=subject, date=day, number=1, teacher=teacher)


@pytest.fixture
def club(db):
    school = SchoolBuilder()
    first = school.period(number=1, starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 25))
    school.period(number=2, starts_on=date(2026, 10, 26), ends_on=date(2026, 12, 29))
    group = school.group("Робототехника-1")
    klass = school.group("7А")
    robotics = school.subject("Робототехника")
    drawing = school.subject("Черчение")
    maths = school.subject("Математика")
    teacher = school.subject_teacher(group, robotics)
    school.subject_teacher(group, drawing)
    school_teacher = school.subject_teacher(klass, maths)
    customer = school.customer("АО «Технопарк»")
    other = school.customer("ООО «Другой заказчик»")
    user = school.customer_account(customer, username="zakazchik")
    other_user = school.customer_account(other, username="drugoy")
    antonova = school.learner(
        group,
        "Антонова",
        "Алина",
        "Сергеевна",
        birth_date=BIRTH_DATE,
        customer=customer,
        started_on=date(2026, 9, 1),
        order_reference="Договор № 14/Р от 25.08.2026",
    )
    school.enroll(antonova, klass, started_on=date(2026, 9, 1))
    borisov = school.learner(
        group,
        "Борисов",
        "Борис",
        "Олегович",
        birth_date=BIRTH_DATE,
        customer=customer,
        started_on=date(2026, 9, 8),
    )
    tretyakova = school.learner(group, "Третьякова", "Тамара", "Ивановна", birth_date=BIRTH_DATE)
    chuzhakova = school.learner(
        group, "Чужакова", "Чара", "Петровна", birth_date=BIRTH_DATE, customer=other
    )
    t = teacher.user
    r1, r2, r3, r4 = (
        lesson(group, robotics, day, teacher)
        for day in (date(2026, 9, 3), date(2026, 9, 10), date(2026, 9, 17), date(2026, 10, 1))
    )
    d1 = lesson(group, drawing, date(2026, 9, 5), teacher)
    late = lesson(group, robotics, date(2026, 11, 5), teacher)
    cells = [
        (antonova, r1, "5/4", ""),
        (antonova, r2, "", "н"),
        (antonova, r3, "3", "оп"),
        (antonova, r4, "2", ""),
        (antonova, d1, "", "б"),
        (antonova, late, "5", ""),
        (borisov, r2, "", "уп"),
        (borisov, r3, "4", ""),
        (borisov, r4, "5/5", ""),
        (tretyakova, r1, "2", "н"),
        (chuzhakova, r1, "3", "б"),
    ]
    for learner, at, marks, attendance in cells:
        JournalCellFactory(
            lesson=at, learner=learner, marks=marks, attendance=attendance, updated_by=t
        )
    # 7А's journal: a lesson in the span the customer must not count.
    maths_lesson = lesson(klass, maths, date(2026, 9, 4), school_teacher)
    JournalCellFactory(
        lesson=maths_lesson, learner=antonova, marks="2", attendance="н", updated_by=t
    )
    PeriodMarkFactory(learner=antonova, subject=robotics, period=first, value="4", updated_by=t)
    PeriodMarkFactory(learner=antonova, subject=maths, period=first, value="2", updated_by=t)
    PeriodMarkFactory(
        learner=antonova,
        subject=robotics,
        kind=MarkKind.YEAR,
        period=None,
        year=school.year,
        value="5",
        updated_by=t,
    )
    PeriodMarkFactory(learner=tretyakova, subject=robotics, period=first, value="3", updated_by=t)
    return Club(
        school=school,
        group=group,
        robotics=robotics,
        drawing=drawing,
        first=first,
        customer=customer,
        other=other,
        user=user,
        other_user=other_user,
        antonova=antonova,
        borisov=borisov,
        tretyakova=tretyakova,
        chuzhakova=chuzhakova,
        teacher=teacher,
        klass=klass,
    )


@pytest.fixture
def customer_client(client, club):
    client.force_login(club.user)
    return client
