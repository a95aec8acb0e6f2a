"""A family's applications are listed fifty at a time, newest first, with page links
in Russian; bad page numbers give the first or the last page; the queries do not
grow with the list, and a list that fits one page costs no COUNT."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from credit_transfer.models import Application
from tests.credit_transfer.conftest import make_application

pytestmark = pytest.mark.django_db


def add_applications(school, count):
    """``count`` more drafts of the mother's, copied from one made the usual way; each
    names its organisation «Организация 001»… in the order made."""
    source = make_application(school, ["Информатика"])
    start = Application.objects.filter(applicant=school.parent).count()
    copies = []
    for n in range(start, start + count - 1):
        copy = Application.objects.get(pk=source.pk)
        copy.pk, copy.other_name = None, f"Организация {n + 1:03d}"
        copies.append(copy)
    source.other_name = f"Организация {start:03d}"
    source.save(update_fields=["other_name"])
    Application.objects.bulk_create(copies)


def organisations(response):
    content = response.content.decode()
    return [part.split("<")[0] for part in content.split("<td>Организация ")[1:]]


@pytest.fixture
def parent(client, school):
    client.force_login(school.parent)
    return client


def test_family_paging_newest_first_fifty(parent, school):
    add_applications(school, 120)

    response = parent.get("/credit/")

    assert response.status_code == 200
    assert organisations(response) == [f"{n:03d}" for n in range(120, 70, -1)]
    page = response.content.decode()
    assert '<a href="?page=2" aria-label="Страница 2">2</a>' in page
    assert '<a href="?page=2" rel="next">Следующая →</a>' in page


def test_family_paging_page_2_and_last(parent, school):
    add_applications(school, 120)

    assert organisations(parent.get("/credit/?page=2")) == [f"{n:03d}" for n in range(70, 20, -1)]
    assert organisations(parent.get("/credit/?page=3")) == [f"{n:03d}" for n in range(20, 0, -1)]


@pytest.mark.parametrize(("asked", "shown"), [("x", 1), ("0", 3), ("1000", 3)])
def test_family_paging_invalid_number_first_or_last_page(parent, school, asked, shown):
    add_applications(school, 120)

    response = parent.get("/credit/", {"page": asked})

    assert response.status_code == 200
    assert response.context["page"].number == shown


def test_family_paging_queries_constant_for_60_and_180(parent, school):
    add_applications(school, 60)
    with CaptureQueriesContext(connection) as sixty:
        parent.get("/credit/?page=2")
    add_applications(school, 120)

    with CaptureQueriesContext(connection) as more:
        response = parent.get("/credit/?page=2")

    assert len(more.captured_queries) == len(sixty.captured_queries)
    assert len(organisations(response)) == 50


def test_family_paging_one_page_no_count_query(parent, school):
    add_applications(school, 3)

    with CaptureQueriesContext(connection) as captured:
        response = parent.get("/credit/")

    assert organisations(response) == ["003", "002", "001"]
    assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)
    assert 'aria-label="Страницы"' not in response.content.decode()


def test_family_without_applications_still_offered_to_apply(parent):
    response = parent.get("/credit/")

    content = response.content.decode()
    assert response.status_code == 200
    assert '<a class="button" href="/credit/new/">Подать заявление</a>' in content
    assert "<p>Заявлений пока нет.</p>" in content
