"""The documents of rewards (R-RW-3, R-RW-6): a granted reward's certificate and the
director's order as PDF/A, and a family's scans — each for whoever may open what it
belongs to, each download logged, 404 outside the scope and for a reward not granted."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from common.models import DocumentDownload
from rewards.models import Origin, RewardStatus
from tests.rewards.factories import (
    SCAN_PDF,
    RewardEvidenceFactory,
    RewardFactory,
    RewardOrderFactory,
    kind,
)

pytestmark = pytest.mark.django_db


def get(client, user, name, pk, **params):
    client.force_login(user)
    return client.get(reverse(name, args=[pk]), params)


def text_of(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def order(school):
    return RewardOrderFactory(number="12-о", date=date(2026, 10, 30), signed_by=school.director)


@pytest.fixture
def reward(school, order):
    return RewardFactory(
        learner=school.learner, year=school.year, kind=kind("certificate"),
        status=RewardStatus.APPROVED, order=order, approved_on=order.date,
    )  # fmt: skip


# The certificate ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["parent", "learner", "class_teacher", "director"])
def test_certificate_own_reward_downloaded_and_logged(school, client, reward, who):
    user = school.actor(who)

    response = get(client, user, "rewards_certificate", reward.pk)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "Антонова" in text_of(response.content)
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D0%93%D1%80%D0%B0%D0%BC%D0%BE%D1%82%D0%B0%20%E2%80%94"
        "%20%D0%90%D0%BD%D1%82%D0%BE%D0%BD%D0%BE%D0%B2%D0%B0%20%D0%9C.%20%D0%98.pdf"
    )
    row = DocumentDownload.objects.get()
    assert (row.user, row.kind, row.object_type, row.object_id, row.filename) == (
        user, "reward_certificate", "rewards.reward", str(reward.pk), "Грамота — Антонова М. И.pdf",
    )  # fmt: skip


@pytest.mark.parametrize("status", [RewardStatus.ISSUED, RewardStatus.RECORDED])
def test_certificate_of_issued_and_recorded_rewards(school, client, order, status):
    fields = (
        {"origin": Origin.EXTERNAL, "source_organisation": "ДЮСШ № 2",
         "awarded_on": date(2026, 9, 20)}
        if status == RewardStatus.RECORDED
        else {"order": order, "approved_on": order.date, "issued_on": date(2026, 11, 2)}
    )  # fmt: skip
    granted = RewardFactory(learner=school.learner, year=school.year, status=status, **fields)

    response = get(client, school.parent, "rewards_certificate", granted.pk)

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("who", ["other_parent", "other_class_teacher", "clerk"])
def test_certificate_foreign_404_nothing_logged(school, client, reward, who):
    assert get(client, school.actor(who), "rewards_certificate", reward.pk).status_code == 404
    assert DocumentDownload.objects.count() == 0


@pytest.mark.parametrize(
    "status",
    [RewardStatus.NOMINATED, RewardStatus.DECLINED, RewardStatus.REQUESTED, RewardStatus.REJECTED],
)
def test_certificate_not_granted_404(school, client, status):
    pending = RewardFactory(learner=school.learner, year=school.year, status=status)

    for user in (school.class_teacher.user, school.director):
        assert get(client, user, "rewards_certificate", pending.pk).status_code == 404
    assert DocumentDownload.objects.count() == 0


# The order ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["deputy", "director"])
def test_order_pdf_administration_downloads_and_logged(school, client, order, reward, who):
    RewardFactory(
        learner=school.classmate, year=school.year, status=RewardStatus.APPROVED, order=order,
        approved_on=order.date,
    )  # fmt: skip

    response = get(client, school.actor(who), "rewards_order_pdf", order.pk)

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    text = text_of(response.content)
    assert "Антонова" in text
    assert "Борисов" in text
    row = DocumentDownload.objects.get()
    assert (row.kind, row.object_type, row.object_id, row.filename) == (
        "reward_order", "rewards.rewardorder", str(order.pk), "Приказ № 12-о от 30.10.2026.pdf",
    )  # fmt: skip


@pytest.mark.parametrize("who", ["parent", "learner", "class_teacher", "teacher", "clerk"])
def test_order_pdf_others_404(school, client, order, reward, who):
    assert get(client, school.actor(who), "rewards_order_pdf", order.pk).status_code == 404
    assert DocumentDownload.objects.count() == 0


# The family's scans ------------------------------------------------------------------


@pytest.fixture
def scan(school):
    requested = RewardFactory(
        learner=school.learner, year=school.year, status=RewardStatus.REQUESTED,
        origin=Origin.EXTERNAL, source_organisation="ДЮСШ № 2", created_by=school.parent,
    )  # fmt: skip
    return RewardEvidenceFactory(reward=requested)


@pytest.mark.parametrize("who", ["parent", "learner", "class_teacher", "teacher", "deputy"])
def test_evidence_own_downloaded_and_logged(school, client, scan, who):
    response = get(client, school.actor(who), "rewards_evidence", scan.pk, download="1")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SCAN_PDF
    assert response["Content-Disposition"].startswith("attachment;")
    row = DocumentDownload.objects.get()
    assert (row.kind, row.object_type, row.object_id, row.filename) == (
        "reward_evidence", "rewards.rewardevidence", str(scan.pk), "грамота.pdf",
    )  # fmt: skip


@pytest.mark.parametrize("who", ["other_parent", "other_class_teacher", "clerk"])
def test_evidence_foreign_404(school, client, scan, who):
    assert get(client, school.actor(who), "rewards_evidence", scan.pk).status_code == 404
    assert DocumentDownload.objects.count() == 0


def test_evidence_of_nomination_hidden_from_family(school, client):
    # The family sees granted rewards and its own requests, not what staff consider.
    nominated = RewardEvidenceFactory(
        reward=RewardFactory(learner=school.learner, year=school.year)
    )

    assert get(client, school.parent, "rewards_evidence", nominated.pk).status_code == 404
    assert get(client, school.class_teacher.user, "rewards_evidence", nominated.pk).status_code == (
        200
    )
