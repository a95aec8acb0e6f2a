"""Who may open the portfolio and its evidence files (R-PF-3, R-SEC-2, R-SEC-3), with
exact status codes through the real URLs: files are handed out only through a checked,
logged, uncached view, never from a public media URL."""

import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages

from achievements.models import AchievementStatus, AchievementStatusChange
from achievements.portfolio import services
from common.models import DocumentDownload
from learners.models import Role
from tests.achievements.portfolio.factories import create_through_service
from tests.achievements.portfolio.files import pdf_bytes, pdf_upload
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ACCESS_LOGGER = "uchet.access"
INLINE_PDF = "inline; filename*=utf-8''%D0%B4%D0%B8%D0%BF%D0%BB%D0%BE%D0%BC.pdf"
ATTACHMENT_PDF = "attachment; filename*=utf-8''%D0%B4%D0%B8%D0%BF%D0%BB%D0%BE%D0%BC.pdf"
CONTENT = pdf_bytes(pages=2)


def _user(school, kind):
    if kind == "director":
        return UserFactory(roles=[Role.DIRECTOR])
    return school.actor(kind)


def _access_records(caplog):
    return [(r.levelname, r.getMessage()) for r in caplog.records if r.name == ACCESS_LOGGER]


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _messages(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


@pytest.fixture
def proposal(school):
    """Антонова's proposed entry with one PDF, sent by her mother."""
    return create_through_service(
        school.parent, school.learner, uploads=[pdf_upload("диплом.pdf", CONTENT)]
    )


@pytest.fixture
def confirmed(school, proposal):
    return services.achievement_transition(
        achievement=proposal, to=AchievementStatus.CONFIRMED, actor=school.class_teacher.user
    )


# Evidence files ------------------------------------------------------------------------------


def test_evidence_guessed_by_other_parent_not_found_and_logged(client, school, proposal, caplog):
    evidence = proposal.evidence.get()
    client.force_login(school.other_parent)

    with caplog.at_level(logging.WARNING, logger=ACCESS_LOGGER):
        response = client.get(f"/portfolio/evidence/{evidence.pk}/")

    assert response.status_code == 404
    assert _access_records(caplog) == [
        (
            "WARNING",
            f"access refused: user={school.other_parent.pk} roles=parent achievement={proposal.pk}",
        )
    ]
    assert DocumentDownload.objects.count() == 0


def test_evidence_unknown_id_not_found_and_logged(client, school, proposal, caplog):
    missing = proposal.evidence.get().pk + 100
    client.force_login(school.parent)

    with caplog.at_level(logging.WARNING, logger=ACCESS_LOGGER):
        response = client.get(f"/portfolio/evidence/{missing}/")

    assert response.status_code == 404
    assert _access_records(caplog) == [
        ("WARNING", f"access refused: user={school.parent.pk} roles=parent evidence={missing}")
    ]


def test_evidence_own_parent_gets_file_private_and_unsniffed(client, school, proposal):
    evidence = proposal.evidence.get()
    client.force_login(school.parent)

    response = client.get(f"/portfolio/evidence/{evidence.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == INLINE_PDF
    assert response["Content-Length"] == str(len(CONTENT))
    assert _body(response) == CONTENT


def test_evidence_download_param_sends_attachment(client, school, proposal):
    evidence = proposal.evidence.get()
    client.force_login(school.parent)

    response = client.get(f"/portfolio/evidence/{evidence.pk}/?download=1")

    assert response.status_code == 200
    assert response["Content-Disposition"] == ATTACHMENT_PDF
    assert _body(response) == CONTENT


def test_evidence_each_download_writes_one_row(client, school, proposal):
    evidence = proposal.evidence.get()
    teacher = school.class_teacher.user

    for user in (school.parent, school.parent, teacher):
        client.force_login(user)
        _body(client.get(f"/portfolio/evidence/{evidence.pk}/"))

    rows = DocumentDownload.objects.order_by("pk")
    assert list(rows.values_list("user", "kind", "object_type", "object_id", "sha256")) == [
        (school.parent.pk, "evidence", "achievements.evidence", str(evidence.pk), evidence.sha256),
        (school.parent.pk, "evidence", "achievements.evidence", str(evidence.pk), evidence.sha256),
        (teacher.pk, "evidence", "achievements.evidence", str(evidence.pk), evidence.sha256),
    ]


# Who gets the file: (while proposed, once confirmed).
EVIDENCE_STATUS = {
    "parent": (200, 200),
    "learner": (200, 200),
    "class_teacher": (200, 200),
    "deputy": (200, 200),
    "director": (200, 200),
    "subject_teacher": (404, 200),  # sees confirmed entries only
    "other_class_teacher": (404, 404),
    "other_parent": (404, 404),
    "customer": (404, 404),
}


def test_evidence_status_by_role(client, school, proposal):
    url = f"/portfolio/evidence/{proposal.evidence.get().pk}/"
    users = {kind: _user(school, kind) for kind in EVIDENCE_STATUS}

    def statuses():
        result = {}
        for kind, user in users.items():
            client.force_login(user)
            result[kind] = client.get(url).status_code
        return result

    before = statuses()
    services.achievement_transition(
        achievement=proposal, to=AchievementStatus.CONFIRMED, actor=school.class_teacher.user
    )
    after = statuses()

    assert {kind: (before[kind], after[kind]) for kind in users} == EVIDENCE_STATUS
    downloads = sum(status == 200 for pair in EVIDENCE_STATUS.values() for status in pair)
    assert DocumentDownload.objects.count() == downloads


def test_evidence_anonymous_redirected_to_login(client, proposal):
    evidence = proposal.evidence.get()

    response = client.get(f"/portfolio/evidence/{evidence.pk}/")

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next=/portfolio/evidence/{evidence.pk}/"
    assert DocumentDownload.objects.count() == 0


def test_evidence_file_not_served_from_any_public_url(client, school, confirmed):
    evidence = confirmed.evidence.get()
    name = evidence.file.name
    assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == CONTENT
    client.force_login(school.parent)

    # What FileField.url would give (MEDIA_URL is not set), and the usual /media/ prefix.
    assert evidence.file.url == f"/{name}"
    statuses = [client.get(url).status_code for url in (evidence.file.url, f"/media/{name}")]
    page = client.get(f"/portfolio/achievements/{confirmed.pk}/").content.decode()

    assert statuses == [404, 404]
    assert name not in page
    assert name.rsplit("/", 1)[1] not in page
    assert page.count(f'href="/portfolio/evidence/{evidence.pk}/"') == 1
    assert page.count(f'href="/portfolio/evidence/{evidence.pk}/?download=1"') == 1
    assert DocumentDownload.objects.count() == 0


# Deciding: only the keeper -------------------------------------------------------------------


def test_other_class_teacher_cannot_confirm(client, school, proposal, caplog):
    client.force_login(school.other_class_teacher.user)

    with caplog.at_level(logging.WARNING, logger=ACCESS_LOGGER):
        response = client.post(
            f"/portfolio/achievements/{proposal.pk}/decide/", {"to": "confirmed"}
        )

    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == AchievementStatus.PROPOSED
    assert AchievementStatusChange.objects.count() == 1
    assert _access_records(caplog) == [
        (
            "WARNING",
            f"access refused: user={school.other_class_teacher.user.pk} roles=class_teacher "
            f"achievement={proposal.pk}",
        )
    ]


def test_subject_teacher_sees_confirmed_read_only(client, school, confirmed):
    client.force_login(school.subject_teacher)

    response = client.get(f"/portfolio/achievements/{confirmed.pk}/")

    assert response.status_code == 200
    assert (
        response.context["keeper"],
        response.context["family"],
        response.context["can_add_evidence"],
    ) == (False, False, False)
    page = response.content.decode()
    assert "/decide/" not in page
    assert 'action="/portfolio/achievements/' not in page
    assert "Подтвердить" not in page
    assert "Отозвать запись" not in page


@pytest.mark.parametrize("status", [AchievementStatus.PROPOSED, AchievementStatus.REJECTED])
def test_subject_teacher_unconfirmed_not_found(client, school, proposal, status):
    if status == AchievementStatus.REJECTED:
        services.achievement_transition(
            achievement=proposal,
            to=status,
            comment="Нет печати",
            actor=school.class_teacher.user,
        )
    client.force_login(school.subject_teacher)

    response = client.get(f"/portfolio/achievements/{proposal.pk}/")

    assert response.status_code == 404


def test_subject_teacher_cannot_withdraw_confirmed(client, school, confirmed):
    client.force_login(school.subject_teacher)

    response = client.post(
        f"/portfolio/achievements/{confirmed.pk}/decide/",
        {"to": "rejected", "comment": "Не верю"},
    )

    assert response.status_code == 403
    confirmed.refresh_from_db()
    assert (confirmed.status, confirmed.status_comment) == (AchievementStatus.CONFIRMED, "")
    assert AchievementStatusChange.objects.count() == 2


def test_subject_teacher_cannot_confirm_again(client, school, confirmed):
    client.force_login(school.subject_teacher)

    response = client.post(f"/portfolio/achievements/{confirmed.pk}/decide/", {"to": "confirmed"})

    assert response.status_code == 302
    assert response["Location"] == f"/portfolio/achievements/{confirmed.pk}/"
    assert _messages(response) == [
        "Нельзя перевести достижение из состояния «Подтверждено» в «Подтверждено»."
    ]
    confirmed.refresh_from_db()
    assert confirmed.status == AchievementStatus.CONFIRMED
    assert AchievementStatusChange.objects.count() == 2


def test_subject_teacher_learner_page_lists_confirmed_only(client, school, confirmed):
    create_through_service(school.parent, school.learner, title="Конкурс чтецов")
    client.force_login(school.subject_teacher)

    response = client.get(f"/portfolio/learners/{school.learner.pk}/")

    assert response.status_code == 200
    assert [a.title for a in response.context["achievements"]] == [confirmed.title]
    assert "Конкурс чтецов" not in response.content.decode()


def test_subject_teacher_cannot_add_evidence(client, school, confirmed):
    client.force_login(school.subject_teacher)

    response = client.post(
        f"/portfolio/achievements/{confirmed.pk}/evidence/", {"files": [pdf_upload()]}
    )

    assert response.status_code == 403
    assert confirmed.evidence.count() == 1


def test_subject_teacher_cannot_open_new_entry_form(client, school):
    client.force_login(school.subject_teacher)

    response = client.get(f"/portfolio/learners/{school.learner.pk}/new/")

    assert response.status_code == 404


# Customers and other families -----------------------------------------------------------------


PORTFOLIO_PATHS = [
    "/portfolio/learners/{learner}/",
    "/portfolio/learners/{learner}/new/",
    "/portfolio/learners/{learner}/pdf/",
    "/portfolio/achievements/{achievement}/",
    "/portfolio/evidence/{evidence}/",
    "/portfolio/groups/{group}/",
    "/portfolio/groups/{group}/?format=xlsx",
]


@pytest.mark.parametrize("kind", ["customer", "other_parent"])
def test_portfolio_pages_not_found(client, school, confirmed, kind):
    client.force_login(_user(school, kind))
    ids = {
        "learner": school.learner.pk,
        "achievement": confirmed.pk,
        "evidence": confirmed.evidence.get().pk,
        "group": school.group.pk,
    }

    statuses = [client.get(path.format(**ids)).status_code for path in PORTFOLIO_PATHS]

    assert statuses == [404] * len(PORTFOLIO_PATHS)
    assert DocumentDownload.objects.count() == 0


def test_customer_sees_the_learner_but_not_the_portfolio(client, school, confirmed):
    """The customer's contract makes Антонова visible to them; her diplomas stay hidden."""
    client.force_login(school.customer_user)

    assert client.get(f"/learners/{school.learner.pk}/").status_code == 200
    assert client.get(f"/portfolio/learners/{school.learner.pk}/").status_code == 404
    assert client.get("/portfolio/").status_code == 403


# The gifted list ------------------------------------------------------------------------------


GIFTED_STATUS = {
    "deputy": 200,
    "director": 200,
    "class_teacher": 403,
    "subject_teacher": 403,
    "parent": 403,
    "learner": 403,
    "customer": 403,
}


def test_gifted_list_status_by_role(client, school):
    statuses = {}
    for kind in GIFTED_STATUS:
        client.force_login(_user(school, kind))
        statuses[kind] = client.get("/portfolio/gifted/").status_code

    assert statuses == GIFTED_STATUS
