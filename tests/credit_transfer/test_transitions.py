"""The credit-transfer workflow (R-CT-6..8): every move of the transition table by the
actor it belongs to, the refusals (a move not in the table, the wrong actor, another
family, a teacher of another subject, a second submission), and what each move leaves:
its history row and its letter to the family."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from credit_transfer import selectors, services
from credit_transfer.models import (
    Application,
    ApplicationChange,
    Conversion,
    Notification,
    Status,
)
from learners.models import Learner, ScaleKind, Sex
from tests.credit_transfer.conftest import make_application, reach, submit

pytestmark = pytest.mark.django_db

ENGLISH = {
    "subject": "Иностранный язык (английский)",
    "external_name": "Английский язык",  # another name: the council
    "external_scale": ScaleKind.LEVELS,  # another scale: the teacher
    "external_result": "высокий",
    "external_hours": 100,
}
RENAMED = {"subject": "Информатика", "external_name": "Программирование на Python"}


def move(application, to, actor, **details):
    return services.application_transition(application=application, to=to, actor=actor, **details)


def state(application):
    application.refresh_from_db()
    return (
        application.status,
        application.version,
        ApplicationChange.objects.filter(application=application).count(),
        Notification.objects.filter(application=application).count(),
    )


# --- every allowed move ---------------------------------------------------------------------


ALLOWED = [
    # (from, to, actor, lines, action in the history)
    (Status.DRAFT, Status.SUBMITTED, "parent", ["Информатика"], "Заявление подано"),
    (Status.SUBMITTED, Status.UNDER_REVIEW, "deputy", ["Информатика"], "Принято к рассмотрению"),
    (Status.UNDER_REVIEW, Status.DOCUMENTS_REQUESTED, "deputy", ["Информатика"],
     "Запрошены дополнительные документы"),
    (Status.DOCUMENTS_REQUESTED, Status.SUBMITTED, "parent", ["Информатика"],
     "Заявление подано повторно"),
    (Status.UNDER_REVIEW, Status.WITH_TEACHER, "deputy", [ENGLISH],
     "Передано учителю-предметнику"),
    (Status.WITH_TEACHER, Status.UNDER_REVIEW, "deputy", [ENGLISH], "Возвращено на рассмотрение"),
    (Status.UNDER_REVIEW, Status.WITH_COUNCIL, "deputy", [RENAMED],
     "Передано на педагогический совет"),
    (Status.UNDER_REVIEW, Status.DECIDED, "deputy", ["Информатика"], "Принято решение"),
    (Status.DECIDED, Status.ORDER_ISSUED, "director", ["Информатика"], "Издан приказ"),
    (Status.ORDER_ISSUED, Status.EXEMPTION_ENDED, "deputy", ["Информатика"],
     "Освобождение от посещения занятий прекращено"),
    (Status.SUBMITTED, Status.WITHDRAWN, "parent", ["Информатика"],
     "Заявление отозвано заявителем"),
    (Status.WITH_COUNCIL, Status.WITHDRAWN, "parent", [RENAMED], "Заявление отозвано заявителем"),
]  # fmt: skip


def test_transition_table_covered_by_this_file():
    tested = {(old, new) for old, new, *_ in ALLOWED} | {(Status.WITH_COUNCIL, Status.DECIDED)}
    withdrawals = {key for key in services.TRANSITIONS if key[1] == Status.WITHDRAWN}
    assert set(services.TRANSITIONS) - withdrawals <= tested


@pytest.mark.parametrize(("old", "new", "who", "lines", "action"), ALLOWED)
def test_transition_allowed_by_its_actor(school, old, new, who, lines, action):
    application = reach(school, old, lines)
    version = application.version
    actor = getattr(school, who)
    moved = move(
        application,
        new,
        actor,
        comment="Выбыл из другой организации" if new != Status.WITHDRAWN else "",
        order_number="15-у",
        order_date=timezone.localdate(),
        # The order was issued today: the learner may return from tomorrow.
        returns_on=timezone.localdate() + timedelta(days=1),
        version=version,
    )
    change = moved.changes.order_by("-pk").first()
    assert (moved.status, moved.version) == (new, version + 1)
    assert (change.old_status, change.new_status, change.action, change.changed_by) == (
        old,
        new,
        action,
        actor,
    )


def test_transition_council_then_decided(school):
    application = reach(school, Status.WITH_COUNCIL, [RENAMED])
    line = application.lines.get()
    protocol_day = timezone.localdate()
    services.council_record(
        application=application,
        protocol_number="3",
        protocol_date=protocol_day,
        decisions={line.pk: "credit"},
        actor=school.deputy,
    )
    decided = move(application, Status.DECIDED, school.deputy)
    assert (decided.status, decided.decision_taken_on) == (Status.DECIDED, protocol_day)


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (Status.SUBMITTED, Status.DECIDED,
         "Нельзя перевести заявление из состояния «Подано» в «Решение принято»."),
        (Status.DRAFT, Status.UNDER_REVIEW,
         "Нельзя перевести заявление из состояния «Черновик» в «На рассмотрении»."),
        (Status.DECIDED, Status.WITHDRAWN,
         "Нельзя перевести заявление из состояния «Решение принято» в «Отозвано заявителем»."),
    ],
)  # fmt: skip
def test_transition_not_in_table_refused_nothing_changed(school, old, new, message):
    application = reach(school, old)
    before = state(application)
    with pytest.raises(ValidationError) as refused:
        move(application, new, school.deputy if new != Status.WITHDRAWN else school.parent)
    assert refused.value.messages == [message]
    assert state(application) == before


@pytest.mark.parametrize(
    ("old", "new", "who", "message"),
    [
        (Status.SUBMITTED, Status.UNDER_REVIEW, "parent", "Это решает заместитель директора."),
        (Status.DECIDED, Status.ORDER_ISSUED, "deputy", "Приказ издаёт директор."),
        (Status.UNDER_REVIEW, Status.DECIDED, "director", "Это решает заместитель директора."),
        (Status.UNDER_REVIEW, Status.DOCUMENTS_REQUESTED, "clerk",
         "Это решает заместитель директора."),
        (Status.SUBMITTED, Status.WITHDRAWN, "deputy", "Это может сделать только заявитель."),
        (Status.DRAFT, Status.SUBMITTED, "other_parent", "Это может сделать только заявитель."),
        (Status.SUBMITTED, Status.WITHDRAWN, "other_parent",
         "Это может сделать только заявитель."),
    ],
)  # fmt: skip
def test_transition_wrong_actor_refused_nothing_changed(school, old, new, who, message):
    application = reach(school, old)
    before = state(application)
    with pytest.raises(PermissionDenied) as refused:
        move(application, new, getattr(school, who), comment="…")
    assert str(refused.value) == message
    assert state(application) == before


def test_other_family_cannot_see_edit_or_attach(school):
    draft = make_application(school, ["Информатика"])
    submitted = submit(make_application(school, ["Физическая культура"]), school.parent)
    with pytest.raises(Http404):
        selectors.get_application_for_user(school.other_parent, submitted.pk)
    assert not selectors.applications_for(school.deputy).filter(pk=draft.pk).exists()
    before = state(draft)
    with pytest.raises(PermissionDenied):
        services.application_save(
            application=draft,
            learner=school.learner,
            fields={"phone": "+7 (999) 000-00-00"},
            lines=[],
            uploads=[],
            actor=school.other_parent,
        )
    attachment = draft.attachments.get()
    with pytest.raises(PermissionDenied):
        services.attachment_remove(attachment=attachment, actor=school.other_parent)
    assert state(draft) == before
    assert draft.attachments.count() == 1


def test_double_submission_refused_once_recorded(school):
    application = make_application(school, ["Информатика"])
    submit(application, school.parent)
    with pytest.raises(ValidationError) as refused:
        submit(application, school.parent)
    assert refused.value.messages == [
        "Нельзя перевести заявление из состояния «Подано» в «Подано»."
    ]
    assert list(application.changes.values_list("action", flat=True)) == ["Заявление подано"]
    assert application.notifications.count() == 1


def test_stale_version_refused_as_conflict(school):
    application = make_application(school, ["Информатика"])
    stale = application.version
    submit(application, school.parent)
    with pytest.raises(services.Conflict):
        move(application, Status.UNDER_REVIEW, school.deputy, version=stale)
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED


# --- the subject teacher's conversion ----------------------------------------------------------


def test_teacher_of_other_subject_or_class_cannot_convert(school):
    application = reach(school, Status.WITH_TEACHER, [ENGLISH])
    line = application.lines.get()
    for outsider in (school.teachers["Информатика"], school.teachers["Информатика 7Б"]):
        with pytest.raises(PermissionDenied) as refused:
            services.line_convert(line=line, conversion=Conversion.CREDIT_5, actor=outsider)
        assert str(refused.value) == (
            "Решение по предмету «Иностранный язык (английский)» принимает учитель, который "
            "ведёт его в 7А."
        )
    line.refresh_from_db()
    assert (line.conversion, line.conversion_by) == ("", None)


def test_teacher_conversion_returns_application_to_deputy(school):
    application = reach(school, Status.WITH_TEACHER, [ENGLISH])
    teacher = school.teachers["Английский язык"]
    services.line_convert(
        line=application.lines.get(), conversion=Conversion.CREDIT_5, actor=teacher
    )
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW
    assert list(application.changes.values_list("action", "changed_by")[3:]) == [
        ("Учитель: «Иностранный язык (английский)» — зачесть с отметкой «5» (отлично)", teacher.pk),
        ("Возвращено на рассмотрение", teacher.pk),
    ]


def test_teacher_conversion_refused_outside_with_teacher_and_attestation_needs_comment(school):
    application = reach(school, Status.UNDER_REVIEW, [ENGLISH])
    teacher = school.teachers["Английский язык"]
    line = application.lines.get()
    with pytest.raises(ValidationError) as refused:
        services.line_convert(line=line, conversion=Conversion.CREDIT_4, actor=teacher)
    assert refused.value.messages == [
        "Заявление не ждёт решения учителя: его статус — «На рассмотрении»."
    ]
    move(application, Status.WITH_TEACHER, school.deputy)
    with pytest.raises(ValidationError) as refused:
        services.line_convert(line=line, conversion=Conversion.ATTESTATION, actor=teacher)
    assert refused.value.messages == [
        "Напишите, в какой форме и когда предлагается пройти аттестацию."
    ]


# --- preconditions of moves --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ({"consent": False},
         "Подтвердите согласие на выставление отметок: без него заявление не подаётся."),
        ({"passport_series": ""}, "Заполните: серия паспорта."),
        ({"other_name": "", "phone": ""},
         "Заполните: телефон, наименование другой организации."),
    ],
)  # fmt: skip
def test_submit_incomplete_refused_stays_draft(school, missing, message):
    application = make_application(school, ["Информатика"], **missing)
    with pytest.raises(ValidationError) as refused:
        submit(application, school.parent)
    assert refused.value.messages == [message]
    assert state(application)[:3] == (Status.DRAFT, 1, 0)


def test_submit_without_lines_or_attachments_refused(school):
    application = make_application(school, [])
    with pytest.raises(ValidationError) as refused:
        submit(application, school.parent)
    assert refused.value.messages == ["Добавьте хотя бы один предмет для зачёта."]
    application = make_application(school, ["Информатика"])
    application.attachments.all().delete()
    with pytest.raises(ValidationError) as refused:
        submit(application, school.parent)
    assert refused.value.messages == [
        "Приложите хотя бы один документ: справку (выписку) с отметками, заверенную "
        "организацией, или документ об образовании."
    ]


def test_submit_signs_numbers_and_addresses(school):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    year = timezone.localdate().year
    assert application.number == f"{year}/{application.pk:04d}"
    assert (application.signed_by, application.is_paper) == (school.parent, False)
    assert application.signature_digest == services.signature_digest(application)
    assert len(application.signature_digest) == 64
    assert application.addressee == "Директору МАОУ СОШ № 17 Смирновой Ольге Викторовне"


@pytest.mark.parametrize(
    ("to", "lines", "message"),
    [
        (Status.WITH_TEACHER, ["Информатика"],
         "Нет предметов, по которым нужно решение учителя о переводе отметки."),
        (Status.WITH_COUNCIL, ["Информатика"],
         "Нет предметов, по которым нужно мнение педагогического совета: наименования "
         "совпадают и часов достаточно."),
        (Status.DOCUMENTS_REQUESTED, ["Информатика"],
         "Напишите семье, какие документы нужны и почему (п. 4.8)."),
    ],
)  # fmt: skip
def test_route_without_reason_refused(school, to, lines, message):
    application = reach(school, Status.UNDER_REVIEW, lines)
    before = state(application)
    with pytest.raises(ValidationError) as refused:
        move(application, to, school.deputy)
    assert refused.value.messages == [message]
    assert state(application) == before


def test_decide_needs_council_and_conversion_first(school):
    application = reach(school, Status.UNDER_REVIEW, [ENGLISH])
    with pytest.raises(ValidationError) as refused:
        move(application, Status.DECIDED, school.deputy)
    assert refused.value.messages == [
        "«Иностранный язык (английский)»: нужно решение педагогического совета (п. 5.7)."
    ]


def test_decide_refusing_eligible_line_needs_reason(school):
    application = reach(school, Status.UNDER_REVIEW, ["Информатика"])
    line = application.lines.get()
    with pytest.raises(ValidationError) as refused:
        move(application, Status.DECIDED, school.deputy, decisions={line.pk: {"credit": False}})
    assert refused.value.messages == ["«Информатика»: укажите причину отказа — её увидит семья."]


# --- letters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sex", "words"),
    [(Sex.MALE, "обучающийся освобождён"), (Sex.FEMALE, "обучающаяся освобождена")],
)
def test_order_letter_agrees_with_learners_sex(
    school, django_capture_on_commit_callbacks, mailoutbox, sex, words
):
    Learner.objects.filter(pk=school.learner.pk).update(sex=sex)
    with django_capture_on_commit_callbacks(execute=True):
        application = reach(school, Status.ORDER_ISSUED)

    assert (
        f"Приказ № 12-у от {application.order_date:%d.%m.%Y}. "
        f"С {application.order_date:%d.%m.%Y} {words} от посещения занятий по зачтённым "
        "предметам." in mailoutbox[-1].body
    )


def test_every_move_writes_one_letter_sent_after_commit(
    school, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(make_application(school, ["Информатика"]), school.parent)
        move(application, Status.UNDER_REVIEW, school.deputy)
    subjects = [f"Заявление о зачёте № {application.number}: заявление подано",
                f"Заявление о зачёте № {application.number}: принято к рассмотрению"]  # fmt: skip
    assert [m.subject for m in mailoutbox] == subjects
    assert [m.to for m in mailoutbox] == [["sokolova@example.org"]] * 2
    assert not application.notifications.filter(sent_at__isnull=True).exists()


def test_letter_without_address_kept_with_error(
    school, django_capture_on_commit_callbacks, mailoutbox
):
    school.parent.email = ""
    school.parent.save()
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(make_application(school, ["Информатика"]), school.parent)
    notification = application.notifications.get()
    assert (notification.sent_at, notification.error) == (
        None,
        "У заявителя не указан адрес электронной почты.",
    )
    assert mailoutbox == []


# --- paper applications -----------------------------------------------------------------------


def test_paper_application_registered_by_clerk(school):
    application = make_application(school, ["Информатика"])
    Application.objects.filter(pk=application.pk).update(is_paper=True)
    application.refresh_from_db()
    submitted = submit(application, school.clerk)
    assert (submitted.is_paper, submitted.registered_by, submitted.signed_by) == (
        True,
        school.clerk,
        None,
    )


def test_paper_application_by_parent_for_someone_else_refused(school):
    with pytest.raises(PermissionDenied):
        services.application_save(
            application=None,
            learner=school.learner,
            fields={},
            lines=[],
            uploads=[],
            applicant=school.other_parent,
            actor=school.parent,
        )
    with pytest.raises(ValidationError) as refused:
        services.application_save(
            application=None,
            learner=school.learner,
            fields={},
            lines=[],
            uploads=[],
            applicant=school.other_parent,
            actor=school.clerk,
        )
    assert refused.value.messages == ["Заявитель не указан законным представителем обучающегося."]
