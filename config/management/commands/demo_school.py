import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from achievements import demo as journal_demo
from achievements.debts import demo as debts_demo
from achievements.diagnostics import demo as diagnostics_demo
from achievements.external import demo as external_demo
from achievements.final_attestation import demo as final_attestation_demo
from achievements.gifted import demo as gifted_demo
from achievements.levels import demo as levels_demo
from achievements.portfolio import demo as portfolio_demo
from archive import demo as archive_demo
from archive.documents import demo as documents_demo
from archive.documents import qualification_demo
from credit_transfer import demo as credit_demo
from learners.demo import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    SCALES,
    DemoRefused,
    additional,
    generate,
    training,
)
from learners.demo import club as club_demo
from learners.demo import extracurricular as extracurricular_demo
from learners.demo.data import ADDITIONAL_LOGINS, TRAINING_LOGINS
from learners.demo.past import build_previous_year
from learners.models import TERMS, OrganisationKind, Role
from learners.text import plural
from rewards import demo as rewards_demo


class Command(BaseCommand):
    """Lives in config because it fills every app: the school from learners, the
    journal from achievements, and so on as apps arrive."""

    help = (
        "Создаёт демонстрационную организацию в пустой базе: --kind school (по умолчанию) — "
        "школа, --scale demo (около 300 обучающихся) или --scale school (1000 обучающихся, "
        "40 классов, 15 предметов — эталон для замеров); --kind training — учебный центр "
        "(ДПО), --kind additional — центр дополнительного образования."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=sorted(KINDS), default="school")
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=17)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="если данные уже есть, ничего не менять и завершиться без ошибки",
        )

    def handle(self, *args, kind, scale, seed, if_empty, **options):
        if kind != "school":
            return self.handle_other_kind(KINDS[kind], scale=scale, seed=seed, if_empty=if_empty)
        started = time.perf_counter()
        today = timezone.localdate()
        try:
            with transaction.atomic():
                summary = generate(scale=scale, seed=seed, today=today)
                summary |= build_previous_year(today=today)
                summary |= journal_demo.generate_past(today=today, seed=seed)
                summary |= journal_demo.generate(today=today, seed=seed)
                summary |= extracurricular_demo.generate(today=today, seed=seed)
                summary |= club_demo.generate_journal(today=today, seed=seed)
                summary |= levels_demo.generate(today=today, seed=seed)
                summary |= debts_demo.generate(today=today, seed=seed)
                summary |= diagnostics_demo.generate(today=today, seed=seed)
                summary |= external_demo.generate(today=today, seed=seed)
                summary |= portfolio_demo.generate(today=today, seed=seed)
                summary |= gifted_demo.generate(today=today, seed=seed)
                summary |= rewards_demo.generate(today=today, seed=seed)
                summary |= credit_demo.generate(today=today, seed=seed)
                summary |= archive_demo.generate(today=today, seed=seed)
                summary |= documents_demo.generate(today=today, seed=seed)
        except DemoRefused as refusal:
            if not if_empty:
                raise CommandError(str(refusal)) from refusal
            self.stdout.write("Данные уже есть — демонстрационная школа не создавалась.")
        else:
            elapsed = time.perf_counter() - started
            self.stdout.write(
                self.style.SUCCESS(
                    f"Создана {summary['organisation']}: "
                    + ", ".join(
                        plural(summary[key], *forms)
                        for key, forms in (
                            ("learners", ("обучающийся", "обучающихся", "обучающихся")),
                            ("groups", ("класс", "класса", "классов")),
                            ("subjects", ("предмет", "предмета", "предметов")),
                            (
                                "extracurricular_courses",
                                (
                                    "курс внеурочной деятельности",
                                    "курса внеурочной деятельности",
                                    "курсов внеурочной деятельности",
                                ),
                            ),
                            ("staff", ("сотрудник", "сотрудника", "сотрудников")),
                            ("guardians", ("родитель", "родителя", "родителей")),
                            ("lessons", ("урок", "урока", "уроков")),
                            ("cells", ("запись журнала", "записи журнала", "записей журнала")),
                            ("achievements", ("достижение", "достижения", "достижений")),
                            (
                                "credit_applications",
                                ("заявление о зачёте", "заявления о зачёте", "заявлений о зачёте"),
                            ),
                        )
                    )
                    + f" за {elapsed:.1f} с."
                )
            )
        self.stdout.write(f"\nДемонстрационные входы (пароль для всех: {DEMO_PASSWORD}):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<11} {login.role.label} — {login.who}")
        teacher = credit_demo.waiting_teacher()
        if teacher is not None:
            self.stdout.write(f"  {teacher[0]:<11} {teacher[1]}")

    def handle_other_kind(self, kind: OrganisationKind, *, scale, seed, if_empty):
        if scale != "demo":
            raise CommandError(
                f"Масштаб «{scale}» есть только у демонстрационной школы: учебный центр и "
                "центр дополнительного образования строятся в одном размере (--scale demo)."
            )
        started = time.perf_counter()
        today = timezone.localdate()
        try:
            with transaction.atomic():
                if kind == OrganisationKind.TRAINING:
                    summary = training.generate(seed=seed, today=today)
                    summary |= final_attestation_demo.generate(today=today, seed=seed)
                    summary |= qualification_demo.generate(today=today, seed=seed)
                else:
                    summary = additional.generate(seed=seed, today=today)
                    summary |= levels_demo.generate(today=today, seed=seed)
        except DemoRefused as refusal:
            if not if_empty:
                raise CommandError(str(refusal)) from refusal
            self.stdout.write("Данные уже есть — демонстрационная организация не создавалась.")
        else:
            elapsed = time.perf_counter() - started
            self.stdout.write(self.style.SUCCESS(summary_line(kind, summary, elapsed)))
        terms = TERMS[kind]
        # The role's name in the organisation's words: a teacher of a training company is
        # its «преподаватель», the class teacher of an association its «педагог объединения».
        role_names = {
            Role.TEACHER: terms["Teacher"],
            Role.CLASS_TEACHER: terms["Teacher_of_group"],
            Role.LEARNER: terms["Learner"],
        }
        self.stdout.write(f"\nДемонстрационные входы (пароль для всех: {DEMO_PASSWORD}):")
        for login in LOGINS[kind]:
            role = role_names.get(login.role, login.role.label)
            self.stdout.write(f"  {login.username:<11} {role} — {login.who}")


