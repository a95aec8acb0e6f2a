from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("learners", "0008_consent"),
    ]

    operations = [
        migrations.AlterField(
            model_name="subject",
            name="kind",
            field=models.CharField(
                choices=[
                    ("subject", "Учебный предмет"),
                    ("course", "Курс"),
                    ("discipline", "Дисциплина"),
                    ("module", "Модуль"),
                    ("practice", "Практика"),
                    ("extracurricular", "Курс внеурочной деятельности"),
                ],
                default="subject",
                max_length=20,
                verbose_name="вид",
            ),
        ),
    ]
