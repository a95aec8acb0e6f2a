"""Consent to the processing of personal data (R-SEC-4; 152-FZ art. 9): who may record
and withdraw it, the rules a consent must meet, and the reads the pages share.

The legal representative gives consent for a minor; a learner of 18 gives it himself.
The office (the clerk, the deputy) and the learner's class teacher record a signed
paper form; a parent gives consent for their own child online, dated today. The one
who gave it, the clerk and the deputy withdraw it (art. 9 §2). Rows are never edited
or deleted: the history of what was consented to, and when, is the evidence."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from learners.access import has_role, leads_class_of, refuse, represented_learners
from learners.models import (
    BASE_SCOPE,
    Consent,
    ConsentScope,
    Enrollment,
    Guardian,
    Guardianship,
    Learner,
    Role,
)

ADULT_AGE = 18
NOTE_LENGTH = Consent._meta.get_field("note").max_length
REASON_LENGTH = Consent._meta.get_field("withdrawal_reason").max_length
# The office keeps the consents: records paper forms and withdrawals.
CONSENT_OFFICE = (Role.DEPUTY, Role.CLERK)
# Who reads every learner's consents: the office and the director.
CONSENT_READERS = (Role.DEPUTY, Role.CLERK, Role.DIRECTOR)

NOT_RECORDER = (
    "Записать согласие может делопроизводитель, заместитель директора, классный "
    "руководитель обучающегося или сам законный представитель."
)
NOT_WITHDRAWER = (
    "Отозвать согласие может тот, кто его дал, делопроизводитель или заместитель директора."
)


def age_on(birth_date: date, on: date) -> int:
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - before_birthday


def is_adult(learner: Learner, on: date) -> bool:
    return age_on(learner.birth_date, on) >= ADULT_AGE


# --- who may ----------------------------------------------------------------------------


def records_consent(user, learner: Learner) -> bool:
    """Who records a consent given on paper: the office and the learner's class teacher."""
    return has_role(user, *CONSENT_OFFICE) or leads_class_of(user, learner.pk)


def reads_consents(user, learner: Learner) -> bool:
    return has_role(user, *CONSENT_READERS) or leads_class_of(user, learner.pk)


def get_learner_consents_for_user(user, pk) -> Learner:
    """The learner whose consents the user keeps or reads; 404 outside that scope, as
    for any object (learners.access)."""
    learner = Learner.objects.filter(pk=pk).first()
    if learner is None or not reads_consents(user, learner):
        raise refuse(user, "consents", pk)
    return learner


def get_consent_for_user(user, pk) -> Consent:
    """A consent the user may act on: the office any, a parent those of their children;
    404 for everyone else."""
    consents = Consent.objects.select_related("learner", "given_by_guardian")
    if not has_role(user, *CONSENT_OFFICE):
        consents = consents.filter(learner__in=represented_learners(user).values("pk"))
    consent = consents.filter(pk=pk).first()
    if consent is None:
        raise refuse(user, "consent", pk)
    return consent


# --- rules ------------------------------------------------------------------------------


def consent_check_give(
    *,
    learner: Learner,
    guardian: Guardian | None,
    scopes,
    given_on: date,
    note: str = "",
) -> list[ConsentScope]:
    """Raise the reason such a consent cannot be recorded; return its scopes."""
    today = timezone.localdate()
    if given_on > today:
        raise ValidationError(f"Дата согласия {given_on:%d.%m.%Y} ещё не наступила.")
    if given_on < learner.birth_date:
        raise ValidationError(
            f"Дата согласия {given_on:%d.%m.%Y} раньше даты рождения обучающегося "
            f"({learner.birth_date:%d.%m.%Y})."
        )
    if is_adult(learner, given_on):
        if guardian is not None:
            raise ValidationError(
                f"{learner.full_name} на {given_on:%d.%m.%Y} совершеннолетний(-яя): согласие "
                "даёт сам обучающийся, не законный представитель."
            )
    elif guardian is None:
        raise ValidationError(
            f"{learner.full_name} на {given_on:%d.%m.%Y} несовершеннолетний(-яя): согласие "
            "даёт законный представитель — выберите его."
        )
    elif not Guardianship.objects.filter(learner=learner, guardian=guardian).exists():
        raise ValidationError(
            f"{guardian.full_name} не указан(а) законным представителем обучающегося "
            f"{learner.full_name}."
        )
    chosen = []
    for value in scopes:
        if value not in ConsentScope.values:
            raise ValidationError(f"Неизвестная цель обработки «{value}».")
        if ConsentScope(value) not in chosen:
            chosen.append(ConsentScope(value))
    if not chosen:
        raise ValidationError("Отметьте, на что даётся согласие.")
    if BASE_SCOPE not in chosen:
        raise ValidationError(
            f"Согласие на {BASE_SCOPE.label} обязательно: без него остальные цели невозможны."
        )
    if len(note.strip()) > NOTE_LENGTH:
        raise ValidationError(f"Примечание — не длиннее {NOTE_LENGTH} символов.")
    active = Consent.objects.filter(learner=learner, withdrawn_on__isnull=True)
    active = (
        active.filter(given_by_learner=True)
        if guardian is None
        else active.filter(given_by_guardian=guardian)
    )
    existing = active.first()
    if existing is not None:
        giver = "обучающимся" if guardian is None else guardian.full_name
        raise ValidationError(
            f"Согласие уже дано ({giver}, {existing.given_on:%d.%m.%Y}). Чтобы изменить цели, "
            "сначала отзовите действующее согласие."
        )
    return sorted(chosen, key=list(ConsentScope).index)


