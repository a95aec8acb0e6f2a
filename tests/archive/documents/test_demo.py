"""The demo school's documents: the demo mother's answered request with the certificate
of study (the marks of the periods over so far) in her account and the register, its
row in the disclosure log, and a second request waiting for the office — written by the
documents' own services."""

from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from achievements.models import MarkKind, PeriodMark
from archive.documents.selectors import documents_for_user, requests_for_user
from archive.models import Disclosure, InfoRequest, IssuedDocument, RequestStatus
from learners.models import CurriculumLine

pytestmark = pytest.mark.django_db


def test_demo_documents_answered_and_waiting_request_of_roditel():
    call_command("demo_school", stdout=StringIO())
    requests = list(
        InfoRequest.objects.select_related("learner__user", "applicant").order_by("number")
    )
    assert [(r.number, r.status, r.kind) for r in requests] == [
        (1, RequestStatus.ISSUED, "study_certificate"),
        (2, RequestStatus.REGISTERED, "study_certificate"),
    ]
    assert {(r.applicant.username, r.learner.user.username) for r in requests} == {
        ("roditel", "uchenik")
    }
    document = IssuedDocument.objects.get()
    assert (document.registration_number, document.request, document.to_family) == (
        "СО-1",
        requests[0],
        True,
    )
    assert document.uploaded_by.username == "zavuch"
    with document.file.open("rb") as stored:
        text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(stored).pages)
    assert "Рег. № СО-1" in text
    assert document.title == f"Справка об обучении — {document.learner.short_name}"
    assert [part for part in _period_table(document.learner) if part not in text] == []
    row = Disclosure.objects.get()
    assert (row.document, row.learner, row.recipient) == (
        document,
        document.learner,
        requests[0].applicant_name,
    )
    mother = requests[0].applicant
    assert list(documents_for_user(mother)) == [document]
    assert len(requests_for_user(mother)) == 2


def _period_table(learner) -> list[str]:
    """The certificate's table of the demo year, written out from the record: the
    demo year has no year marks yet, so each subject with its planned hours and the
    marks of the periods already over, under the periods' names."""
    enrollment = learner.enrollments.select_related("group").get(ended_on__isnull=True)
    marks = list(
        PeriodMark.objects.filter(
            learner=learner, kind=MarkKind.PERIOD, year=enrollment.group.year_id
        )
        .exclude(value="")
        .select_related("subject", "period__year")
        .order_by("period__starts_on")
    )
    assert marks, "the demo son has marks of a period that is over"
    periods = list(dict.fromkeys(mark.period for mark in marks))
    hours = dict(
        CurriculumLine.objects.filter(
            programme=enrollment.group.programme, grade=enrollment.group.grade
        ).values_list("subject__name", "hours")
    )
    by_subject: dict[str, dict] = {}
    for mark in marks:
        by_subject.setdefault(mark.subject.name, {})[mark.period] = mark.value
    rows = [
        " ".join(
            [str(number), subject, str(hours[subject])]
            + [by_subject[subject].get(period, "—") for period in periods]
        )
        for number, subject in enumerate(sorted(by_subject), start=1)
    ]
    names = ", ".join(period.name for period in periods)
    word = "учебные периоды" if len(periods) > 1 else "учебный период"
    # Last year's table comes first, so this one may break across pages: its heading
    # and each of its rows are looked for one by one.
    return [
        f"Годовые оценки не выставлены; оценки за {word}: {names} "
        "№ Учебный предмет Часов по учебному плану на год "
        + " ".join(period.name for period in periods),
        *rows,
    ]
