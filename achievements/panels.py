"""The journal's and the statistics' panels of the start pages (common/panels.py):
the organisation's progress and quality with their trend, the periods to close and the
journals behind (overview); the class's figures, the learners who need attention and
the achievements to confirm (my class); each journal with what is missing (my classes).

Each panel reads a fixed number of queries whatever the number of classes, learners
and marks: the figures come from aggregates (achievements.statistics, the journal's
completeness) and the lists are cut to a few rows with a link to the full page."""

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone

from achievements import selectors
from achievements.models import (
    Achievement,
    AchievementStatus,
    Exemption,
    MarkKind,
    PeriodMark,
)
from achievements.statistics.attention_scope import attention_counts
from achievements.statistics.core import (
    group_statistics,
    organisation_statistics,
    previous_scope,
    scope_of,
)
from common.charts import Series, line_chart
from common.panels import register, shared
from learners import selectors as learner_selectors
from learners.access import has_role, staff_id_of, teaching_assignments
from learners.models import (
    Enrollment,
    Role,
    StudyGroup,
    StudyPeriod,
    SubjectKind,
    TeachingAssignment,
)

# Rows a panel lists before «и ещё N»: a start page shows what waits, the full list
# is one click away.
SHOWN = 10

# A journal is behind when at least this share of its class has fewer marks than the
# attestation rule asks for — counted once half of the period has passed (before that
# few marks are normal) — or when a lesson has no topic.
BEHIND_SHARE = 0.5


def register_panels() -> None:
    register("overview", "statistics", overview_statistics, order=10)
    register("overview", "periods", overview_periods, order=40)
    register("overview", "journals", overview_journals, order=50)
    register("my_class", "figures", class_figures, order=10)
    register("my_class", "proposals", class_proposals, order=30)
    register("my_classes", "journals", teacher_journals, order=10)


# --- what the panels of one page share ----------------------------------------------------


def _today(request):
    return shared(request, "today", timezone.localdate)


def _year(request):
    return shared(request, "year", learner_selectors.current_year)


def _periods(request) -> list[StudyPeriod]:
    year = _year(request)
    return shared(
        request,
        "periods",
        lambda: (
            list(StudyPeriod.objects.filter(year=year).select_related("year").order_by("starts_on"))
            if year
            else []
        ),
    )


def _ended(request) -> list[StudyPeriod]:
    return [p for p in _periods(request) if p.ends_on < _today(request)]


def _rule(request):
    return shared(request, "attestation_rule", selectors.attestation_rule)


def _render(template: str, request, context: dict) -> str:
    return render_to_string(template, context, request=request)


def _half_passed(period: StudyPeriod, today) -> bool:
    return today >= period.starts_on + (period.ends_on - period.starts_on) / 2


def _active_counts(group_ids) -> dict[int, int]:
    """{group id: learners enrolled now}, one query."""
    return dict(
        StudyGroup.objects.filter(pk__in=group_ids)
        .values_list("pk")
        .annotate(n=Count("enrollments", filter=Q(enrollments__ended_on__isnull=True)))
    )


# --- overview ------------------------------------------------------------------------------


def overview_statistics(request) -> str:
    """The organisation's progress and quality by the periods of the year that are
    over, after the last period of the year before: one statistics call per period (a
    handful a year), each a fixed number of queries."""
    if not has_role(request.user, Role.DEPUTY, Role.DIRECTOR):
        return ""
    year = _year(request)
    if year is None:
        return ""
    # A period under way has no period marks yet (a credited one, perhaps): its
    # figures would speak for a handful of learners, so the panel shows periods over.
    scopes = [scope_of(year=year, period=p) for p in _ended(request)]
    before = previous_scope(scopes[0] if scopes else scope_of(year=year, period=None))
    if before is not None and before.period is not None:
        scopes.insert(0, before)
    rows = [
        (scope.period.name if scope.year == year else scope.label,
         organisation_statistics(scope=scope).totals)
        for scope in scopes
    ]  # fmt: skip
    rows = [(label, totals) for label, totals in rows if totals.attested]
    current = rows[-1] if rows else None
    previous = rows[-2] if len(rows) > 1 else None
    chart = line_chart(
        title="Успеваемость и качество по периодам",
        x_labels=[label for label, _ in rows],
        series=[
            Series("Успеваемость, %", [t.progress_percent for _, t in rows]),
            Series("Качество, %", [t.quality_percent for _, t in rows]),
        ],
        y_min=0,
        y_max=100,
        y_label="%",
        places=1,
    )
    return _render(
        "achievements/panels/statistics.html",
        request,
        {
            "year": year,
            "rows": rows,
            "current": current,
            "progress_delta": _delta(current, previous, "progress_percent"),
            "quality_delta": _delta(current, previous, "quality_percent"),
            "chart": chart if rows else "",
        },
    )


