"""Reads of academic debts: scoped by the one access policy, with what a list or a
card shows joined in, so a page's query count does not grow with its rows."""

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
    When,
)

from achievements.models import AcademicDebt, DebtAttempt, DebtStatus, MarkKind, PeriodMark
from learners.access import (
    JournalAccess,
    journal_access,
    journal_scope,
    refuse,
    sees_all_results,
)

SHOWN = ("learner", "subject", "group", "mark__period__year", "mark__year")


def mark_label(mark: PeriodMark) -> str:
    """What the mark is for, as a family reads it: «1-я четверть 2026/2027»."""
    if mark.kind == MarkKind.PERIOD:
        return f"{mark.period.name} {mark.year.name}"
    return f"{mark.get_kind_display().lower()} отметка {mark.year.name}"


def visible_debts(user) -> QuerySet[AcademicDebt]:
    """The deputy and the director: every debt; a teacher and a class teacher: the
    debts of the journals they may open (their subject in a class, their class)."""
    if sees_all_results(user):
        return AcademicDebt.objects.all()
    journals = journal_scope(user).filter(group=OuterRef("group"), subject=OuterRef("subject"))
    return AcademicDebt.objects.filter(Exists(journals))


def debt_rows(user, *, status: str = "", group=None, subject=None) -> QuerySet[AcademicDebt]:
    """The list of debts, open ones first by their term; ``status``: a DebtStatus
    value or "" for all."""
    debts = visible_debts(user).select_related(*SHOWN).annotate(attempt_count=Count("attempts"))
    if status:
        debts = debts.filter(status=status)
    if group is not None:
        debts = debts.filter(group=group)
    if subject is not None:
        debts = debts.filter(subject=subject)
    open_first = Case(
        When(status=DebtStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return debts.order_by(open_first, "deadline", "learner__last_name", "learner__first_name", "pk")


def get_debt_for_user(user, pk) -> AcademicDebt:
    """The debt with its attempts and history, or the 404 of a foreign object: it is
    seen by whoever may open the journal that gave the mark."""
    debt = (
        AcademicDebt.objects.select_related(*SHOWN, "subject__grading_scale", "closed_by")
        .prefetch_related(
            Prefetch("attempts", queryset=DebtAttempt.objects.select_related("recorded_by")),
            "changes__changed_by",
        )
        .filter(pk=pk)
        .first()
    )
    if debt is None or (
        journal_access(user, group_id=debt.group_id, subject_id=debt.subject_id)
        < JournalAccess.READ
    ):
        raise refuse(user, "debt", pk)
    return debt


def debts_for_learner(learner, *, subject_ids=None) -> list[AcademicDebt]:
    """A learner's open debts for the family's e-diary, each with its attempts;
    ``subject_ids`` (None: all) narrows them to what the reader may see."""
    debts = AcademicDebt.objects.filter(learner=learner, status=DebtStatus.OPEN)
    if subject_ids is not None:
        debts = debts.filter(subject_id__in=subject_ids)
    debts = debts.select_related("subject", "mark__period__year", "mark__year").prefetch_related(
        Prefetch("attempts", queryset=DebtAttempt.objects.order_by("number"))
    )
    rows = list(debts.order_by("deadline", "subject__name", "pk"))
    for debt in rows:
        debt.label = mark_label(debt.mark)
    return rows
