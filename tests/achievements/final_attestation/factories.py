"""A training company for the final attestation tests: a group on a ДПП of labour
protection with two modules (five-point scale), its listeners with their module
results, a teacher of the group and one of another group, the office, a family and a
customer. Built from the project's factories; nothing here relies on the demo."""

from dataclasses import dataclass, field
from datetime import date

from achievements.final_attestation.services import commission_save
from achievements.models import MarkKind
from learners.models import (
    GradingScale,
    OrganisationKind,
    ProgrammeLevel,
    Role,
    SubjectKind,
)
from tests.achievements.factories import PeriodMarkFactory
from tests.factories import (
    CurriculumLineFactory,
    OrganisationFactory,
    ProgrammeFactory,
    SubjectFactory,
)
from tests.schools import SchoolBuilder

HELD_ON = date(2026, 10, 30)


def training_organisation():
    return OrganisationFactory(
        kind=OrganisationKind.TRAINING,
        full_name="Общество с ограниченной ответственностью «Учебный центр «Профи»»",
        short_name="ООО «УЦ «Профи»»",
        director_name="Гарашова Айнур Севиндик-кызы",
    )


def training_programme(name="Охрана труда для руководителей и специалистов", **fields):
    fields.setdefault("level", ProgrammeLevel.ADVANCED_TRAINING)
    return ProgrammeFactory(name=name, first_grade=1, last_grade=1, total_hours=40, **fields)


def module(programme, name, hours=16):
    subject = SubjectFactory(name=name, kind=SubjectKind.MODULE)
    CurriculumLineFactory(programme=programme, subject=subject, grade=1, hours=hours)
    return subject


def year_mark(learner, subject, value, *, year, by):
    return PeriodMarkFactory(
        learner=learner,
        subject=subject,
        kind=MarkKind.YEAR,
        period=None,
        year=year,
        value=value,
        proposed=value,
        updated_by=by,
    )


@dataclass
class Training:
    school: SchoolBuilder
    organisation: object
    group: object
    other_group: object
    modules: list
    antonova: object
    borisov: object
    vetrova: object
    teacher: object
    other_teacher: object
    deputy: object
    director: object
    clerk: object
    parent: object
    customer: object
    customer_user: object
    other_customer_user: object
    five_point: object = field(default=None)

    def commission(self, **fields):
        values = {
            "group": self.group,
            "held_on": HELD_ON,
            "order_reference": "Приказ № 45-о от 20.10.2026",
            "chair_name": "Сидоров Пётр Николаевич",
            "chair_position": "инженер по охране труда АО «Астраханьгазпром»",
            "scale": self.five_point,
            "members": [
                ("Кузнецова Ольга Викторовна", "преподаватель"),
                ("Лебедев Андрей Сергеевич", "методист"),
            ],
            "actor": self.deputy,
        }
        values.update(fields)
        return commission_save(**values)


def build_training() -> Training:
    school = SchoolBuilder()
    organisation = training_organisation()
    programme = training_programme()
    group = school.group("ОТ-1", programme=programme, grade=1)
    other_group = school.group(
        "КД-2",
        programme=training_programme("Управление персоналом", level=ProgrammeLevel.RETRAINING),
        grade=1,
    )
    first = module(programme, "Модуль 1. Основы охраны труда", 16)
    second = module(programme, "Модуль 2. Специальная оценка условий труда", 24)
    teacher = school.subject_teacher(group, first, username="prepod")
    other_teacher = school.subject_teacher(other_group, "Кадровое делопроизводство")
    customer = school.customer("АО «Астраханьгазпром»")
    other_customer = school.customer("ООО «Другой заказчик»")
    customer_user = school.customer_account(customer, username="zakazchik")
    other_customer_user = school.customer_account(other_customer, username="drugoy")
    antonova = school.learner(
        group, "Антонова", "Алина", "Сергеевна", customer=customer,
        started_on=date(2026, 9, 1), order_reference="Договор № 14 от 25.08.2026",
    )  # fmt: skip
    borisov = school.learner(
        group, "Борисов", "Борис", "Олегович", customer=customer, started_on=date(2026, 9, 1)
    )
    vetrova = school.learner(
        group, "Ветрова", "Вера", "Павловна", customer=other_customer, started_on=date(2026, 9, 1)
    )
    by = teacher.user
    for learner, values in ((antonova, ("5", "4")), (borisov, ("4", "3")), (vetrova, ("5", ""))):
        for subject, value in zip((first, second), values, strict=True):
            if value:
                year_mark(learner, subject, value, year=school.year, by=by)
    parent = school.parent(antonova, username="mama").user
    return Training(
        school=school,
        organisation=organisation,
        group=group,
        other_group=other_group,
        modules=[first, second],
        antonova=antonova,
        borisov=borisov,
        vetrova=vetrova,
        teacher=teacher,
        other_teacher=other_teacher,
        deputy=school.official(Role.DEPUTY, username="zavuch"),
        director=school.official(Role.DIRECTOR, username="director"),
        clerk=school.official(Role.CLERK, username="clerk"),
        parent=parent,
        customer=customer,
        customer_user=customer_user,
        other_customer_user=other_customer_user,
        five_point=GradingScale.objects.get(code="five-point"),
    )
