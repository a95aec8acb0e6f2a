"""Numbers in the registers (003 §5.4.3): sequential per register and calendar year,
restarting each year; a failed issue consumes no number; two people issuing at the
same instant, each from its own thread and connection, get two consecutive numbers."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from archive.documents.numbering import next_number
from archive.documents.services import issue_document
from archive.models import DocumentKind, IssuedDocument, RegisterCounter
from tests.archive.documents.request_data import School
from tests.schools import SchoolBuilder


def numbered(register, year) -> int:
    with transaction.atomic():
        return next_number(register=register, year=year)


def issue(school, learner=None, actor=None):
    return issue_document(
        kind=DocumentKind.STUDY_CERTIFICATE,
        learner=learner or school.learner,
        recipient="Соколова Анна Петровна (мать)",
        to_family=True,
        actor=actor or school.deputy,
    )


@pytest.mark.django_db
def test_next_number_sequential_per_register_and_year():
    assert [numbered("study_certificate", 2026) for _ in range(3)] == [1, 2, 3]
    assert numbered("journal_extract", 2026) == 1
    assert numbered("study_certificate", 2027) == 1
    assert numbered("study_certificate", 2026) == 4
    assert sorted(RegisterCounter.objects.values_list("register", "year", "last")) == [
        ("journal_extract", 2026, 1),
        ("study_certificate", 2026, 4),
        ("study_certificate", 2027, 1),
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_next_number_outside_transaction_refused():
    with pytest.raises(RuntimeError):
        next_number(register="study_certificate", year=2026)


@pytest.mark.django_db
def test_next_number_rolled_back_number_given_again():
    numbered("study_certificate", 2026)
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert next_number(register="study_certificate", year=2026) == 2
        1 / 0  # noqa: B018
    assert numbered("study_certificate", 2026) == 2


@pytest.mark.django_db
def test_issue_document_numbers_sequential_in_register():
    school = School()
    first, second = issue(school), issue(school)
    year = timezone.localdate().year
    assert [(d.kind, d.year, d.number) for d in (first, second)] == [
        ("study_certificate", year, 1),
        ("study_certificate", year, 2),
    ]
    assert (first.registration_number, second.registration_number) == ("СО-1", "СО-2")


@pytest.mark.django_db
def test_issue_document_learner_without_marks_consumes_no_number():
    school = School()
    issue(school)
    build = SchoolBuilder()
    markless = build.learner(school.group, "Новиков", "Пётр", "Ильич")
    with pytest.raises(ValidationError) as refusal:
        issue(school, learner=markless)
    assert refusal.value.messages == [
        "У обучающегося нет отметок: справку об обучении выдать нельзя."
    ]
    assert issue(school).number == 2
    assert IssuedDocument.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_issue_document_two_at_once_two_consecutive_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks are tested on PostgreSQL: SQLite serialises all writes.")
    school = School()
    barrier = threading.Barrier(2)
    answers: list = [None, None]

    def run(index, actor):
        try:
            barrier.wait(timeout=30)
            answers[index] = issue(school, actor=actor).number
        except Exception as error:
            answers[index] = repr(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, actor))
        for i, actor in enumerate((school.deputy, school.clerk))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(answers) == [1, 2]
    assert sorted(IssuedDocument.objects.values_list("number", flat=True)) == [1, 2]
    assert RegisterCounter.objects.get(register="study_certificate").last == 2
