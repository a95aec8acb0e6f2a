# Levels of mastering an additional education programme by stage (R-JRN-14).
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("achievements", "0016_final_attestation"),
        ("learners", "0009_extracurricular"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LevelResult",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("stage", models.CharField(choices=[("entry", "Входная диагностика"), ("intermediate", "Промежуточная аттестация"), ("final", "Итоговая аттестация")], max_length=15, verbose_name="этап")),
                ("checked_on", models.DateField(blank=True, null=True, verbose_name="дата проведения")),
                ("level", models.CharField(blank=True, max_length=10, verbose_name="уровень")),
                ("comment", models.CharField(blank=True, max_length=500, verbose_name="комментарий")),
                ("version", models.PositiveIntegerField(default=1, verbose_name="версия")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="изменено")),
                ("group", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="learners.studygroup", verbose_name="объединение")),
                ("learner", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="level_results", to="learners.learner", verbose_name="учащийся")),
                ("subject", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="learners.subject", verbose_name="предмет (курс)")),
                ("updated_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="кем")),
            ],
            options={
                "verbose_name": "уровень освоения программы",
                "verbose_name_plural": "уровни освоения программ (входная, промежуточная, итоговая)",
                "ordering": ["group", "subject", "learner", "stage"],
            },
        ),
        migrations.CreateModel(
            name="LevelResultChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("changed_at", models.DateTimeField(auto_now_add=True, verbose_name="когда")),
                ("old_level", models.CharField(blank=True, max_length=10, verbose_name="было")),
                ("new_level", models.CharField(blank=True, max_length=10, verbose_name="стало")),
                ("old_checked_on", models.DateField(blank=True, null=True, verbose_name="была дата")),
                ("new_checked_on", models.DateField(blank=True, null=True, verbose_name="стала дата")),
                ("reason", models.CharField(blank=True, max_length=500, verbose_name="причина")),
                ("changed_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="кто")),
                ("result", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="changes", to="achievements.levelresult", verbose_name="уровень")),
            ],
            options={
                "verbose_name": "изменение уровня освоения программы",
                "verbose_name_plural": "история уровней освоения программ",
                "ordering": ["-changed_at", "-pk"],
                "abstract": False,
            },
        ),
        migrations.AddIndex(
            model_name="levelresult",
            index=models.Index(fields=["group", "subject", "stage"], name="level_result_grid_idx"),
        ),
        migrations.AddConstraint(
            model_name="levelresult",
            constraint=models.UniqueConstraint(fields=("learner", "group", "subject", "stage"), name="level_result_unique", violation_error_message="Уровень этого учащегося на этом этапе уже записан."),
        ),
        migrations.AddConstraint(
            model_name="levelresult",
            constraint=models.CheckConstraint(condition=models.Q(("stage__in", ["entry", "intermediate", "final"])), name="level_result_stage_valid", violation_error_message="Такого этапа нет."),
        ),
        migrations.AddConstraint(
            model_name="levelresult",
            constraint=models.CheckConstraint(condition=models.Q(("level", ""), ("checked_on__isnull", False), _connector="OR"), name="level_result_dated", violation_error_message="У записанного уровня должна быть дата проведения."),
        ),
    ]
