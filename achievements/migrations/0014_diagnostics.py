import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("achievements", "0013_external_assessment"),
        ("learners", "0009_extracurricular"),
    ]

    operations = [
        migrations.CreateModel(
            name="DiagnosticResult",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("personal", "Личностные"),
                            ("reflexive", "Рефлексивные (регулятивные)"),
                            ("cognitive", "Познавательные"),
                            ("communicative", "Коммуникативные"),
                        ],
                        max_length=15,
                        verbose_name="группа УУД",
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        blank=True,
                        choices=[("high", "Высокий"), ("medium", "Средний"), ("low", "Низкий")],
                        max_length=10,
                        verbose_name="уровень",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1, verbose_name="версия")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="изменено")),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="learners.studygroup",
                        verbose_name="класс",
                    ),
                ),
                (
                    "learner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="diagnostics",
                        to="learners.learner",
                        verbose_name="обучающийся",
                    ),
                ),
                (
                    "period",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="learners.studyperiod",
                        verbose_name="период",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="кем",
                    ),
                ),
            ],
            options={
                "verbose_name": "уровень УУД (педагогическая диагностика)",
                "verbose_name_plural": "педагогическая диагностика УУД",
                "ordering": ["period", "learner", "kind"],
            },
        ),
        migrations.CreateModel(
            name="DiagnosticChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("changed_at", models.DateTimeField(auto_now_add=True, verbose_name="когда")),
                (
                    "old_level",
                    models.CharField(
                        blank=True,
                        choices=[("high", "Высокий"), ("medium", "Средний"), ("low", "Низкий")],
                        max_length=10,
                        verbose_name="было",
                    ),
                ),
                (
                    "new_level",
                    models.CharField(
                        blank=True,
                        choices=[("high", "Высокий"), ("medium", "Средний"), ("low", "Низкий")],
                        max_length=10,
                        verbose_name="стало",
                    ),
                ),
                ("reason", models.CharField(blank=True, max_length=500, verbose_name="причина")),
                (
                    "changed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="кто",
                    ),
                ),
                (
                    "result",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="changes",
                        to="achievements.diagnosticresult",
                        verbose_name="уровень УУД",
                    ),
                ),
            ],
            options={
                "verbose_name": "изменение уровня УУД",
                "verbose_name_plural": "история педагогической диагностики",
                "ordering": ["-changed_at", "-pk"],
            },
        ),
        migrations.AddIndex(
            model_name="diagnosticresult",
            index=models.Index(fields=["group", "period"], name="diagnostic_result_grid_idx"),
        ),
        migrations.AddConstraint(
            model_name="diagnosticresult",
            constraint=models.UniqueConstraint(
                fields=("learner", "period", "kind"),
                name="diagnostic_result_unique",
                violation_error_message="Уровень этой группы УУД за этот период уже записан.",
            ),
        ),
        migrations.AddConstraint(
            model_name="diagnosticresult",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind__in", ["personal", "reflexive", "cognitive", "communicative"])
                ),
                name="diagnostic_result_kind_valid",
                violation_error_message="Такой группы универсальных учебных действий нет.",
            ),
        ),
        migrations.AddConstraint(
            model_name="diagnosticresult",
            constraint=models.CheckConstraint(
                condition=models.Q(("level__in", ["high", "medium", "low", ""])),
                name="diagnostic_result_level_valid",
                violation_error_message="Уровень — высокий, средний или низкий.",
            ),
        ),
    ]
