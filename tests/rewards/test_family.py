"""The family's side of rewards (R-RW-5, 000 §5.1): the learner's rewards page and who
reads it, the family's request for a reward received elsewhere with its scans, bad
input refused with nothing saved, and the class teacher's decision on it."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.models import DocumentDownload
from rewards.models import Ground, Origin, Reward, RewardChange, RewardEvidence, RewardStatus
from rewards.services import reward_transition
from tests.achievements.portfolio.files import HTML, pdf_upload, png_bytes, upload
from tests.rewards.factories import (
    RewardEvidenceFactory,
    RewardFactory,
    RewardOrderFactory,
    kind,
)

pytestmark = pytest.mark.django_db

AWARDED = date(2026, 10, 12)
SENT = "Заявление отправлено классному руководителю"


def page(client, user, learner):
    client.force_login(user)
    return client.get(reverse("rewards_learner", args=[learner.pk]))


def request_form(**changes):
    data = {
        "kind": kind("diploma").pk,
        "ground": Ground.SPORT,
        "merit": "За I место в первенстве города по плаванию",
        "source_organisation": "ДЮСШ № 2",
        "awarded_on": AWARDED.isoformat(),
        "files": [pdf_upload("диплом.pdf")],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post_request(client, user, learner, **changes):
    client.force_login(user)
    return client.post(
        reverse("rewards_request", args=[learner.pk]), request_form(**changes), follow=True
    )


def external(school, **fields):
    return RewardFactory(
        learner=school.learner, year=school.year, origin=Origin.EXTERNAL,
        source_organisation="ДЮСШ № 2", **fields,
    )  # fmt: skip


# The learner's rewards page ----------------------------------------------------------


def test_learner_rewards_family_sees_granted_and_requests_not_nominations(school, client):
    order = RewardOrderFactory(number="12-о", date=date(2026, 10, 30))
    granted = RewardFactory(
        learner=school.learner, year=school.year, status=RewardStatus.APPROVED, order=order,
        approved_on=order.date, merit="За победу в олимпиаде по математике",
    )  # fmt: skip
    RewardFactory(learner=school.learner, year=school.year, merit="Рассматривается директором")
    refused = external(
        school, status=RewardStatus.REJECTED, status_comment="На скане не видна подпись",
        merit="За плавание",
    )  # fmt: skip

    response = page(client, school.parent, school.learner)

    assert response.status_code == 200
    assert [r.pk for r in response.context["rewards"]] == [refused.pk, granted.pk]
    text = response.content.decode()
    assert "Приказ № 12-о от 30.10.2026" in text
    assert "Причина: На скане не видна подпись" in text
    assert "Рассматривается директором" not in text
    assert reverse("rewards_certificate", args=[granted.pk]) in text
    assert reverse("rewards_request", args=[school.learner.pk]) in text


@pytest.mark.parametrize(
    "who", ["parent", "learner", "teacher", "class_teacher", "deputy", "director"]
)
def test_learner_rewards_readers_open_page(school, client, who):
    RewardFactory(learner=school.learner, year=school.year, merit="За олимпиаду")

    response = page(client, school.actor(who), school.learner)

    assert response.status_code == 200
    family = who in {"parent", "learner"}
    assert [r.status for r in response.context["rewards"]] == (
        [] if family else [RewardStatus.NOMINATED]
    )
    assert response.context["family"] is family
    assert (reverse("rewards_request", args=[school.learner.pk]) in response.content.decode()) is (
        family
    )


@pytest.mark.parametrize("who", ["other_parent", "other_class_teacher", "clerk"])
def test_learner_rewards_others_get_404(school, client, who):
    assert page(client, school.actor(who), school.learner).status_code == 404


def test_learner_rewards_query_count_flat_in_rewards(school, client):
    client.force_login(school.parent)
    url = reverse("rewards_learner", args=[school.learner.pk])
    RewardEvidenceFactory(reward=external(school, status=RewardStatus.RECORDED))
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(4):
        RewardEvidenceFactory(reward=external(school, status=RewardStatus.RECORDED))
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)

    assert len(response.context["rewards"]) == 5
    assert len(five) == len(one)


# The family's request ----------------------------------------------------------------


def test_request_by_parent_saves_reward_with_scans(school, client):
    response = post_request(
        client, school.parent, school.learner,
        files=[pdf_upload("диплом.pdf"), upload("фото.png", png_bytes(), "image/png")],
    )  # fmt: skip

    reward = Reward.objects.get()
    assert response.redirect_chain == [(reverse("rewards_learner", args=[school.learner.pk]), 302)]
    assert SENT in response.content.decode()
    assert (reward.learner, reward.kind.code, reward.ground, reward.status, reward.origin) == (
        school.learner, "diploma", Ground.SPORT, RewardStatus.REQUESTED, Origin.EXTERNAL,
    )  # fmt: skip
    assert (reward.merit, reward.source_organisation, reward.awarded_on, reward.year) == (
        "За I место в первенстве города по плаванию", "ДЮСШ № 2", AWARDED, school.year,
    )  # fmt: skip
    assert reward.created_by == school.parent
    assert sorted(reward.evidence.values_list("original_name", "content_type")) == [
        ("диплом.pdf", "application/pdf"),
        ("фото.png", "image/png"),
    ]
    assert list(RewardChange.objects.values_list("old_status", "new_status", "changed_by")) == [
        ("", RewardStatus.REQUESTED, school.parent.pk)
    ]


def test_request_by_learner_own_account_allowed(school, client):
    post_request(client, school.learner.user, school.learner)

    assert Reward.objects.get().created_by == school.learner.user


@pytest.mark.parametrize(
    "who", ["deputy", "director", "class_teacher", "teacher", "other_parent", "clerk"]
)
def test_request_by_anyone_but_family_404(school, client, who):
    client.force_login(school.actor(who))
    url = reverse("rewards_request", args=[school.learner.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, request_form()).status_code == 404
    assert Reward.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"files": None}, "Приложите скан или фото наградного документа."),
        (
            {"files": [upload("грамота.pdf", HTML, "application/pdf")]},
            "Файл «грамота.pdf» не похож на PDF, JPEG или PNG.",
        ),
        (
            {"files": [pdf_upload("диплом.pdf"), upload("скрипт.pdf", HTML)]},
            "Файл «скрипт.pdf» не похож на PDF, JPEG или PNG.",
        ),
        (
            # A week ahead: the date is taken when the tests are collected, and a run may
            # pass midnight before this case runs.
            {"awarded_on": (timezone.localdate() + timedelta(days=7)).isoformat()},
            "Дата награждения не может быть в будущем.",
        ),
        ({"source_organisation": ""}, "Укажите организацию, где получено поощрение."),
        ({"source_organisation": "   "}, "Укажите организацию, где получено поощрение."),
        ({"merit": "За\x01 плавание"}, "Текст содержит невидимый управляющий символ (U+0001)."),
        ({"kind": ""}, "Выберите вид поощрения."),
        ({"ground": "luck"}, "Выберите основание из списка."),
        ({"awarded_on": "32.13.2026"}, "Дата награждения: введите дату в формате ДД.ММ.ГГГГ."),
    ],
)
def test_request_bad_input_refused_nothing_saved(school, client, changes, message):
    response = post_request(client, school.parent, school.learner, **changes)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Reward.objects.count() == 0
    assert RewardEvidence.objects.count() == 0
    assert RewardChange.objects.count() == 0


def test_request_inactive_kind_not_offered(school, client):
    medal = kind("medal_1")
    medal.is_active = False
    medal.save()

    response = post_request(client, school.parent, school.learner, kind=medal.pk)

    assert "Выберите вид поощрения из списка." in response.content.decode()
    assert Reward.objects.count() == 0


# From the family's form to the class teacher's decision ------------------------------


def test_request_recorded_by_class_teacher_appears_granted(school, client):
    post_request(client, school.parent, school.learner)
    reward = Reward.objects.get()

    reward_transition(reward=reward, to=RewardStatus.RECORDED, actor=school.class_teacher.user)

    reward.refresh_from_db()
    assert reward.status == RewardStatus.RECORDED
    assert list(reward.changes.values_list("old_status", "new_status")) == [
        ("", RewardStatus.REQUESTED),
        (RewardStatus.REQUESTED, RewardStatus.RECORDED),
    ]
    diary = client.get(reverse("diary", args=[school.learner.pk])).content.decode()
    assert "Получено: ДЮСШ № 2" in diary
    scan = reward.evidence.get()
    rewards_page = page(client, school.parent, school.learner).content.decode()
    assert reverse("rewards_evidence", args=[scan.pk]) in rewards_page
    download = client.get(reverse("rewards_evidence", args=[scan.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert DocumentDownload.objects.get().kind == "reward_evidence"


def test_request_rejected_by_class_teacher_shows_reason_to_family(school, client):
    post_request(client, school.parent, school.learner)
    reward = Reward.objects.get()

    reward_transition(
        reward=reward, to=RewardStatus.REJECTED, comment="Не видна печать организации",
        actor=school.class_teacher.user,
    )  # fmt: skip

    response = page(client, school.parent, school.learner)
    assert "Причина: Не видна печать организации" in response.content.decode()
    diary = client.get(reverse("diary", args=[school.learner.pk])).content.decode()
    assert "ДЮСШ № 2" not in diary
