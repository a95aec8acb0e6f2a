"""State exam results entered on their page: who entered them and when, a version for
the page's concurrency check, and their history. Existing rows (imported, demo) keep no
author, get version 1 and the migration's moment as entered_at."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("achievements", "0014_diagnostics"),
    ]

    operations = [
        migrations.CreateModel(
            name="StateExamResultChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("changed_at", models.DateTimeField(auto_now_add=True, verbose_name="когда")),
                ("old_value", models.CharField(blank=True, max_length=200, verbose_name="было")),
                ("new_value", models.CharField(max_length=200, verbose_name="стало")),
                ("reason", models.CharField(max_length=200, verbose_name="основание")),
            ],
            options={
                "verbose_name": "изменение результата ГИА",
                "verbose_name_plural": "история результатов ГИА",
                "ordering": ["-changed_at", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="stateexamresult",
            name="entered_at",
            field=models.DateTimeField(auto_now=True, verbose_name="внесено"),
        ),
        migrations.AddField(
            model_name="stateexamresult",
            name="entered_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="внёс",
            ),
        ),
        migrations.AddField(
            model_name="stateexamresult",
            name="version",
            field=models.PositiveIntegerField(default=1, verbose_name="версия"),
        ),
        migrations.AddConstraint(
            model_name="stateexamresult",
            constraint=models.CheckConstraint(
                condition=models.Q(("version__gte", 1)),
                name="state_exam_version_positive",
                violation_error_message="Версия записи начинается с 1.",
            ),
        ),
        migrations.AddField(
            model_name="stateexamresultchange",
            name="changed_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="кто",
            ),
        ),
        migrations.AddField(
            model_name="stateexamresultchange",
            name="result",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="changes",
                to="achievements.stateexamresult",
                verbose_name="результат",
            ),
        ),
        migrations.AddConstraint(
            model_name="stateexamresultchange",
            constraint=models.CheckConstraint(
                condition=models.Q(("new_value", models.F("old_value")), _negated=True),
                name="state_exam_change_changes",
                violation_error_message="В истории записываются только изменения.",
            ),
        ),
    ]
