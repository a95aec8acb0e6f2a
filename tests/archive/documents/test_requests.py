"""Families' requests for documents (R-AR-7, R-SEC-1): the edge table, registration
online and by the office, refusal, withdrawal and the answer by an issued document."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from archive.documents.requests import (
    MOVES,
    allowed,
    applicant_choices,
    may,
    request_create,
    request_transition,
)
from archive.documents.services import issue_document
from archive.models import (
    Delivery,
    Disclosure,
    DocumentKind,
    InfoRequest,
    IssuedDocument,
    RegisterCounter,
    RequestChange,
    RequestChannel,
    RequestStatus,
)
from archive.models.documents import REQUESTS_REGISTER
from learners.models import CalendarDay, CalendarDayKind, CalendarYear
from tests.archive.documents.request_data import School

NOT_FAMILY = (
    "Запросить документ можно только о себе или о ребёнке, законным представителем "
    "которого вы являетесь."
)


@pytest.fixture
def school(db) -> School:
    return School()


def online(school, *, actor=None, learner=None, **fields):
    return request_create(
        learner=learner or school.learner,
        kind=fields.pop("kind", DocumentKind.STUDY_CERTIFICATE),
        purpose=fields.pop("purpose", "для предъявления в спортивную школу"),
        delivery=fields.pop("delivery", Delivery.ACCOUNT),
        channel=RequestChannel.ONLINE,
        actor=actor or school.parent,
    )


def counter_last():
    counters = RegisterCounter.objects.filter(register=REQUESTS_REGISTER)
    return list(counters.values_list("last", flat=True))


# --- the edge table -------------------------------------------------------------------------


def test_moves_edge_table_exactly_three_edges_from_registered():
    assert sorted(MOVES) == sorted(
        [
            (RequestStatus.REGISTERED, RequestStatus.ISSUED),
            (RequestStatus.REGISTERED, RequestStatus.REFUSED),
            (RequestStatus.REGISTERED, RequestStatus.WITHDRAWN),
        ]
    )


@pytest.mark.parametrize(
    ("actor", "status", "expected"),
    [
        ("deputy", RequestStatus.ISSUED, True),
        ("clerk", RequestStatus.ISSUED, True),
        ("director", RequestStatus.REFUSED, True),
        ("clerk", RequestStatus.REFUSED, True),
        ("parent", RequestStatus.REFUSED, False),
        ("parent", RequestStatus.ISSUED, False),
        ("parent", RequestStatus.WITHDRAWN, True),
        ("learner", RequestStatus.WITHDRAWN, True),
        ("clerk", RequestStatus.WITHDRAWN, True),
        ("other_parent", RequestStatus.WITHDRAWN, False),
        ("teacher", RequestStatus.WITHDRAWN, False),
        ("teacher", RequestStatus.REFUSED, False),
        ("deputy", RequestStatus.REGISTERED, False),
    ],
)
def test_may_by_edge_table(school, actor, status, expected):
    request = online(school)
    user = school.learner.user if actor == "learner" else getattr(school, actor)
    assert may(user, request, status) is expected


def test_may_closed_request_no_edges(school):
    request = online(school)
    request_transition(request=request, status=RequestStatus.WITHDRAWN, actor=school.parent)
    request.refresh_from_db()
    assert allowed(school.deputy, request) == []
    assert may(school.deputy, request, RequestStatus.REFUSED) is False


def test_allowed_family_only_withdraw(school):
    request = online(school)
    assert [target for target, _ in allowed(school.parent, request)] == [RequestStatus.WITHDRAWN]


# --- registration ---------------------------------------------------------------------------


def test_request_create_online_by_mother_numbered_with_history(school):
    first = online(school)
    second = online(school, kind=DocumentKind.JOURNAL_EXTRACT, purpose="для перевода")
    today = timezone.localdate()
    assert (first.year, first.number, second.number) == (today.year, 1, 2)
    assert first.registered_on == today
    assert first.applicant_name == "Соколова Анна Петровна (мать)"
    assert first.applicant == school.parent
    assert first.created_by == school.parent
    assert first.status == RequestStatus.REGISTERED
    assert list(first.changes.values_list("old_status", "new_status", "changed_by")) == [
        ("", RequestStatus.REGISTERED, school.parent.pk)
    ]


def test_request_create_online_by_learner_himself(school):
    request = online(school, actor=school.learner.user)
    assert request.applicant_name == "Соколов Иван Петрович (обучающийся)"


def test_request_create_another_familys_learner_refused_nothing_saved(school):
    online(school)
    with pytest.raises(PermissionDenied) as refusal:
        online(school, learner=school.other_learner)
    assert str(refusal.value) == NOT_FAMILY
    assert InfoRequest.objects.count() == 1
    assert counter_last() == [1]


@pytest.mark.parametrize("actor", ["teacher", "deputy", "clerk"])
def test_request_create_online_by_staff_refused(school, actor):
    with pytest.raises(PermissionDenied) as refusal:
        online(school, actor=getattr(school, actor))
    assert str(refusal.value) == NOT_FAMILY
    assert InfoRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"purpose": "  \x01 "}, "Укажите, для чего нужен документ."),
        ({"purpose": "я" * 301}, "Назначение документа — не длиннее 300 знаков (сейчас 301)."),
        ({"kind": DocumentKind.SUMMARY_STATEMENT},
         "По запросу выдаются только: справка об обучении (о периоде обучения), выписка из "
         "классного журнала."),
        ({"delivery": "pigeon"}, "Укажите, как выдать документ."),
    ],
)  # fmt: skip
def test_request_create_bad_input_nothing_saved_no_number(school, fields, message):
    online(school)
    with pytest.raises(ValidationError) as refusal:
        online(school, **fields)
    assert refusal.value.messages == [message]
    assert InfoRequest.objects.count() == 1
    assert RequestChange.objects.count() == 1
    assert counter_last() == [1]


def test_request_create_purpose_control_characters_stripped(school):
    request = online(school, purpose=" для\x07 секции ")
    assert request.purpose == "для секции"


def test_applicant_choices_learner_and_guardians(school):
    assert applicant_choices(school.learner) == [
        ("learner", "Соколов Иван Петрович (обучающийся)"),
        (f"guardian:{school.mother.pk}", "Соколова Анна Петровна (мать)"),
    ]


def test_request_create_by_office_applicant_chosen(school):
    request = request_create(
        learner=school.learner,
        kind=DocumentKind.STUDY_CERTIFICATE,
        purpose="по месту работы",
        delivery=Delivery.IN_PERSON,
        channel=RequestChannel.PHONE,
        applicant=f"guardian:{school.mother.pk}",
        actor=school.clerk,
    )
    assert (request.applicant_name, request.applicant, request.created_by) == (
        "Соколова Анна Петровна (мать)",
        school.parent,
        school.clerk,
    )


@pytest.mark.parametrize("applicant", ["", "Сосед Пётр", "guardian:999999", "guardian:x"])
def test_request_create_by_office_free_text_applicant_refused(school, applicant):
    other_guardian = f"guardian:{school.other_learner.guardianships.get().guardian_id}"
    for chosen in (applicant, other_guardian):
        with pytest.raises(ValidationError) as refusal:
            request_create(
                learner=school.learner,
                kind=DocumentKind.STUDY_CERTIFICATE,
                purpose="по месту работы",
                channel=RequestChannel.IN_PERSON,
                applicant=chosen,
                actor=school.clerk,
            )
        assert refusal.value.messages == [
            "Заявителем может быть только сам обучающийся или его законный представитель: "
            "выберите его из списка."
        ]
    assert InfoRequest.objects.count() == 0
    assert counter_last() == []


def test_request_create_by_office_teacher_refused(school):
    with pytest.raises(PermissionDenied) as refusal:
        request_create(
            learner=school.learner,
            kind=DocumentKind.STUDY_CERTIFICATE,
            purpose="по месту работы",
            channel=RequestChannel.IN_PERSON,
            applicant="learner",
            actor=school.teacher,
        )
    assert str(refusal.value) == (
        "Запросы регистрируют делопроизводитель, заместитель директора и директор."
    )


def test_request_create_deadline_by_working_days_skips_holiday(school):
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        CalendarYear.objects.get_or_create(year=year)
    holiday = today + timedelta(days=1)
    while holiday.weekday() >= 5:
        holiday += timedelta(days=1)
    CalendarDay.objects.update_or_create(
        day=holiday,
        defaults={
            "calendar": CalendarYear.objects.get(year=holiday.year),
            "kind": CalendarDayKind.HOLIDAY,
        },
    )
    special = dict(CalendarDay.objects.values_list("day", "kind"))
    expected, left = today, 3
    while left:
        expected += timedelta(days=1)
        kind = special.get(expected)
        if (kind == CalendarDayKind.WORKING) if kind else expected.weekday() < 5:
            left -= 1
    with override_settings(UCHET_REQUEST_WORKING_DAYS=3):
        request = online(school)
    assert request.deadline == expected
    assert expected - today >= timedelta(days=4)


# --- answers --------------------------------------------------------------------------------


def test_request_transition_refuse_needs_reason(school):
    request = online(school)
    with pytest.raises(ValidationError) as refusal:
        request_transition(request=request, status=RequestStatus.REFUSED, actor=school.clerk)
    assert refusal.value.messages == ["Укажите причину отказа: её увидит заявитель."]
    request_transition(
        request=request, status=RequestStatus.REFUSED, actor=school.clerk, reason="Не наш ученик"
    )
    request.refresh_from_db()
    assert (request.status, request.answer) == (RequestStatus.REFUSED, "Не наш ученик")
    assert list(
        request.changes.order_by("pk").values_list("old_status", "new_status", "reason")
    ) == [("", "registered", ""), ("registered", "refused", "Не наш ученик")]


def test_request_transition_refuse_by_parent_denied(school):
    request = online(school)
    with pytest.raises(PermissionDenied) as refusal:
        request_transition(
            request=request, status=RequestStatus.REFUSED, actor=school.parent, reason="нет"
        )
    assert str(refusal.value) == (
        "Отвечают на запросы делопроизводитель, заместитель директора и директор."
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.REGISTERED


def test_request_transition_withdraw_by_family_then_closed(school):
    request = online(school)
    request_transition(request=request, status=RequestStatus.WITHDRAWN, actor=school.parent)
    with pytest.raises(ValidationError) as refusal:
        request_transition(
            request=request, status=RequestStatus.REFUSED, actor=school.clerk, reason="нет"
        )
    assert refusal.value.messages == [
        f"Запрос № {request.number} уже закрыт (отозван). Обновите страницу."
    ]


def test_request_transition_withdraw_by_other_family_denied(school):
    request = online(school)
    with pytest.raises(PermissionDenied):
        request_transition(
            request=request, status=RequestStatus.WITHDRAWN, actor=school.other_parent
        )


def test_request_transition_issued_without_document_refused(school):
    request = online(school)
    with pytest.raises(ValidationError) as refusal:
        request_transition(request=request, status=RequestStatus.ISSUED, actor=school.deputy)
    assert refusal.value.messages == [
        "Запрос закрывается выдачей документа: выдайте документ по этому запросу."
    ]
    request.refresh_from_db()
    assert request.status == RequestStatus.REGISTERED


def test_issue_document_answers_request_and_logs_disclosure(school):
    request = online(school)
    document = issue_document(
        kind=request.kind,
        learner=request.learner,
        to_family=True,
        recipient=request.applicant_name,
        purpose=request.purpose,
        request=request,
        actor=school.deputy,
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.ISSUED
    assert document.request == request
    assert document.registration_number == "СО-1"
    assert list(
        request.changes.order_by("pk").values_list("old_status", "new_status", "changed_by")
    ) == [("", "registered", school.parent.pk), ("registered", "issued", school.deputy.pk)]
    row = Disclosure.objects.get()
    assert (row.learner, row.recipient, row.document, row.ground, row.ground_detail) == (
        school.learner,
        "Соколова Анна Петровна (мать)",
        document,
        "family_request",
        str(request),
    )


def test_issue_document_for_withdrawn_request_nothing_issued(school):
    request = online(school)
    request_transition(request=request, status=RequestStatus.WITHDRAWN, actor=school.parent)
    with pytest.raises(ValidationError) as refusal:
        issue_document(
            kind=request.kind,
            learner=request.learner,
            to_family=True,
            recipient=request.applicant_name,
            request=request,
            actor=school.deputy,
        )
    assert refusal.value.messages == [f"Запрос № {request.number} уже закрыт (отозван)."]
    assert IssuedDocument.objects.count() == 0
    assert not RegisterCounter.objects.filter(register=DocumentKind.STUDY_CERTIFICATE).exists()
