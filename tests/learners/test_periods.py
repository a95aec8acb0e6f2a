"""Study periods inside their year and apart from each other (the triggers of migration
0003_period_triggers): a form says which period is in the way, in Russian, before the
database would refuse the save, and nothing is written."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.forms import modelform_factory

from learners.models import AcademicYear, Role, StudyPeriod
from tests.factories import AcademicYearFactory, StudyPeriodFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputy_client(client):
    client.force_login(UserFactory(roles=[Role.DEPUTY]))
    return client


@pytest.fixture
def year():
    year = AcademicYearFactory()
    StudyPeriodFactory(year=year, number=1, starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 24))
    StudyPeriodFactory(year=year, number=2, starts_on=date(2026, 11, 5), ends_on=date(2026, 12, 28))
    return year


def _year_form(year_fields, periods, *, initial=0):
    """The POST of the academic year's admin page: the year's fields and its periods'
    inline, ``initial`` of them already saved (given with their ``id``)."""
    data = {
        **year_fields,
        "periods-TOTAL_FORMS": str(len(periods)),
        "periods-INITIAL_FORMS": str(initial),
        "periods-MIN_NUM_FORMS": "0",
        "periods-MAX_NUM_FORMS": "1000",
    }
    for i, period in enumerate(periods):
        for field, value in period.items():
            data[f"periods-{i}-{field}"] = value
    return data


def _fields(year):
    return {
        "name": year.name,
        "starts_on": f"{year.starts_on:%d.%m.%Y}",
        "ends_on": f"{year.ends_on:%d.%m.%Y}",
        "period_kind": year.period_kind,
    }


def _saved(year):
    return [
        {
            "id": str(p.pk),
            "year": str(year.pk),
            "number": str(p.number),
            "starts_on": f"{p.starts_on:%d.%m.%Y}",
            "ends_on": f"{p.ends_on:%d.%m.%Y}",
        }
        for p in year.periods.order_by("starts_on")
    ]


def _period_errors(response):
    formset = response.context["inline_admin_formsets"][0].formset
    return [form.non_field_errors() for form in formset.forms]


def _periods(year):
    return list(
        StudyPeriod.objects.filter(year=year)
        .order_by("starts_on")
        .values_list("number", "starts_on", "ends_on")
    )


BEFORE = [
    (1, date(2026, 9, 1), date(2026, 10, 24)),
    (2, date(2026, 11, 5), date(2026, 12, 28)),
]


# The year's admin page --------------------------------------------------------------------


def test_period_admin_overlapping_period_refused_with_the_one_it_overlaps(deputy_client, year):
    third = {
        "year": str(year.pk),
        "number": "3",
        "starts_on": "20.12.2026",
        "ends_on": "21.03.2027",
    }

    response = deputy_client.post(
        f"/admin/learners/academicyear/{year.pk}/change/",
        _year_form(_fields(year), [*_saved(year), third], initial=2),
    )

    assert response.status_code == 200
    assert _period_errors(response) == [
        [],
        [],
        ["Период пересекается с периодом «2-я четверть» (05.11.2026–28.12.2026)."],
    ]
    assert "Период пересекается с периодом «2-я четверть»" in response.content.decode()
    assert _periods(year) == BEFORE


def test_period_admin_period_outside_its_year_refused(deputy_client, year):
    third = {
        "year": str(year.pk),
        "number": "3",
        "starts_on": "12.01.2027",
        "ends_on": "15.06.2027",
    }

    response = deputy_client.post(
        f"/admin/learners/academicyear/{year.pk}/change/",
        _year_form(_fields(year), [*_saved(year), third], initial=2),
    )

    assert response.status_code == 200
    assert _period_errors(response)[2] == [
        "Период выходит за границы учебного года 2026/2027 (01.09.2026–31.05.2027)."
    ]
    assert _periods(year) == BEFORE


def test_period_admin_new_year_with_overlapping_periods_refused(deputy_client):
    periods = [
        {"number": "1", "starts_on": "01.09.2027", "ends_on": "31.12.2027"},
        {"number": "2", "starts_on": "15.12.2027", "ends_on": "31.05.2028"},
    ]
    fields = {
        "name": "2027/2028",
        "starts_on": "01.09.2027",
        "ends_on": "31.05.2028",
        "period_kind": "half_year",
    }

    response = deputy_client.post("/admin/learners/academicyear/add/", _year_form(fields, periods))

    assert response.status_code == 200
    assert _period_errors(response) == [
        [],
        ["Период пересекается с периодом «1-е полугодие» (01.09.2027–31.12.2027)."],
    ]
    assert not AcademicYear.objects.filter(name="2027/2028").exists()
    assert StudyPeriod.objects.count() == 0


def test_period_admin_new_year_with_period_outside_it_refused(deputy_client):
    periods = [{"number": "1", "starts_on": "25.08.2027", "ends_on": "31.12.2027"}]
    fields = {
        "name": "2027/2028",
        "starts_on": "01.09.2027",
        "ends_on": "31.05.2028",
        "period_kind": "half_year",
    }

    response = deputy_client.post("/admin/learners/academicyear/add/", _year_form(fields, periods))

    assert response.status_code == 200
    assert _period_errors(response) == [
        ["Период выходит за границы учебного года 2027/2028 (01.09.2027–31.05.2028)."]
    ]
    assert not AcademicYear.objects.filter(name="2027/2028").exists()


def test_period_admin_new_year_with_periods_saved(deputy_client):
    periods = [
        {"number": "1", "starts_on": "01.09.2027", "ends_on": "29.12.2027"},
        {"number": "2", "starts_on": "12.01.2028", "ends_on": "31.05.2028"},
    ]
    fields = {
        "name": "2027/2028",
        "starts_on": "01.09.2027",
        "ends_on": "31.05.2028",
        "period_kind": "half_year",
    }

    response = deputy_client.post("/admin/learners/academicyear/add/", _year_form(fields, periods))

    assert response.status_code == 302
    assert _periods(AcademicYear.objects.get(name="2027/2028")) == [
        (1, date(2027, 9, 1), date(2027, 12, 29)),
        (2, date(2028, 1, 12), date(2028, 5, 31)),
    ]


def test_period_admin_neighbour_moved_aside_in_same_submission_saved(deputy_client, year):
    # The first quarter ends earlier and the second starts in the days it gave up: the
    # second compared with the first's saved dates would overlap, but the first is
    # saved before it.
    periods = _saved(year)
    periods[0]["ends_on"] = "20.10.2026"
    periods[1]["starts_on"] = "21.10.2026"

    response = deputy_client.post(
        f"/admin/learners/academicyear/{year.pk}/change/",
        _year_form(_fields(year), periods, initial=2),
    )

    assert response.status_code == 302
    assert _periods(year) == [
        (1, date(2026, 9, 1), date(2026, 10, 20)),
        (2, date(2026, 10, 21), date(2026, 12, 28)),
    ]


def test_period_admin_neighbour_moved_into_before_it_moves_out_refused(deputy_client, year):
    # Saved in order, the first quarter would overlap the second's saved dates before
    # the second moves: the trigger would refuse, so the form does.
    periods = _saved(year)
    periods[0]["ends_on"] = "10.11.2026"
    periods[1]["starts_on"] = "11.11.2026"

    response = deputy_client.post(
        f"/admin/learners/academicyear/{year.pk}/change/",
        _year_form(_fields(year), periods, initial=2),
    )

    assert response.status_code == 200
    assert _period_errors(response) == [
        ["Период пересекается с периодом «2-я четверть» (05.11.2026–28.12.2026)."],
        [],
    ]
    assert _periods(year) == BEFORE


def test_period_admin_deleted_period_frees_its_dates(deputy_client, year):
    periods = _saved(year)
    periods[1]["DELETE"] = "on"
    third = {
        "year": str(year.pk),
        "number": "3",
        "starts_on": "01.11.2026",
        "ends_on": "29.12.2026",
    }

    response = deputy_client.post(
        f"/admin/learners/academicyear/{year.pk}/change/",
        _year_form(_fields(year), [*periods, third], initial=2),
    )

    assert response.status_code == 302
    assert _periods(year) == [
        (1, date(2026, 9, 1), date(2026, 10, 24)),
        (3, date(2026, 11, 1), date(2026, 12, 29)),
    ]


def test_year_admin_new_dates_leaving_period_outside_refused(deputy_client, year):
    fields = _fields(year) | {"starts_on": "05.09.2026"}

    response = deputy_client.post(
        f"/admin/learners/academicyear/{year.pk}/change/",
        _year_form(fields, _saved(year), initial=2),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Период «1-я четверть» (01.09.2026–24.10.2026) выходит за новые сроки учебного года. "
        "Сначала измените сроки периода."
    ]
    year.refresh_from_db()
    assert year.starts_on == date(2026, 9, 1)


def test_year_admin_new_dates_keeping_periods_inside_saved(deputy_client, year):
    fields = _fields(year) | {"ends_on": "30.06.2027"}

    response = deputy_client.post(
        f"/admin/learners/academicyear/{year.pk}/change/",
        _year_form(fields, _saved(year), initial=2),
    )

    assert response.status_code == 302
    year.refresh_from_db()
    assert year.ends_on == date(2027, 6, 30)


# Any form of a single period ----------------------------------------------------------------

PeriodForm = modelform_factory(StudyPeriod, fields=["year", "number", "starts_on", "ends_on"])


def test_period_form_overlap_refused_with_the_one_it_overlaps(year):
    form = PeriodForm(
        {"year": year.pk, "number": 3, "starts_on": "01.10.2026", "ends_on": "20.11.2026"}
    )

    assert form.errors == {
        "__all__": ["Период пересекается с периодом «1-я четверть» (01.09.2026–24.10.2026)."]
    }


def test_period_form_outside_year_refused(year):
    form = PeriodForm(
        {"year": year.pk, "number": 3, "starts_on": "31.08.2026", "ends_on": "01.09.2026"}
    )

    assert form.errors == {
        "__all__": ["Период выходит за границы учебного года 2026/2027 (01.09.2026–31.05.2027)."]
    }


def test_period_form_own_dates_changed_not_compared_with_itself(year):
    period = year.periods.get(number=2)
    form = PeriodForm(
        {"year": year.pk, "number": 2, "starts_on": "01.11.2026", "ends_on": "29.12.2026"},
        instance=period,
    )

    assert form.errors == {}
    form.save()
    period.refresh_from_db()
    assert (period.starts_on, period.ends_on) == (date(2026, 11, 1), date(2026, 12, 29))


def test_period_trigger_still_refuses_what_skips_the_forms(year):
    # The database stays the last line of defence for writes that no form checked.
    with pytest.raises(IntegrityError), transaction.atomic():
        StudyPeriod.objects.create(
            year=year, number=3, starts_on=date(2026, 12, 1), ends_on=date(2027, 1, 31)
        )

    assert _periods(year) == BEFORE
