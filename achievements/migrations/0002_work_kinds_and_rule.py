from decimal import Decimal

from django.db import migrations

WORK_KINDS = [
    ("Работа на уроке", "Ур", "1.0"),
    ("Устный ответ", "Уст", "1.0"),
    ("Домашняя работа", "ДЗ", "1.0"),
    ("Самостоятельная работа", "СР", "1.5"),
    ("Практическая работа", "ПР", "1.5"),
    ("Проект", "Пр", "2.0"),
    ("Контрольная работа", "КР", "2.0"),
    ("Диктант", "Дик", "2.0"),
]


def seed(apps, schema_editor):
    WorkKind = apps.get_model("achievements", "WorkKind")
    AttestationRule = apps.get_model("achievements", "AttestationRule")
    for order, (name, short, weight) in enumerate(WORK_KINDS, start=1):
        WorkKind.objects.get_or_create(
            name=name, defaults={"short_name": short, "weight": Decimal(weight), "order": order}
        )
    if not AttestationRule.objects.exists():
        AttestationRule.objects.create()


class Migration(migrations.Migration):
    dependencies = [("achievements", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
