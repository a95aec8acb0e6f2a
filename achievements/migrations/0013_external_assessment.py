import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("achievements", "0012_academic_debts"),
        ("learners", "0009_extracurricular"),
    ]

    operations = [
        migrations.CreateModel(
            name="ExternalAssessment",
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
                            ("vpr", "ВПР"),
                            ("regional", "Региональная диагностика"),
                            ("municipal", "Муниципальная диагностика"),
                            ("international", "Международное исследование"),
                            ("entry", "Входная диагностика"),
                        ],
                        max_length=20,
                        verbose_name="вид",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="наименование")),
                ("grade", models.PositiveSmallIntegerField(verbose_name="год (класс) обучения")),
                ("held_on", models.DateField(verbose_name="дата проведения")),
                ("max_score", models.PositiveSmallIntegerField(verbose_name="максимальный балл")),
                (
                    "task_count",
                    models.PositiveSmallIntegerField(default=0, verbose_name="число заданий"),
                ),
                (
                    "task_max",
                    models.JSONField(blank=True, default=list, verbose_name="максимум за задания"),
                ),
                (
                    "thresholds",
                    models.JSONField(
                        blank=True, default=list, verbose_name="шкала перевода баллов в отметку"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="создано")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="создал",
                    ),
                ),
                (
                    "subject",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        to="learners.subject",
                        verbose_name="предмет",
                    ),
                ),
                (
                    "year",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="learners.academicyear",
                        verbose_name="учебный год",
                    ),
                ),
            ],
            options={
                "verbose_name": "внешняя оценочная процедура",
                "verbose_name_plural": "внешние оценочные процедуры",
                "ordering": ["-held_on", "grade", "pk"],
            },
        ),
        migrations.CreateModel(
            name="ExternalResult",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "score",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="баллы"),
                ),
                ("mark", models.CharField(blank=True, max_length=10, verbose_name="отметка")),
                (
                    "task_scores",
                    models.JSONField(blank=True, default=list, verbose_name="баллы за задания"),
                ),
                ("entered_at", models.DateTimeField(auto_now=True, verbose_name="внесено")),
                ("version", models.PositiveIntegerField(default=1, verbose_name="версия")),
                (
                    "assessment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="results",
                        to="achievements.externalassessment",
                        verbose_name="процедура",
                    ),
                ),
                (
                    "entered_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="внёс",
                    ),
                ),
                (
                    "learner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="external_results",
                        to="learners.learner",
                        verbose_name="обучающийся",
                    ),
                ),
            ],
            options={
                "verbose_name": "результат внешней оценки",
                "verbose_name_plural": "результаты внешней оценки",
                "ordering": ["assessment", "learner__last_name", "learner__first_name", "pk"],
            },
        ),
        migrations.CreateModel(
            name="ExternalResultChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("changed_at", models.DateTimeField(auto_now_add=True, verbose_name="когда")),
                ("old_value", models.CharField(blank=True, max_length=500, verbose_name="было")),
                ("new_value", models.CharField(max_length=500, verbose_name="стало")),
                ("reason", models.CharField(max_length=200, verbose_name="основание")),
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
                        to="achievements.externalresult",
                        verbose_name="результат",
                    ),
                ),
            ],
            options={
                "verbose_name": "изменение результата внешней оценки",
                "verbose_name_plural": "история результатов внешней оценки",
                "ordering": ["-changed_at", "-pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="externalassessment",
            constraint=models.CheckConstraint(
                condition=models.Q(("max_score__gt", 0)),
                name="external_assessment_max_positive",
                violation_error_message="Максимальный балл должен быть больше нуля.",
            ),
        ),
        migrations.AddConstraint(
            model_name="externalassessment",
            constraint=models.CheckConstraint(
                condition=models.Q(("grade__gte", 1), ("grade__lte", 11)),
                name="external_assessment_grade_range",
                violation_error_message="Класс (год обучения) — от 1 до 11.",
            ),
        ),
        migrations.AddConstraint(
            model_name="externalassessment",
            constraint=models.UniqueConstraint(
                fields=("kind", "subject", "grade", "year", "held_on"),
                name="external_assessment_unique",
                violation_error_message="Такая процедура в этот день уже заведена.",
            ),
        ),
        migrations.AddConstraint(
            model_name="externalresult",
            constraint=models.UniqueConstraint(
                fields=("assessment", "learner"),
                name="external_result_unique",
                violation_error_message="Результат этого обучающегося уже внесён.",
            ),
        ),
        migrations.AddConstraint(
            model_name="externalresult",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("score__isnull", False), models.Q(("mark", ""), _negated=True), _connector="OR"
                ),
                name="external_result_has_value",
                violation_error_message="Укажите баллы или отметку.",
            ),
        ),
        migrations.AddConstraint(
            model_name="externalresult",
            constraint=models.CheckConstraint(
                condition=models.Q(("version__gte", 1)),
                name="external_result_version_positive",
                violation_error_message="Версия записи начинается с 1.",
            ),
        ),
        migrations.AddConstraint(
            model_name="externalresultchange",
            constraint=models.CheckConstraint(
                condition=models.Q(("new_value", models.F("old_value")), _negated=True),
                name="external_result_change_changes",
                violation_error_message="В истории записываются только изменения.",
            ),
        ),
    ]
