"""The kinds of documents the product produces, each with the term the federal list of
standard archive documents (order of Rosarkhiv No. 236 of 20.12.2019) is understood to
give. The list's official text could not be checked when this was written, so every
line starts unconfirmed («требует подтверждения») and names what must be checked; the
two terms that come from the regulations themselves (003 §6.4) say so."""

from django.db import migrations

LIST = "Перечень типовых управленческих архивных документов, утв. приказом Росархива от 20.12.2019 № 236"
CHECK = " — статья требует сверки с официальным текстом"
LINES = [
    ("Электронный журнал успеваемости и посещаемости (классный журнал)", "years", 5,
     LIST + CHECK),
    ("Сводные ведомости итоговых отметок обучающихся", "years", 25, LIST + CHECK),
    ("Итоги освоения образовательной программы за год в личном деле обучающегося",
     "years", 50, LIST + CHECK),
    ("Протоколы и ведомости промежуточной и итоговой аттестации", "years", 5, LIST + CHECK),
    ("Заявления о зачёте результатов освоения учебных предметов, решения о зачёте",
     "years", 5, LIST + CHECK),
    ("Приказы по контингенту обучающихся (о зачёте результатов, о поощрении)", "years", 50,
     LIST + CHECK),
    ("Книга учёта выданных справок об обучении и иных документов", "years", 50, LIST + CHECK),
    ("Портфолио достижений обучающегося", "no_longer_needed", None,
     "Локальный акт организации (портфолио ведётся в интересах обучающегося)"),
    ("Электронные носители со сведениями о результатах освоения образовательных программ",
     "programme_end", None,
     "Порядок индивидуального учёта, п. 6.4: до окончания освоения программы, "
     "до минования надобности"),
]  # fmt: skip


def seed(apps, schema_editor):
    rule = apps.get_model("archive", "RetentionRule")
    for document_type, term, years, basis in LINES:
        rule.objects.get_or_create(
            document_type=document_type,
            defaults={"term": term, "years": years, "legal_basis": basis},
        )


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_nomenclature")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
