"""Reads of the final attestation, scoped by the one access policy: the training groups
with their commissions, one commission's results grid (each listener's module results,
so the commission sees who is admitted), a listener's passed result for the book of
qualification documents, and the contracted learners' results for the customer. Page
reads do not grow in queries with their rows."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q

from achievements.models import (
    AttestationCommission,
    FinalAttestationResult,
    MarkKind,
    PeriodMark,
)
from learners.access import final_attestation_groups, refuse
from learners.models import CurriculumLine, Enrollment, ScaleValue, StudyGroup

EMPTY = {"form": "", "work_topic": "", "work_mark": "", "final_mark": "", "qualification": ""}


def index_groups(user) -> list[StudyGroup]:
    """The training groups the user may open, latest year first, each with its
    commissions (and their members): three queries."""
    return list(
        final_attestation_groups(user)
        .select_related("year", "programme")
        .prefetch_related(
            Prefetch(
                "commissions",
                queryset=AttestationCommission.objects.prefetch_related("members").order_by(
                    "-held_on", "-pk"
                ),
            )
        )
        .order_by("-year__starts_on", "name")
    )


def get_group_or_404(user, pk) -> StudyGroup:
    group = (
        final_attestation_groups(user)
        .select_related("year", "programme", "class_teacher")
        .filter(pk=pk)
        .first()
    )
    if group is None:
        raise refuse(user, "final_attestation_group", pk)
    return group


def visible_commissions(user):
    return AttestationCommission.objects.filter(group__in=final_attestation_groups(user))


def get_commission_or_404(user, pk) -> AttestationCommission:
    commission = (
        visible_commissions(user)
        .select_related("group__year", "group__programme", "scale", "created_by")
        .prefetch_related("members")
        .filter(pk=pk)
        .first()
    )
    if commission is None:
        raise refuse(user, "attestation_commission", pk)
    return commission


def roster(group: StudyGroup, day: date) -> list[Enrollment]:
    """The group's listeners enrolled on ``day``, alphabetically."""
    return list(
        Enrollment.objects.filter(group=group, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name", "learner__patronymic", "pk")
    )


def modules(group: StudyGroup) -> list[CurriculumLine]:
    """The modules, disciplines and practices of the group's curriculum, with hours, in
    the order the plan was entered: a programme's plan lists its modules in the order
    they are taught (М1, М2, …, then the practice), which no name sorts into."""
    return list(
        CurriculumLine.objects.filter(programme_id=group.programme_id, grade=group.grade)
        .select_related("subject")
        .order_by("pk")
    )


def scale_marks(scale_id: int) -> dict[str, bool]:
    """The marks a commission on this scale may give → whether each is positive."""
    return dict(
        ScaleValue.objects.filter(scale_id=scale_id, is_enabled=True, is_special=False)
        .order_by("order")
        .values_list("code", "is_passing")
    )


@dataclass
class ModuleCell:
    name: str
    value: str
    passing: bool


@dataclass
class Row:
    learner: object
    modules: list[ModuleCell]
    values: dict[str, str]
    version: int
    admitted: bool
    admission_note: str = ""


@dataclass
class Grid:
    commission: AttestationCommission
    modules: list[CurriculumLine]
    marks: dict[str, bool]
    rows: list[Row] = field(default_factory=list)


def results_grid(commission: AttestationCommission) -> Grid:
    """Listeners of the group on the day of the sitting × their module results (year
    marks), with their result before the commission: six queries, whatever the size.
    A listener is admitted when every module has a positive result."""
    group = commission.group
    enrolled = roster(group, commission.held_on)
    lines = modules(group)
    learner_ids = [e.learner_id for e in enrolled]
    subject_ids = [line.subject_id for line in lines]
    module_marks = {
        (m.learner_id, m.subject_id): m.value.strip()
        for m in PeriodMark.objects.filter(
            learner_id__in=learner_ids,
            subject_id__in=subject_ids,
            kind=MarkKind.YEAR,
            year_id=group.year_id,
        ).only("learner_id", "subject_id", "value")
    }
    passing = {
        (scale_id, code)
        for scale_id, code in ScaleValue.objects.filter(
            scale_id__in={line.subject.grading_scale_id for line in lines}, is_passing=True
        ).values_list("scale_id", "code")
    }
    results = {
        r.learner_id: r
        for r in FinalAttestationResult.objects.filter(
            commission=commission, learner_id__in=learner_ids
        )
    }
    grid = Grid(commission, lines, scale_marks(commission.scale_id))
    for enrollment in enrolled:
        cells, missing, failed = [], [], []
        for line in lines:
            value = module_marks.get((enrollment.learner_id, line.subject_id), "")
            ok = (line.subject.grading_scale_id, value) in passing
            cells.append(ModuleCell(line.subject.name, value, ok))
            if not value:
                missing.append(line.subject.name)
            elif not ok:
                failed.append(line.subject.name)
        note = "; ".join(
            part
            for part in (
                f"нет результата: {', '.join(missing)}" if missing else "",
                f"не освоено: {', '.join(failed)}" if failed else "",
            )
            if part
        )
        result = results.get(enrollment.learner_id)
        grid.rows.append(
            Row(
                learner=enrollment.learner,
                modules=cells,
                values=result.values() if result else dict(EMPTY),
                version=result.version if result else 0,
                admitted=not missing and not failed,
                admission_note=note,
            )
        )
    return grid


def passed_result(learner, *, academic_year=None) -> FinalAttestationResult | None:
    """The listener's latest positive final attestation result (in ``academic_year``'s
    groups when given), or None: a qualification document is issued only on it."""
    results = (
        FinalAttestationResult.objects.filter(learner=learner)
        .exclude(final_mark="")
        .select_related("commission__group__programme", "commission__group__year")
        .order_by("-commission__held_on", "-pk")
    )
    if academic_year is not None:
        results = results.filter(commission__group__year=academic_year)
    for result in results:
        if scale_marks(result.commission.scale_id).get(result.final_mark):
            return result
    return None


def module_results(learner, group: StudyGroup) -> list[dict]:
    """The listener's module results as the book of documents records them."""
    lines = modules(group)
    marks = dict(
        PeriodMark.objects.filter(
            learner=learner,
            subject_id__in=[line.subject_id for line in lines],
            kind=MarkKind.YEAR,
            year_id=group.year_id,
        ).values_list("subject_id", "value")
    )
    return [
        {"subject": line.subject.name, "hours": line.hours, "mark": marks.get(line.subject_id, "")}
        for line in lines
    ]


def learners_results(learner_ids, *, group: StudyGroup, start: date, end: date) -> dict:
    """For the customer's page: each learner's results before the commissions of
    ``group`` that sat within the span, latest first — one query."""
    found: dict[int, list[FinalAttestationResult]] = {}
    for result in (
        FinalAttestationResult.objects.filter(
            learner_id__in=learner_ids,
            commission__group=group,
            commission__held_on__range=(start, end),
        )
        .exclude(final_mark="", work_mark="")
        .select_related("commission")
        .order_by("-commission__held_on", "-pk")
    ):
        found.setdefault(result.learner_id, []).append(result)
    return found


def passed_learners(academic_year):
    """Learners with a positive final attestation result before a commission of the
    year's groups: those a qualification document may be recorded for."""
    from django.db.models import Exists, OuterRef

    from learners.models import Learner

    positive = ScaleValue.objects.filter(
        scale=OuterRef("commission__scale"),
        code=OuterRef("final_mark"),
        is_passing=True,
        is_special=False,
        is_enabled=True,
    )
    results = FinalAttestationResult.objects.filter(
        Exists(positive), commission__group__year=academic_year
    )
    return Learner.objects.filter(pk__in=results.values("learner")).order_by(
        "last_name", "first_name", "patronymic"
    )
