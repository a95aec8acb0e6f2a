"""Achievement categories of the seeds (000 §3.2, 001 §2.3–2.4, 002 §3.2, §4.7)."""

from django.db import migrations

CATEGORIES = [
    ("olympiad", "Олимпиады (всероссийская олимпиада школьников и другие)", True, False, False),
    ("contest", "Интеллектуальные и творческие конкурсы", False, False, False),
    ("professional", "Профессиональные конкурсы (WorldSkills, Абилимпикс, Kidskills)",
     False, False, False),
    ("sport", "Спортивные соревнования и туризм", False, False, False),
    ("gto", "Нормы комплекса ГТО", False, True, False),
    ("conference", "Конференции, выставки, фестивали, профильные смены", False, False, False),
    ("project", "Проектная и учебно-исследовательская деятельность", False, False, True),
    ("creative_work", "Творческие работы", False, False, True),
    ("diagnostics", "Независимая диагностика", False, False, False),
    ("self_government", "Ученическое самоуправление", False, False, False),
    ("volunteering", "Волонтёрская (добровольческая) деятельность", False, False, False),
]  # fmt: skip


def seed(apps, schema_editor):
    Category = apps.get_model("achievements", "AchievementCategory")
    for order, (code, name, stage, badge, work) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "has_stage": stage, "has_badge": badge,
                "is_work": work, "order": order,
            },
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("achievements", "0003_portfolio")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
