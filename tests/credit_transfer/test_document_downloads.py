"""Every printed credit-transfer document handed out (application, decision, order) is
logged like a scan: who, when, which document of which application, the SHA-256 of the
bytes sent; a refused request logs nothing."""

import hashlib

import pytest
from django.utils import timezone

from common.models import DocumentDownload
from credit_transfer import services
from credit_transfer.models import Status
from tests.credit_transfer.conftest import make_application, submit

pytestmark = pytest.mark.django_db


def _logged():
    return list(
        DocumentDownload.objects.order_by("pk").values_list(
            "user", "kind", "object_type", "object_id", "filename", "size", "sha256"
        )
    )


def _move(application, to, actor, **details):
    return services.application_transition(application=application, to=to, actor=actor, **details)


def test_application_pdf_download_logged(client, school):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    client.force_login(school.parent)

    response = client.get(f"/credit/{application.pk}/application.pdf?download=1")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    name = f"Заявление о зачёте {application.number.replace('/', '-')}.pdf"
    assert _logged() == [
        (
            school.parent.pk,
            "credit_application",
            "credit_transfer.application",
            str(application.pk),
            name,
            len(response.content),
            hashlib.sha256(response.content).hexdigest(),
        )
    ]
    assert DocumentDownload.objects.get().object_repr == str(application)


def test_decision_and_order_pdf_downloads_logged(client, school):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    _move(application, Status.UNDER_REVIEW, school.deputy)
    _move(application, Status.DECIDED, school.deputy)
    _move(
        application,
        Status.ORDER_ISSUED,
        school.director,
        order_number="117-у",
        order_date=timezone.localdate(),
    )
    client.force_login(school.deputy)

    decision = client.get(f"/credit/{application.pk}/decision.pdf")
    order = client.get(f"/credit/{application.pk}/order.pdf")

    assert decision["Content-Disposition"].startswith("inline;")
    number = application.number.replace("/", "-")
    assert _logged() == [
        (
            school.deputy.pk,
            "credit_decision",
            "credit_transfer.application",
            str(application.pk),
            f"Решение о зачёте {number}.pdf",
            len(decision.content),
            hashlib.sha256(decision.content).hexdigest(),
        ),
        (
            school.deputy.pk,
            "credit_order",
            "credit_transfer.application",
            str(application.pk),
            f"Приказ о зачёте {number}.pdf",
            len(order.content),
            hashlib.sha256(order.content).hexdigest(),
        ),
    ]


def test_refused_document_not_logged(client, school):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    client.force_login(school.other_parent)

    refused = client.get(f"/credit/{application.pk}/application.pdf")
    client.force_login(school.parent)
    not_yet = client.get(f"/credit/{application.pk}/order.pdf")

    assert (refused.status_code, not_yet.status_code) == (404, 404)
    assert _logged() == []