def _delta(current, previous, name) -> str:
    """«+2,5» / «−1,0»: percentage points since the period attested before."""
    if current is None or previous is None:
        return ""
    now, before = getattr(current[1], name), getattr(previous[1], name)
    if now is None or before is None:
        return ""
    change = now - before
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    return f"{sign}{abs(change):.1f}".replace(".", ",")


def overview_periods(request) -> str:
    """Periods of the year that have ended and are not closed for the whole
    organisation, with how many classes are closed one by one."""
    if not has_role(request.user, Role.DEPUTY, Role.DIRECTOR):
        return ""
    year = _year(request)
    if year is None:
        return ""
    today = _today(request)
    ended = [p for p in _periods(request) if p.ends_on < today]
    waiting = []
    if ended:
        closures = selectors.closures_in_force(year=year)
        total = StudyGroup.objects.filter(year=year).count()
        for period in ended:
            if (period.pk, None) in closures:
                continue
            closed = sum(1 for p, g in closures if p == period.pk and g is not None)
            if total and closed >= total:
                continue
            waiting.append({"period": period, "closed": closed, "total": total})
    return _render(
        "achievements/panels/periods.html",
        request,
        {"waiting": waiting, "closes": has_role(request.user, Role.DEPUTY)},
    )


def overview_journals(request) -> str:
    """Journals of the current period behind: lessons without a topic, or many learners
    with fewer marks than the attestation rule asks for."""
    if not has_role(request.user, Role.DEPUTY, Role.DIRECTOR):
        return ""
    year = _year(request)
    period = selectors.current_period(_periods(request))
    if year is None or period is None:
        return ""
    journals = list(
        TeachingAssignment.objects.filter(group__year=year)
        .select_related("group", "subject", "teacher")
        .order_by("group__grade", "group__name", "subject__name", "pk")
    )
    lines = _completeness(request, journals, year=year, period=period)
    behind = [line for line in lines if line["behind"]]
    behind.sort(key=lambda line: (-line["few_marks"], -line["untitled"]))
    return _render(
        "achievements/panels/journals_behind.html",
        request,
        {
            "period": period,
            "behind": behind[:SHOWN],
            "more": max(len(behind) - SHOWN, 0),
            "count": len(behind),
            "min_marks": _rule(request).min_marks,
        },
    )


def _completeness(request, journals, *, year, period) -> list[dict]:
    """Each journal (a teaching assignment) with its lessons without a topic and its
    learners with too few marks. Four queries, whatever the number of journals."""
    if not journals:
        return []
    rule = _rule(request)
    stats, enough = selectors.journal_completeness(
        year=year, period=period, min_marks=rule.min_marks
    )
    roster = _active_counts({j.group_id for j in journals})
    counts_marks = _half_passed(period, _today(request))
    lines = []
    for journal in journals:
        key = (journal.group_id, journal.subject_id)
        row = stats.get(key, {})
        learners = roster.get(journal.group_id, 0)
        few = max(learners - enough.get(key, 0), 0) if row.get("total") else 0
        if journal.subject.kind == SubjectKind.EXTRACURRICULAR:
            # The minimum of marks is the attestation rule's, for subjects: a course's
            # result is not proposed from a mean (achievements.attestation).
            few = 0
        untitled = row.get("untitled", 0)
        lines.append(
            {
                "journal": journal,
                "lessons": row.get("total", 0),
                "untitled": untitled,
                "learners": learners,
                "few_marks": few,
                "behind": bool(untitled)
                or (counts_marks and learners and few >= learners * BEHIND_SHARE),
            }
        )
    return lines


# --- my class ------------------------------------------------------------------------------


def _homeroom(request) -> list[StudyGroup]:
    return shared(
        request,
        "homeroom",
        lambda: list(learner_selectors.homeroom_groups(request.user, year=_year(request))),
    )


