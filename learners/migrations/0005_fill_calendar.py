"""The production calendar for the years a school works with now, filled from the
``holidays`` package; later years are added in the admin (and read from the package
until then)."""

from django.db import migrations

YEARS = range(2024, 2030)


def fill(apps, schema_editor):
    from learners.calendar import package_days

    CalendarYear = apps.get_model("learners", "CalendarYear")
    CalendarDay = apps.get_model("learners", "CalendarDay")
    for year in YEARS:
        calendar, created = CalendarYear.objects.get_or_create(year=year)
        if created:
            CalendarDay.objects.bulk_create(
                CalendarDay(calendar=calendar, day=day, kind=kind, name=name[:200])
                for day, (kind, name) in sorted(package_days(year).items())
            )


def empty(apps, schema_editor):
    apps.get_model("learners", "CalendarYear").objects.filter(year__in=YEARS).delete()


class Migration(migrations.Migration):
    dependencies = [("learners", "0004_calendar_and_state_exam_choices")]
    operations = [migrations.RunPython(fill, empty)]