KINDS = {
    "school": OrganisationKind.SCHOOL,
    "training": OrganisationKind.TRAINING,
    "additional": OrganisationKind.ADDITIONAL,
}
LOGINS = {
    OrganisationKind.TRAINING: TRAINING_LOGINS,
    OrganisationKind.ADDITIONAL: ADDITIONAL_LOGINS,
}


def summary_line(kind: OrganisationKind, summary: dict, elapsed: float) -> str:
    """«Создана демонстрационная организация …: 26 слушателей, 2 учебные группы, …» in
    the kind's words."""
    terms = TERMS[kind]
    counts = [
        plural(summary["learners"], *terms["learner_forms"].split(",")),
        plural(summary["groups"], *terms["group_forms"].split(",")),
        plural(summary["programmes"], "программа", "программы", "программ"),
    ]
    if kind == OrganisationKind.TRAINING:
        counts += [
            plural(summary["subjects"], "модуль", "модуля", "модулей") + " и практик",
            plural(summary["contracted"], *terms["learner_forms"].split(","))
            + " по договорам с заказчиком",
        ]
    else:
        counts.append(plural(summary["subjects"], "предмет", "предмета", "предметов"))
    counts.append(plural(summary["staff"], "сотрудник", "сотрудника", "сотрудников"))
    if summary["guardians"]:
        counts.append(plural(summary["guardians"], "родитель", "родителя", "родителей"))
    counts += [
        plural(summary["lessons"], "занятие", "занятия", "занятий"),
        plural(summary["cells"], "запись журнала", "записи журнала", "записей журнала"),
    ]
    return (
        f"Создана демонстрационная организация {summary['organisation']}: "
        + ", ".join(counts)
        + f" за {elapsed:.1f} с."
    )