def class_figures(request) -> str:
    """The class's progress, quality, mean and learners behind for the last period
    attested, beside the learners who need attention now."""
    if not has_role(request.user, Role.CLASS_TEACHER):
        return ""
    groups = _homeroom(request)
    year = _year(request)
    if not groups or year is None:
        return ""
    # The period under way has no period marks until it ends: the figures are those
    # of the last period over.
    ended = _ended(request)
    scope = scope_of(year=year, period=ended[-1]) if ended else None
    stats = group_statistics(scope=scope, groups=groups) if scope else []
    attention = _attention(request, groups, year)
    return _render(
        "achievements/panels/class_figures.html",
        request,
        {
            "scope": scope,
            "classes": [
                {
                    "group": g,
                    "stats": next((s for s in stats if s.group_id == g.pk), None),
                    "attention": attention.get(g.pk, 0),
                }
                for g in groups
            ],
        },
    )


def _attention(request, groups, year) -> dict[int, int]:
    """{group id: learners who need attention now} (achievements.statistics.attention)."""
    period = selectors.current_period(_periods(request))
    return attention_counts(user=request.user, year=year, period=period)


def class_proposals(request) -> str:
    """Achievements the families proposed for the portfolio, waiting for the class
    teacher's confirmation: of the learners now in their classes."""
    if not has_role(request.user, Role.CLASS_TEACHER):
        return ""
    groups = _homeroom(request)
    if not groups:
        return ""
    proposals = Achievement.objects.filter(
        status=AchievementStatus.PROPOSED,
        learner__enrollments__group__in=groups,
        learner__enrollments__ended_on__isnull=True,
    ).distinct()
    shown = list(
        proposals.select_related("learner", "category").order_by("created_at", "pk")[:SHOWN]
    )
    count = proposals.count()
    return _render(
        "achievements/panels/proposals.html",
        request,
        {"proposals": shown, "count": count, "more": count - len(shown), "groups": groups},
    )


# --- my classes ----------------------------------------------------------------------------


def teacher_journals(request) -> str:
    """Each of the teacher's journals of the current period with what is missing:
    lessons without a topic, learners with too few marks, and the period marks not
    set for the period that ended last."""
    if not has_role(request.user, Role.TEACHER) or staff_id_of(request.user) is None:
        return ""
    year = _year(request)
    period = selectors.current_period(_periods(request))
    if year is None or period is None:
        return ""
    journals = list(
        teaching_assignments(request.user)
        .filter(group__year=year)
        .select_related("group", "subject")
        .order_by("group__grade", "group__name", "subject__name", "pk")
    )
    if not journals:
        return ""
    lines = _completeness(request, journals, year=year, period=period)
    today = _today(request)
    ended = [p for p in _periods(request) if p.ends_on < today]
    last_ended = ended[-1] if ended else None
    unset = _unset_period_marks(journals, last_ended) if last_ended else {}
    for line in lines:
        journal = line["journal"]
        line["unset"] = unset.get((journal.group_id, journal.subject_id), 0)
        line["missing"] = bool(line["untitled"] or line["behind"] or line["unset"])
    return _render(
        "achievements/panels/teacher_journals.html",
        request,
        {
            "period": period,
            "last_ended": last_ended,
            "lines": lines,
            "min_marks": _rule(request).min_marks,
            "all_done": not any(line["missing"] for line in lines),
        },
    )


def _unset_period_marks(journals, period: StudyPeriod) -> dict[tuple[int, int], int]:
    """{(group, subject): learners in the class now, and since before the period's end,
    with no period mark for it}. A learner exempt from the subject for the period is
    not waiting for a mark. Three queries; rows as many as the teacher's learners."""
    group_ids = {j.group_id for j in journals}
    subject_ids = {j.subject_id for j in journals}
    members = list(
        Enrollment.objects.filter(
            group_id__in=group_ids, ended_on__isnull=True, started_on__lte=period.ends_on
        ).values_list("group_id", "learner_id")
    )
    learner_ids = {learner for _, learner in members}
    done = set(
        PeriodMark.objects.filter(
            kind=MarkKind.PERIOD, period=period, subject_id__in=subject_ids,
            learner_id__in=learner_ids,
        )
        .exclude(value="")
        .values_list("learner_id", "subject_id")
    )  # fmt: skip
    done |= set(
        Exemption.objects.filter(
            learner_id__in=learner_ids, subject_id__in=subject_ids, starts_on__lte=period.ends_on
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.ends_on))
        .values_list("learner_id", "subject_id")
    )
    by_group: dict[int, list[int]] = {}
    for group_id, learner_id in members:
        by_group.setdefault(group_id, []).append(learner_id)
    return {
        (j.group_id, j.subject_id): sum(
            1 for learner in by_group.get(j.group_id, []) if (learner, j.subject_id) not in done
        )
        for j in journals
    }
