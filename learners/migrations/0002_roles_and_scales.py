"""Role groups and the grading scales of the seeds (R-ORG-4), as data a deputy edits."""

from decimal import Decimal

from django.db import migrations

ROLES = [
    "Учитель",
    "Классный руководитель",
    "Заместитель директора",
    "Директор",
    "Делопроизводитель",
    "Родитель (законный представитель)",
    "Обучающийся",
    "Заказчик",
    "Администратор",
]

# Special codes every scale accepts at attestation (R-ORG-4).
SPECIAL = [
    ("н/а", "не аттестован", False),
    ("осв.", "освобождён", True),
    ("зач.", "зачтено из другой организации", True),
]

SCALES = [
    (
        "five-point",
        "Пятибалльная",
        "five_point",
        None,
        [
            ("5", "отлично", 5, True, True),
            ("4", "хорошо", 4, True, True),
            ("3", "удовлетворительно", 3, True, True),
            ("2", "неудовлетворительно", 2, False, True),
            ("1", "плохо", 1, False, False),
        ],
    ),
    (
        "pass-fail",
        "Зачёт / незачёт",
        "pass_fail",
        None,
        [("зач", "зачтено", None, True, True), ("незач", "не зачтено", None, False, True)],
    ),
    (
        "mastered",
        "Освоено / не освоено",
        "mastered",
        None,
        [("осв", "освоено", None, True, True), ("не осв", "не освоено", None, False, True)],
    ),
    (
        "levels",
        "Уровни освоения",
        "levels",
        None,
        [
            ("В", "высокий уровень", 3, True, True),
            ("С", "средний уровень", 2, True, True),
            ("Н", "низкий уровень", 1, False, True),
        ],
    ),
    ("points-100", "Стобалльная", "points", (0, 100, 50), []),
]


def seed(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GradingScale = apps.get_model("learners", "GradingScale")
    ScaleValue = apps.get_model("learners", "ScaleValue")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    for code, name, kind, points, values in SCALES:
        scale, _ = GradingScale.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "min_points": points and points[0],
                "max_points": points and points[1],
                "pass_points": points and points[2],
            },
        )
        order = 0
        for value, label, numeric, passing, enabled in values:
            order += 1
            ScaleValue.objects.get_or_create(
                scale=scale,
                code=value,
                defaults={
                    "label": label,
                    "numeric": None if numeric is None else Decimal(numeric),
                    "is_passing": passing,
                    "is_enabled": enabled,
                    "order": order,
                },
            )
        for value, label, passing in SPECIAL:
            order += 1
            ScaleValue.objects.get_or_create(
                scale=scale,
                code=value,
                defaults={"label": label, "is_passing": passing, "is_special": True, "order": order},
            )


class Migration(migrations.Migration):
    dependencies = [("learners", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
