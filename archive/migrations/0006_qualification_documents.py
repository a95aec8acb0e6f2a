# The protocol of final attestation of a training group becomes a kind of issued document.
from django.db import migrations, models

KINDS = [
    ("study_certificate", "Справка об обучении (о периоде обучения)"),
    ("journal_extract", "Выписка из классного журнала"),
    ("yearly_results", "Итоговые результаты по годам обучения"),
    ("attestation_statement", "Ведомость (протокол) аттестации"),
    ("summary_statement", "Сводная ведомость успеваемости"),
    ("certificate_supplement", "Приложение к аттестату"),
    ("graduates_list", "Список выпускников с итоговыми отметками"),
    ("certificates_book", "Книга учёта выдачи аттестатов"),
    ("final_protocol", "Протокол итоговой аттестации"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0005_stored_file_content_type_length"),
        ("achievements", "0016_final_attestation"),
    ]

    operations = [
        migrations.AlterField(
            model_name="inforequest",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=40, verbose_name="документ"),
        ),
        migrations.AlterField(
            model_name="issueddocument",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=40, verbose_name="вид документа"),
        ),
    ]