@transaction.atomic
def consent_give(
    *,
    learner: Learner,
    guardian: Guardian | None,
    scopes,
    given_on: date,
    paper: bool = False,
    note: str = "",
    actor,
) -> Consent:
    """Record a consent. The office and the class teacher record it for any of the
    learner's representatives (or the adult learner); a parent gives it online for
    their own child, dated today, without a paper form."""
    own_guardian = getattr(actor, "guardian", None)
    family = (
        guardian is not None
        and own_guardian is not None
        and own_guardian.pk == guardian.pk
        and has_role(actor, Role.PARENT)
    )
    if not (family or records_consent(actor, learner)):
        raise PermissionDenied(NOT_RECORDER)
    # Two clerks recording the same family's form queue up here: the second one sees
    # the first one's consent and is refused as a duplicate.
    Learner.objects.select_for_update().filter(pk=learner.pk).first()
    chosen = consent_check_give(
        learner=learner, guardian=guardian, scopes=scopes, given_on=given_on, note=note
    )
    if family and not records_consent(actor, learner):
        if given_on != timezone.localdate():
            raise ValidationError("Согласие онлайн даётся сегодняшним числом.")
        # What the parent ticks online is the consent itself: no paper form exists.
        paper = False
    return Consent.objects.create(
        learner=learner,
        given_by_guardian=guardian,
        given_by_learner=guardian is None,
        given_on=given_on,
        paper=paper,
        note=note.strip(),
        recorded_by=actor,
        **{scope.value: scope in chosen for scope in ConsentScope},
    )


@transaction.atomic
def consent_withdraw(*, consent: Consent, reason: str = "", actor, on: date) -> Consent:
    """Withdraw a consent (152-FZ art. 9 §2): the representative who gave it, online
    and today; the office on a written request, with its reason and date."""
    locked = (
        # of=self: PostgreSQL locks no row on the nullable side of the guardian's join.
        Consent.objects.select_for_update(of=("self",))
        .select_related("given_by_guardian")
        .get(pk=consent.pk)
    )
    office = has_role(actor, *CONSENT_OFFICE)
    giver = (
        locked.given_by_guardian is not None
        and locked.given_by_guardian.user_id == actor.pk
        and has_role(actor, Role.PARENT)
    )
    if not (office or giver):
        raise PermissionDenied(NOT_WITHDRAWER)
    if locked.withdrawn_on is not None:
        raise ValidationError(f"Согласие уже отозвано {locked.withdrawn_on:%d.%m.%Y}.")
    reason = reason.strip()
    if on > timezone.localdate():
        raise ValidationError(f"Дата отзыва {on:%d.%m.%Y} ещё не наступила.")
    if on < locked.given_on:
        raise ValidationError(
            f"Дата отзыва {on:%d.%m.%Y} раньше даты согласия ({locked.given_on:%d.%m.%Y})."
        )
    if office and not reason:
        raise ValidationError(
            "Укажите основание отзыва, например «заявление законного представителя»."
        )
    if not office and on != timezone.localdate():
        raise ValidationError("Согласие онлайн отзывается сегодняшним числом.")
    if len(reason) > REASON_LENGTH:
        raise ValidationError(f"Основание отзыва — не длиннее {REASON_LENGTH} символов.")
    locked.withdrawn_on = on
    locked.withdrawn_by = actor
    locked.withdrawn_at = timezone.now()
    locked.withdrawal_reason = reason
    locked.save(update_fields=["withdrawn_on", "withdrawn_by", "withdrawn_at", "withdrawal_reason"])
    consent.withdrawn_on, consent.withdrawn_by = locked.withdrawn_on, actor
    consent.withdrawn_at, consent.withdrawal_reason = locked.withdrawn_at, reason
    return locked


# --- reads ------------------------------------------------------------------------------


def active_consents() -> QuerySet[Consent]:
    return Consent.objects.filter(withdrawn_on__isnull=True).select_related("given_by_guardian")


def consent_register(*, group=None, missing: bool = False) -> QuerySet[Learner]:
    """Learners now enrolled, those without an active consent to the base scope first,
    each with ``has_consent`` and their active consents (``active_consents``, prefetched):
    a page of it costs the same few queries however many rows it shows."""
    current = Enrollment.objects.filter(ended_on__isnull=True)
    if group is not None:
        current = current.filter(group=group)
    base = Consent.objects.filter(
        learner=OuterRef("pk"), withdrawn_on__isnull=True, **{BASE_SCOPE.value: True}
    )
    learners = Learner.objects.filter(pk__in=current.values("learner")).annotate(
        has_consent=Exists(base)
    )
    if missing:
        learners = learners.filter(has_consent=False)
    return learners.prefetch_related(
        Prefetch("consents", queryset=active_consents(), to_attr="active_consents")
    ).order_by("has_consent", "last_name", "first_name", "patronymic", "pk")


def consent_history(learner: Learner) -> QuerySet[Consent]:
    return learner.consents.select_related(
        "given_by_guardian", "recorded_by", "withdrawn_by"
    ).order_by("-given_on", "-pk")


def family_consents(user) -> list[Learner]:
    """The parent's children, each with its active consents (``active_consents``) and
    the one this parent gave (``own_consent``, or None)."""
    guardian = getattr(user, "guardian", None)
    guardian_id = guardian.pk if guardian is not None else None
    children = list(
        represented_learners(user)
        .prefetch_related(
            Prefetch(
                "consents",
                queryset=active_consents().order_by("given_on", "pk"),
                to_attr="active_consents",
            )
        )
        .order_by("last_name", "first_name", "pk")
    )
    today = timezone.localdate()
    for child in children:
        child.own_consent = next(
            (c for c in child.active_consents if c.given_by_guardian_id == guardian_id), None
        )
        child.is_adult = is_adult(child, today)
    return children
