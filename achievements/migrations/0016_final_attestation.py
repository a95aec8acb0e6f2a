# The final attestation of training groups: commission, members, results, history.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("achievements", "0015_state_exam_entry"),
        ("learners", "0009_extracurricular"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AttestationCommission",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("held_on", models.DateField(verbose_name="дата заседания")),
                ("order_reference", models.CharField(max_length=200, verbose_name="приказ о составе комиссии")),
                ("chair_name", models.CharField(max_length=300, verbose_name="председатель (ФИО)")),
                ("chair_position", models.CharField(max_length=300, verbose_name="должность председателя")),
                ("version", models.PositiveIntegerField(default=1, verbose_name="версия")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="создана")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="изменена")),
                ("created_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="кто")),
                ("group", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="commissions", to="learners.studygroup", verbose_name="учебная группа")),
                ("scale", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="learners.gradingscale", verbose_name="шкала оценок")),
            ],
            options={
                "verbose_name": "итоговая аттестационная комиссия",
                "verbose_name_plural": "итоговые аттестационные комиссии",
                "ordering": ["-held_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="CommissionMember",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("full_name", models.CharField(max_length=300, verbose_name="член комиссии (ФИО)")),
                ("position", models.CharField(blank=True, max_length=300, verbose_name="должность")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="порядок")),
                ("commission", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="members", to="achievements.attestationcommission", verbose_name="комиссия")),
            ],
            options={
                "verbose_name": "член комиссии",
                "verbose_name_plural": "члены комиссии",
                "ordering": ["commission", "order", "pk"],
            },
        ),
        migrations.CreateModel(
            name="FinalAttestationResult",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("form", models.CharField(blank=True, max_length=200, verbose_name="форма итоговой аттестации")),
                ("work_topic", models.CharField(blank=True, max_length=500, verbose_name="тема квалификационной работы")),
                ("work_mark", models.CharField(blank=True, max_length=10, verbose_name="оценка за работу")),
                ("final_mark", models.CharField(blank=True, max_length=10, verbose_name="итоговая оценка")),
                ("qualification", models.CharField(blank=True, max_length=300, verbose_name="присвоенная квалификация (разряд)")),
                ("version", models.PositiveIntegerField(default=1, verbose_name="версия")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="изменено")),
                ("commission", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="results", to="achievements.attestationcommission", verbose_name="комиссия")),
                ("learner", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="final_attestation_results", to="learners.learner", verbose_name="слушатель")),
                ("updated_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="кем")),
            ],
            options={
                "verbose_name": "результат итоговой аттестации",
                "verbose_name_plural": "результаты итоговой аттестации",
                "ordering": ["commission", "learner"],
            },
        ),
        migrations.CreateModel(
            name="FinalAttestationChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("changed_at", models.DateTimeField(auto_now_add=True, verbose_name="когда")),
                ("field", models.CharField(choices=[("form", "Форма итоговой аттестации"), ("work_topic", "Тема квалификационной работы"), ("work_mark", "Оценка за квалификационную работу"), ("final_mark", "Итоговая оценка"), ("qualification", "Присвоенная квалификация")], max_length=20, verbose_name="что изменено")),
                ("old_value", models.CharField(blank=True, max_length=500, verbose_name="было")),
                ("new_value", models.CharField(blank=True, max_length=500, verbose_name="стало")),
                ("reason", models.CharField(blank=True, max_length=500, verbose_name="причина")),
                ("changed_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="кто")),
                ("result", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="changes", to="achievements.finalattestationresult", verbose_name="результат")),
            ],
            options={
                "verbose_name": "изменение результата итоговой аттестации",
                "verbose_name_plural": "история итоговой аттестации",
                "ordering": ["-changed_at", "-pk"],
                "abstract": False,
            },
        ),
        migrations.AddConstraint(
            model_name="attestationcommission",
            constraint=models.CheckConstraint(condition=models.Q(("chair_name", ""), _negated=True), name="attestation_commission_chair", violation_error_message="Укажите председателя комиссии."),
        ),
        migrations.AddConstraint(
            model_name="commissionmember",
            constraint=models.CheckConstraint(condition=models.Q(("full_name", ""), _negated=True), name="commission_member_named", violation_error_message="Укажите ФИО члена комиссии."),
        ),
        migrations.AddConstraint(
            model_name="finalattestationresult",
            constraint=models.UniqueConstraint(fields=("commission", "learner"), name="final_attestation_result_unique", violation_error_message="Результат этого слушателя у этой комиссии уже есть."),
        ),
    ]
