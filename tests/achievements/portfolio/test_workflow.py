"""The confirmation workflow of the portfolio (R-PF-3): the class teacher of the
learner's current class (and the deputy) keeps the portfolio, the learner and their
parents propose; every allowed move of achievement_transition and every refused one,
the history it writes, and who may create entries and add evidence."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError

from achievements.models import (
    Achievement,
    AchievementStatus,
    AchievementStatusChange,
    Evidence,
)
from achievements.portfolio import services
from achievements.portfolio.forms import AchievementForm
from tests.achievements.portfolio.factories import (
    AchievementFactory,
    achievement_fields,
    category,
    create_through_service,
)
from tests.achievements.portfolio.files import pdf_bytes, pdf_upload, png_bytes, upload
from tests.achievements.portfolio.html import table_rows
from tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db

P, C, R = AchievementStatus.PROPOSED, AchievementStatus.CONFIRMED, AchievementStatus.REJECTED
KEEPER_ONLY = "Подтверждает и отклоняет записи классный руководитель."
FAMILY_ONLY = "Повторно предложить запись может только семья обучающегося."
REASON_REQUIRED = "Укажите причину отказа: её увидит семья."
CREATE_REFUSED = "Вносить достижения может классный руководитель или семья."
FILE_REQUIRED = "Приложите подтверждающий документ: скан или фото диплома, грамоты, протокола."
ADD_REFUSED = "Добавлять документы к этой записи нельзя."
OLD_REASON = "Нет подписи организатора"  # AchievementFactory's reason for a rejected entry


def _no_move(old, new):
    return (
        f"Нельзя перевести достижение из состояния «{AchievementStatus(old).label}» "
        f"в «{AchievementStatus(new).label}»."
    )


def _history(achievement):
    return list(
        AchievementStatusChange.objects.filter(achievement=achievement)
        .order_by("pk")
        .values_list("changed_by", "old_status", "new_status", "comment")
    )


def _messages(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


def _entry(school, status):
    return AchievementFactory(learner=school.learner, status=status)


# achievement_transition: the table -----------------------------------------------------------


OK = "allowed"
KEEPER = ("PermissionDenied", KEEPER_ONLY)
FAMILY = ("PermissionDenied", FAMILY_ONLY)
REASON = ("ValidationError", REASON_REQUIRED)


def _no_move_error(old, new):
    return ("ValidationError", _no_move(old, new))


# (from, to, who, comment) → allowed, or the refusal (error, message).
TRANSITIONS = {
    # The keeper confirms or rejects a proposal and withdraws a confirmed entry.
    (P, C, "class_teacher", ""): OK,
    (P, C, "class_teacher", "Диплом сверен с протоколом"): OK,
    (P, C, "deputy", ""): OK,
    (P, R, "class_teacher", "Нет печати организатора"): OK,
    (P, R, "deputy", "Это школьный, а не муниципальный этап"): OK,
    (C, R, "class_teacher", "Диплом выдан другому ученику"): OK,
    (C, R, "deputy", "Ошибочно указан уровень"): OK,
    # The family proposes a rejected entry again.
    (R, P, "parent", ""): OK,
    (R, P, "learner", "Добавили протокол жюри"): OK,
    # Family members do not decide…
    (P, C, "parent", ""): KEEPER,
    (P, C, "learner", ""): KEEPER,
    (P, R, "parent", "Передумали"): KEEPER,
    (C, R, "learner", "Ошибка"): KEEPER,
    # …nor do teachers who do not keep this portfolio, nor strangers.
    (P, C, "other_class_teacher", ""): KEEPER,
    (P, C, "subject_teacher", ""): KEEPER,
    (P, C, "other_parent", ""): KEEPER,
    (C, R, "other_class_teacher", "Не верю"): KEEPER,
    # Only the family proposes again.
    (R, P, "class_teacher", ""): FAMILY,
    (R, P, "deputy", ""): FAMILY,
    (R, P, "other_parent", ""): FAMILY,
    # Moves that do not exist, whoever asks.
    (C, P, "class_teacher", ""): _no_move_error(C, P),
    (C, P, "parent", ""): _no_move_error(C, P),
    (R, C, "class_teacher", ""): _no_move_error(R, C),
    (R, C, "deputy", ""): _no_move_error(R, C),
    (P, P, "parent", ""): _no_move_error(P, P),
    (P, P, "class_teacher", ""): _no_move_error(P, P),
    (C, C, "class_teacher", ""): _no_move_error(C, C),
    (R, R, "class_teacher", "Снова нет"): _no_move_error(R, R),
    # A refusal is explained to the family.
    (P, R, "class_teacher", ""): REASON,
    (P, R, "class_teacher", " \n\t "): REASON,
    (C, R, "deputy", ""): REASON,
}


def _attempt(school, old, new, kind, comment):
    """Try one move on a fresh entry; what happened, checked against the row it left."""
    achievement = _entry(school, old)
    before = achievement.status_comment
    actor = school.actor(kind)
    try:
        returned = services.achievement_transition(
            achievement=achievement, to=new, comment=f"  {comment}  ", actor=actor
        )
    except (PermissionDenied, ValidationError) as error:
        message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        outcome = (type(error).__name__, message)
        expected_row = (old, before, [])
    else:
        outcome = OK if returned.status == new else ("returned", returned.status)
        kept = comment.strip()
        expected_row = (new, kept, [(actor.pk, old, new, kept)])
    achievement.refresh_from_db()
    row = (achievement.status, achievement.status_comment, _history(achievement))
    return outcome if row == expected_row else ("row", row)


def test_transition_table(school):
    """Each allowed move changes the status and writes exactly one history row (who, old,
    new, comment); each refused one leaves both untouched."""
    outcomes = {move: _attempt(school, *move) for move in TRANSITIONS}

    assert outcomes == TRANSITIONS


def test_transition_former_class_teacher_refused_new_one_allowed(school):
    """The keeper is the class teacher of the class the learner is in now."""
    achievement = _entry(school, P)
    enrollment = school.learner.enrollments.get(group=school.group)
    enrollment.ended_on = date(2026, 11, 1)
    enrollment.save()
    EnrollmentFactory(
        learner=school.learner, group=school.other_group, started_on=date(2026, 11, 2)
    )

    with pytest.raises(PermissionDenied):
        services.achievement_transition(
            achievement=achievement, to=C, actor=school.class_teacher.user
        )
    services.achievement_transition(
        achievement=achievement, to=C, actor=school.other_class_teacher.user
    )

    achievement.refresh_from_db()
    assert achievement.status == C
    assert _history(achievement) == [(school.other_class_teacher.user.pk, P, C, "")]


def test_transition_full_round_writes_one_change_per_move(school):
    teacher, parent = school.class_teacher.user, school.parent
    achievement = create_through_service(parent, school.learner)

    for to, comment, actor in [
        (R, "Скан не читается", teacher),
        (P, "", parent),
        (C, "", teacher),
        (R, "Диплом отозван организатором", teacher),
    ]:
        services.achievement_transition(
            achievement=achievement, to=to, comment=comment, actor=actor
        )

    assert _history(achievement) == [
        (parent.pk, "", P, ""),
        (teacher.pk, P, R, "Скан не читается"),
        (parent.pk, R, P, ""),
        (teacher.pk, P, C, ""),
        (teacher.pk, C, R, "Диплом отозван организатором"),
    ]


# achievement_transition: through the page ----------------------------------------------------


def test_decide_page_class_teacher_confirms(client, school):
    achievement = create_through_service(school.parent, school.learner)
    client.force_login(school.class_teacher.user)

    response = client.post(f"/portfolio/achievements/{achievement.pk}/decide/", {"to": "confirmed"})

    assert response.status_code == 302
    assert response["Location"] == f"/portfolio/achievements/{achievement.pk}/"
    assert _messages(response) == ["Статус: подтверждено."]
    achievement.refresh_from_db()
    assert achievement.status == C


def test_decide_page_rejection_without_reason_refused(client, school):
    achievement = create_through_service(school.parent, school.learner)
    client.force_login(school.class_teacher.user)

    response = client.post(
        f"/portfolio/achievements/{achievement.pk}/decide/", {"to": "rejected", "comment": " "}
    )

    assert response.status_code == 302
    assert _messages(response) == [REASON_REQUIRED]
    achievement.refresh_from_db()
    assert achievement.status == P
    assert len(_history(achievement)) == 1


def test_decide_page_parent_cannot_confirm(client, school):
    achievement = create_through_service(school.parent, school.learner)
    client.force_login(school.parent)

    response = client.post(f"/portfolio/achievements/{achievement.pk}/decide/", {"to": "confirmed"})

    assert response.status_code == 403
    achievement.refresh_from_db()
    assert achievement.status == P
    assert len(_history(achievement)) == 1


@pytest.mark.parametrize("target", ["", "archived", "CONFIRMED"])
def test_decide_page_unknown_action_refused(client, school, target):
    achievement = create_through_service(school.parent, school.learner)
    client.force_login(school.class_teacher.user)

    response = client.post(f"/portfolio/achievements/{achievement.pk}/decide/", {"to": target})

    assert response.status_code == 302
    assert _messages(response) == ["Неизвестное действие."]
    achievement.refresh_from_db()
    assert achievement.status == P


def test_decide_page_get_not_allowed(client, school):
    achievement = create_through_service(school.parent, school.learner)
    client.force_login(school.class_teacher.user)

    assert client.get(f"/portfolio/achievements/{achievement.pk}/decide/").status_code == 405


def test_family_sees_rejection_reason(client, school):
    achievement = create_through_service(
        school.parent, school.learner, title="Конкурс «Юный математик»"
    )
    services.achievement_transition(
        achievement=achievement,
        to=R,
        comment="На дипломе нет фамилии ученицы",
        actor=school.class_teacher.user,
    )
    client.force_login(school.parent)

    portfolio = client.get(f"/portfolio/learners/{school.learner.pk}/")
    detail = client.get(f"/portfolio/achievements/{achievement.pk}/")

    assert table_rows(portfolio) == [
        [
            "05.10.2026",
            "Конкурс «Юный математик»",
            "Олимпиады (всероссийская олимпиада школьников и другие)",
            "Муниципальный",
            "Победитель",
            "1",
            "Отклонено На дипломе нет фамилии ученицы",
        ]
    ]
    assert (
        "<p>Запись отклонена: На дипломе нет фамилии ученицы. Исправьте (например, добавьте "
        "документ) и отправьте снова.</p>"
    ) in detail.content.decode()
    assert 'name="to" value="proposed"' in detail.content.decode()


def test_family_proposes_again_through_page(client, school):
    achievement = _entry(school, R)
    client.force_login(school.learner_user)

    response = client.post(f"/portfolio/achievements/{achievement.pk}/decide/", {"to": "proposed"})

    assert _messages(response) == ["Статус: предложено, ждёт подтверждения."]
    achievement.refresh_from_db()
    assert (achievement.status, achievement.status_comment) == (P, "")
    assert _history(achievement) == [(school.learner_user.pk, R, P, "")]


# achievement_create --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["class_teacher", "deputy"])
def test_create_by_keeper_confirmed_at_once(school, kind):
    actor = school.actor(kind)

    achievement = create_through_service(actor, school.learner, uploads=[])

    achievement.refresh_from_db()
    assert (achievement.status, achievement.created_by, achievement.learner) == (
        C,
        actor,
        school.learner,
    )
    assert _history(achievement) == [(actor.pk, "", C, "")]
    assert achievement.evidence.count() == 0


@pytest.mark.parametrize("kind", ["parent", "learner"])
def test_create_by_family_proposed_with_evidence(school, kind):
    actor = school.actor(kind)

    achievement = create_through_service(actor, school.learner, uploads=[pdf_upload()])

    achievement.refresh_from_db()
    assert achievement.status == P
    assert _history(achievement) == [(actor.pk, "", P, "")]
    assert list(achievement.evidence.values_list("original_name", "uploaded_by")) == [
        ("диплом.pdf", actor.pk)
    ]


@pytest.mark.parametrize("kind", ["parent", "learner"])
def test_create_by_family_without_file_refused(school, kind):
    with pytest.raises(ValidationError) as caught:
        create_through_service(school.actor(kind), school.learner, uploads=[])

    assert caught.value.messages == [FILE_REQUIRED]
    assert Achievement.objects.count() == 0
    assert AchievementStatusChange.objects.count() == 0


@pytest.mark.parametrize("kind", ["other_class_teacher", "subject_teacher", "other_parent"])
def test_create_by_outsider_refused(school, kind):
    with pytest.raises(PermissionDenied) as caught:
        create_through_service(school.actor(kind), school.learner)

    assert str(caught.value) == CREATE_REFUSED
    assert Achievement.objects.count() == 0
    assert Evidence.objects.count() == 0


def test_create_by_customer_refused(school):
    with pytest.raises(PermissionDenied):
        create_through_service(school.customer_user, school.learner)

    assert Achievement.objects.count() == 0


def _post_new(client, learner, files):
    return client.post(
        f"/portfolio/learners/{learner.pk}/new/",
        {
            "category": category("gto").pk,
            "title": "Нормы ГТО, III ступень",
            "level": "municipal",
            "result": "winner",
            "badge": "silver",
            "stage": "regional",  # not an olympiad: dropped
            "date": "2026-10-05",
            "files": files,
        },
    )


def test_create_page_class_teacher_entry_confirmed(client, school):
    client.force_login(school.class_teacher.user)

    response = _post_new(client, school.learner, [])

    achievement = Achievement.objects.get()
    assert response["Location"] == f"/portfolio/achievements/{achievement.pk}/"
    assert _messages(response) == ["Достижение внесено в портфолио."]
    assert (achievement.status, achievement.badge, achievement.stage) == (C, "silver", "")


def test_create_page_parent_proposal_sent(client, school):
    client.force_login(school.parent)

    response = _post_new(client, school.learner, [upload("знак.png", png_bytes())])

    achievement = Achievement.objects.get()
    assert response["Location"] == f"/portfolio/achievements/{achievement.pk}/"
    assert _messages(response) == ["Запись отправлена классному руководителю на подтверждение."]
    assert achievement.status == P
    assert achievement.evidence.get().original_name == "знак.png"


def test_create_page_parent_without_file_shows_message_beside_field(client, school):
    client.force_login(school.parent)

    response = _post_new(client, school.learner, [])

    assert response.status_code == 200
    assert response.context["form"].errors == {"files": [FILE_REQUIRED]}
    assert Achievement.objects.count() == 0


# evidence_add --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("parent", P),
        ("parent", R),
        ("learner", P),
        ("learner", R),
        ("class_teacher", P),
        ("class_teacher", C),
        ("class_teacher", R),
        ("deputy", C),
    ],
)
def test_evidence_add_allowed(school, kind, status):
    achievement = _entry(school, status)
    actor = school.actor(kind)

    added = services.evidence_add(
        achievement=achievement, uploads=[pdf_upload("протокол.pdf")], actor=actor
    )

    assert [(e.original_name, e.uploaded_by) for e in added] == [("протокол.pdf", actor)]
    assert achievement.evidence.count() == 1
    achievement.refresh_from_db()
    assert achievement.status == status


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("parent", C),
        ("learner", C),
        ("other_parent", P),
        ("other_class_teacher", P),
        ("subject_teacher", C),
    ],
)
def test_evidence_add_refused(school, kind, status):
    achievement = _entry(school, status)

    with pytest.raises(PermissionDenied) as caught:
        services.evidence_add(
            achievement=achievement, uploads=[pdf_upload()], actor=school.actor(kind)
        )

    assert str(caught.value) == ADD_REFUSED
    assert Evidence.objects.count() == 0


def test_evidence_add_without_files_refused(school):
    achievement = _entry(school, P)

    with pytest.raises(ValidationError) as caught:
        services.evidence_add(achievement=achievement, uploads=[], actor=school.parent)

    assert caught.value.messages == ["Выберите хотя бы один файл."]


def test_evidence_add_more_than_ten_files_refused(school):
    achievement = _entry(school, P)
    uploads = [pdf_upload(f"скан {n}.pdf", pdf_bytes()) for n in range(11)]

    with pytest.raises(ValidationError) as caught:
        services.evidence_add(achievement=achievement, uploads=uploads, actor=school.parent)

    assert caught.value.messages == ["Не больше 10 файлов за один раз."]
    assert Evidence.objects.count() == 0


def test_evidence_page_parent_adds_to_proposal(client, school):
    achievement = create_through_service(school.parent, school.learner)
    client.force_login(school.parent)
    page = client.get(f"/portfolio/achievements/{achievement.pk}/").content.decode()

    response = client.post(
        f"/portfolio/achievements/{achievement.pk}/evidence/",
        {"files": [upload("фото.png", png_bytes()), pdf_upload("протокол.pdf")]},
    )

    assert f'action="/portfolio/achievements/{achievement.pk}/evidence/"' in page

    assert response["Location"] == f"/portfolio/achievements/{achievement.pk}/"
    assert _messages(response) == ["Добавлено документов: 2."]
    assert list(achievement.evidence.order_by("pk").values_list("original_name", flat=True)) == [
        "диплом.pdf",
        "фото.png",
        "протокол.pdf",
    ]


def test_evidence_page_parent_cannot_add_after_confirmation(client, school):
    achievement = create_through_service(school.parent, school.learner)
    services.achievement_transition(achievement=achievement, to=C, actor=school.class_teacher.user)
    client.force_login(school.parent)

    page = client.get(f"/portfolio/achievements/{achievement.pk}/")
    response = client.post(
        f"/portfolio/achievements/{achievement.pk}/evidence/", {"files": [pdf_upload()]}
    )

    assert page.context["can_add_evidence"] is False
    assert (
        f'action="/portfolio/achievements/{achievement.pk}/evidence/"' not in page.content.decode()
    )
    assert response.status_code == 403
    assert achievement.evidence.count() == 1


def test_evidence_page_bad_file_shows_message(client, school):
    achievement = create_through_service(school.parent, school.learner)
    client.force_login(school.parent)

    response = client.post(
        f"/portfolio/achievements/{achievement.pk}/evidence/",
        {"files": [upload("скан.pdf", b"%PDF-1.4 garbage")]},
    )

    assert _messages(response) == [
        "Файл «скан.pdf» повреждён или не открывается как PDF. "
        "Сохраните его заново и загрузите ещё раз."
    ]
    assert achievement.evidence.count() == 1


def test_achievement_fields_helper_matches_form_fields():
    """The helper hands the service what AchievementForm.model_fields() does."""
    assert list(achievement_fields()) == AchievementForm.Meta.fields


# allowed_moves: what the pages offer ---------------------------------------------------------

EVERYONE = [
    "class_teacher",
    "deputy",
    "parent",
    "learner",
    "other_class_teacher",
    "subject_teacher",
    "other_parent",
]


def _may_make(school, move, kind) -> bool:
    """Whether the service accepts the move from this user, on a fresh entry."""
    achievement = _entry(school, move.source)
    try:
        services.achievement_transition(
            achievement=achievement, to=move.target, comment="Проверено", actor=school.actor(kind)
        )
    except PermissionDenied:
        return False
    return True


def test_allowed_moves_every_edge_offered_exactly_to_who_may_make_it(client, school):
    offered, accepted, buttons = {}, {}, {}
    for move in services.MOVES.values():
        for kind in EVERYONE:
            key = (move.source, move.target, kind)
            achievement = _entry(school, move.source)
            offered[key] = move in services.allowed_moves(achievement, school.actor(kind))
            accepted[key] = _may_make(school, move, kind)
            client.force_login(school.actor(kind))
            page = client.get(f"/portfolio/achievements/{achievement.pk}/")
            buttons[key] = (
                page.status_code == 200
                and f'name="to" value="{move.target}"' in page.content.decode()
            )

    assert offered == accepted
    assert buttons == accepted
    assert sorted(key for key, yes in accepted.items() if yes) == sorted(
        [
            (P, C, "class_teacher"),
            (P, C, "deputy"),
            (P, R, "class_teacher"),
            (P, R, "deputy"),
            (C, R, "class_teacher"),
            (C, R, "deputy"),
            (R, P, "parent"),
            (R, P, "learner"),
        ]
    )


def test_allowed_moves_none_from_status_without_edges_for_subject_teacher(school):
    achievement = _entry(school, C)

    assert services.allowed_moves(achievement, school.actor("subject_teacher")) == []
