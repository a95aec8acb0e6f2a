"""The kinds of reward the seeds name (000 §1.3, 002 §1.3) and the organisation's
criteria row. Organisations change both in the admin."""

from django.db import migrations

SHEET_CRITERIA = (
    "По положению организации о поощрениях: обучающимся 2–8 и 10 классов, имеющим "
    "годовые отметки «5» по всем учебным предметам учебного плана."
)
SUBJECT_CRITERIA = (
    "По положению организации о поощрениях: годовая (итоговая) отметка «5» по предмету и "
    "результат олимпиады (конкурса) по нему не ниже муниципального уровня."
)
MEDAL_CRITERIA = (
    "Приказ Минпросвещения России от 29.09.2023 № 730: итоговые отметки и результаты ЕГЭ."
)

# code, name, nominators, needs_order, layout, for_subject, to_parents, criteria
KINDS = [
    ("gratitude", "Благодарность", "teachers", True, "gratitude", False, False, ""),
    ("certificate", "Грамота", "teachers", True, "certificate", False, False,
     "Победителям и призёрам олимпиад и конкурсов муниципального уровня и выше."),
    ("excellence_sheet", "Похвальный лист «За отличные успехи в учении»", "class_teacher",
     True, "sheet", False, False, SHEET_CRITERIA),
    ("subject_certificate",
     "Похвальная грамота «За особые успехи в изучении отдельных предметов»", "teachers",
     True, "certificate", True, False, SUBJECT_CRITERIA),
    ("diploma", "Диплом", "teachers", True, "diploma", False, False, ""),
    ("prize", "Премия", "administration", True, "notice", False, False, ""),
    ("gift", "Ценный подарок", "administration", True, "notice", False, False, ""),
    ("parents_letter", "Благодарственное письмо родителям", "class_teacher", False, "letter",
     False, True, "За активное участие в общественной жизни класса и организации."),
    ("medal_1", "Медаль «За особые успехи в учении» I степени", "class_teacher", True,
     "notice", False, False, MEDAL_CRITERIA),
    ("medal_2", "Медаль «За особые успехи в учении» II степени", "class_teacher", True,
     "notice", False, False, MEDAL_CRITERIA),
]  # fmt: skip


def seed(apps, schema_editor):
    Kind = apps.get_model("rewards", "RewardKind")
    for order, row in enumerate(KINDS, start=1):
        code, name, nominators, needs_order, layout, for_subject, to_parents, criteria = row
        Kind.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "nominators": nominators, "needs_order": needs_order,
                "layout": layout, "for_subject": for_subject, "to_parents": to_parents,
                "criteria": criteria, "order": order,
            },
        )  # fmt: skip
    apps.get_model("rewards", "RewardRule").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("rewards", "0001_rewards")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
