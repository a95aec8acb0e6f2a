"""Demo records of the final attestation, built after the demo organisation's base and
journal: only in a training company. For each training group whose year is over (or,
when none is, the first group with listeners) a commission sits — chaired by an
employer's representative, with two members — the listeners admitted get their
practical qualification work and final marks. The protocol and the documents of
qualification are the archive's (archive/documents/qualification_demo.py)."""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from achievements.final_attestation import selectors
from achievements.final_attestation.services import RowInput, commission_save, results_save
from achievements.models import AttestationCommission
from learners.access import TRAINING_LEVELS
from learners.models import (
    Customer,
    GradingScale,
    Organisation,
    OrganisationKind,
    ProgrammeLevel,
    Role,
    StudyGroup,
)

TOPICS = [
    "Разработка программы вводного инструктажа по охране труда для рабочих цеха",
    "Оценка профессиональных рисков на рабочем месте оператора котельной",
    "Организация обучения по охране труда и проверки знаний в подразделении",
    "План мероприятий по улучшению условий труда по итогам специальной оценки",
    "Расследование несчастного случая на производстве: порядок и документы",
    "Система управления охраной труда малого предприятия",
    "Разработка положения о системе оплаты труда структурного подразделения",
    "Кадровое делопроизводство при приёме и увольнении работников",
    "Программа адаптации новых работников организации",
    "Оценка персонала по профессиональному стандарту",
]
MEMBERS = [
    ("Кузнецова Ольга Викторовна", "преподаватель"),
    ("Лебедев Андрей Сергеевич", "методист учебного центра"),
]
FORMS = {
    ProgrammeLevel.PROFESSIONAL_TRAINING: "квалификационный экзамен (практическая "
    "квалификационная работа и проверка теоретических знаний)",
    ProgrammeLevel.ADVANCED_TRAINING: "итоговый зачёт с защитой итоговой работы",
    ProgrammeLevel.RETRAINING: "защита итоговой аттестационной работы",
}
MARKS, WEIGHTS = ["5", "4", "3"], [4, 5, 2]


def _user(*roles: Role):
    users = get_user_model().objects.filter(is_active=True)
    return (
        users.filter(groups__name__in=[r.label for r in roles]).order_by("pk").first()
        or users.filter(is_superuser=True).order_by("pk").first()
    )


def _groups(today: date) -> list[StudyGroup]:
    training = (
        StudyGroup.objects.filter(programme__level__in=TRAINING_LEVELS, year__starts_on__lte=today)
        .select_related("year", "programme")
        .order_by("year__starts_on", "name")
    )
    ended = [g for g in training if g.year.ends_on < today]
    if ended:
        return ended
    for group in training:
        if selectors.roster(group, today):
            return [group]
    return []


def generate(*, today: date, seed: int = 17) -> dict[str, int]:
    organisation = Organisation.objects.first()
    if organisation is None or organisation.kind != OrganisationKind.TRAINING:
        return {}
    deputy = _user(Role.DEPUTY)
    if deputy is None:
        return {}
    rng = random.Random(seed)
    scale = GradingScale.objects.get(code="five-point")
    employer = Customer.objects.order_by("name").first()
    counts = {"commissions": 0, "final_results": 0}
    for group in _groups(today):
        if AttestationCommission.objects.filter(group=group).exists():
            continue
        held_on = min(today - timedelta(days=1), group.year.ends_on)
        if held_on < group.year.starts_on:
            continue
        commission = commission_save(
            group=group,
            held_on=held_on,
            order_reference=f"Приказ № {rng.randint(20, 90)}-о от "
            f"{held_on - timedelta(days=10):%d.%m.%Y}",
            chair_name="Сидоров Пётр Николаевич",
            chair_position=(
                f"главный инженер, представитель работодателя ({employer.name})"
                if employer
                else "представитель работодателя"
            ),
            scale=scale,
            members=MEMBERS,
            actor=deputy,
        )
        counts["commissions"] += 1
        grid = selectors.results_grid(commission)
        level = group.programme.level
        rows = []
        for line in grid.rows:
            if not line.admitted:
                continue
            work = rng.choices(MARKS, WEIGHTS)[0]
            final = work if rng.random() < 0.7 else rng.choices(MARKS, WEIGHTS)[0]
            rows.append(
                RowInput(
                    learner_id=line.learner.pk,
                    form=FORMS.get(level, ""),
                    work_topic=rng.choice(TOPICS),
                    work_mark=work,
                    final_mark=final,
                    qualification=(
                        f"{rng.choice([2, 3])}-й разряд"
                        if level == ProgrammeLevel.PROFESSIONAL_TRAINING
                        else ""
                    ),
                    version=0,
                )
            )
        if not rows:
            continue
        counts["final_results"] += results_save(commission=commission, rows=rows, actor=deputy)
    return counts
