"""The group's statements: the statement (protocol) of intermediate or final
attestation of one subject (004 §2.3–2.4) and the summary statement of progress of a
class for a period or the year. Both read a fixed number of queries, whatever the
number of learners and subjects.

The summary statement is computed by ``archive.summary`` — the same code the period
snapshots use — so that the statement printed today and the archived one agree."""

from django.core.exceptions import ValidationError
from django.db.models import Q

from achievements.models import Exemption, MarkKind, PeriodMark
from archive.collect import ClassData, Scope, _roster
from archive.documents.content.common import organisation_content
from archive.summary import COUNTED_VALUES, NOT_ATTESTED, numeric, summary
from learners.models import CurriculumLine, OrganisationKind, Subject, TeachingAssignment

MARK_KINDS = {
    "period": MarkKind.PERIOD,
    "year": MarkKind.YEAR,
    "final": MarkKind.FINAL,
}


def subject_word(org: dict, *, plural: bool = False) -> str:
    """«Дисциплина» in a training company (004 §2.6), «предмет» elsewhere."""
    if org["kind"] == OrganisationKind.TRAINING:
        return "дисциплины" if plural else "дисциплина"
    return "предметы" if plural else "предмет"


IN_GROUP = {
    OrganisationKind.SCHOOL: "в классе",
    OrganisationKind.ADDITIONAL: "в объединении",
    OrganisationKind.TRAINING: "в учебной группе",
}


def in_group(org: dict, group) -> str:
    return f"{IN_GROUP[OrganisationKind(org['kind'])]} {group.name}"


def subject_dative(org: dict) -> str:
    return "дисциплине" if org["kind"] == OrganisationKind.TRAINING else "предмету"


def group_subjects(group) -> list[Subject]:
    """The subjects of the group: its year of the curriculum and its teaching
    assignments, alphabetically (one query)."""
    return list(
        Subject.objects.filter(
            Q(curriculumline__programme=group.programme_id, curriculumline__grade=group.grade)
            | Q(teachingassignment__group=group)
        )
        .distinct()
        .order_by("name")
    )


def curriculum_hours(group) -> dict[int, int]:
    """Hours of each subject in the group's year of the curriculum."""
    return dict(
        CurriculumLine.objects.filter(programme=group.programme_id, grade=group.grade).values_list(
            "subject_id", "hours"
        )
    )


def scope_of(group, period) -> Scope:
    if period is not None and period.year_id != group.year_id:
        raise ValidationError(
            f"Период «{period.name}» не относится к учебному году {group.year.name} "
            f"класса {group.name}."
        )
    return Scope(year=group.year, period=period)


def class_teacher_name(group) -> str:
    return group.class_teacher.full_name if group.class_teacher_id else ""


# --- the statement (protocol) of attestation -------------------------------------------


def _statement_heading(org: dict, mark_kind: str) -> str:
    training = org["kind"] == OrganisationKind.TRAINING
    document = "Протокол" if training else "Ведомость"
    if mark_kind == MarkKind.FINAL:
        return f"{document} итоговой аттестации"
    return f"{document} промежуточной аттестации"


def _scope_label(mark_kind: str, scope: Scope) -> str:
    if mark_kind == MarkKind.PERIOD:
        return f"{scope.period.name} {scope.year.name} учебного года"
    if mark_kind == MarkKind.YEAR:
        return f"годовые отметки, {scope.year.name} учебный год"
    return f"итоговые отметки, {scope.year.name} учебный год"


def _statement_rows(roster, marks: dict) -> list[dict]:
    rows = []
    for number, enrollment in enumerate(roster, start=1):
        mark = marks.get(enrollment.learner_id)
        value = mark.value.strip() if mark is not None else ""
        rows.append(
            {
                "number": number,
                "name": enrollment.learner.full_name,
                "mark": value,
                "credited": bool(mark is not None and mark.is_credited and value),
                "credit_note": mark.credit_note if mark is not None and value else "",
            }
        )
    return rows


def _statement_counts(values: list[str]) -> list[dict]:
    """Each mark of the five-point scale, then any other value given (зач, осв)."""
    shown = [value for value in COUNTED_VALUES if value != NOT_ATTESTED]
    shown += sorted(set(values) - set(COUNTED_VALUES) - {""})
    return [{"value": value, "count": values.count(value)} for value in shown]


def attestation_statement(*, group, subject, period=None, mark_kind: str = "period") -> dict:
    """The learners enrolled in ``group`` during the period (or the year), each with
    their mark of ``subject`` of ``mark_kind`` (a period, the year or final)."""
    if mark_kind not in MARK_KINDS:
        raise ValidationError("Выберите вид аттестации: за период, годовая или итоговая.")
    kind = MARK_KINDS[mark_kind]
    if kind == MarkKind.PERIOD and period is None:
        raise ValidationError("Выберите период.")
    if kind != MarkKind.PERIOD:
        period = None
    org = organisation_content()
    scope = scope_of(group, period)
    roster = _roster(group, scope)
    marks_filter = Q(period=period) if period is not None else Q(year=group.year)
    marks = {
        mark.learner_id: mark
        for mark in PeriodMark.objects.filter(
            marks_filter,
            kind=kind,
            subject=subject,
            learner__in=[enrollment.learner_id for enrollment in roster],
        )
    }
    scope_label = _scope_label(kind, scope)
    if not any(mark.value.strip() for mark in marks.values()):
        raise ValidationError(
            f"Нет отметок по {subject_dative(org)} «{subject.name}» {in_group(org, group)} "
            f"({scope_label}): ведомость составлять не из чего."
        )
    rows = _statement_rows(roster, marks)
    values = [row["mark"] for row in rows]
    teachers = TeachingAssignment.objects.filter(group=group, subject=subject).select_related(
        "teacher"
    )
    heading = _statement_heading(org, kind)
    return {
        "organisation": org,
        "title": f"{heading} — {subject.name}, {group.name}, {scope_label}"[:200],
        "heading": heading,
        "mark_kind": str(kind),
        "scope_label": scope_label,
        "group": group.name,
        "group_word": org["terms"]["group"],
        "academic_year": group.year.name,
        "period": period.name if period is not None else "",
        "subject": subject.name,
        "subject_word": subject_word(org),
        "hours": curriculum_hours(group).get(subject.pk),
        "teachers": [a.teacher.full_name for a in teachers],
        "rows": rows,
        "counts": _statement_counts(values),
        "not_attested": values.count(NOT_ATTESTED),
        "without_mark": values.count(""),
        "credited": sum(1 for row in rows if row["credited"]),
        "learners": len(rows),
        "class_teacher": "",
    }


# --- the summary statement of progress ---------------------------------------------------


def _class_data(group, scope: Scope) -> ClassData:
    """What ``archive.summary`` needs of a class, without the journal: the roster, the
    subjects, the marks of the scope and the exemptions (five queries)."""
    roster = _roster(group, scope)
    learner_ids = [enrollment.learner_id for enrollment in roster]
    subjects = group_subjects(group)
    marks = list(
        PeriodMark.objects.filter(
            Q(kind=MarkKind.PERIOD, period=scope.period)
            if scope.period
            else Q(kind=MarkKind.YEAR, year=scope.year),
            learner__in=learner_ids,
            subject__in=[subject.pk for subject in subjects],
        )
    )
    exemptions = list(
        Exemption.objects.filter(learner__in=learner_ids, starts_on__lte=scope.ends_on).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=scope.starts_on)
        )
    )
    return ClassData(
        scope=scope,
        organisation=None,
        group=group,
        roster=roster,
        subjects=subjects,
        lessons=[],
        cells={},
        cell_changes=[],
        marks=marks,
        mark_changes=[],
        exemptions=exemptions,
        state_exams=[],
        achievements=[],
        applications=[],
    )


def progress_category(values: list[str]) -> str:
    """Where a learner stands on the five-point scale, from their attested marks:
    «не аттестован» (no marks or any «н/а»), «неуспевающий» (any mark that is not a
    pass: «2», «1», «незач»), «отличник» (all «5»), «на 4 и 5», «с одной 3», or
    «успевающий» (passing with more than one «3»)."""
    values = [value for value in values if value]
    if not values or NOT_ATTESTED in values:
        return "not_attested"
    numbers = [numeric(value) for value in values]
    if any(n is not None and n < 3 for n in numbers) or any(
        n is None and value.startswith("не") for n, value in zip(numbers, values, strict=True)
    ):
        return "failing"
    marks = [n for n in numbers if n is not None]
    if marks and all(n == 5 for n in marks):
        return "excellent"
    threes = marks.count(3)
    if threes == 0:
        return "good"
    if threes == 1:
        return "one_three"
    return "passing"


CATEGORY_LABELS = {
    "excellent": "Отличники (все «5»)",
    "good": "Успевающие на «4» и «5»",
    "one_three": "С одной «3»",
    "passing": "Успевающие с «3»",
    "failing": "Неуспевающие",
    "not_attested": "Не аттестованы",
}


def _summary_rows(result) -> tuple[list[dict], dict[str, int]]:
    rows, categories = [], dict.fromkeys(CATEGORY_LABELS, 0)
    for row in result.rows:
        values = [entry.value for entry in row.entries]
        category = progress_category(values)
        categories[category] += 1
        rows.append(
            {
                "number": row.number,
                "name": row.learner_name,
                "marks": [
                    {"shown": entry.shown, "credited": entry.credited} for entry in row.entries
                ],
                "counts": [values.count(value) for value in COUNTED_VALUES],
                "mean": _decimal(row.mean),
                "category": CATEGORY_LABELS[category],
            }
        )
    return rows, categories


def summary_statement(*, group, period=None) -> dict:
    """Learners × subjects of the period (or, period None, year) marks of ``group``,
    each learner's counts and the class totals."""
    org = organisation_content()
    scope = scope_of(group, period)
    data = _class_data(group, scope)
    result = summary(data)
    if not any(entry.attested for row in result.rows for entry in row.entries):
        raise ValidationError(
            f"Нет ни одной {'отметки за период' if period else 'годовой отметки'} "
            f"{in_group(org, group)} ({_summary_scope(scope)}): сводную ведомость "
            "составлять не из чего."
        )
    rows, categories = _summary_rows(result)
    total = result.class_total
    return {
        "organisation": org,
        "title": f"Сводная ведомость успеваемости — {group.name}, {_summary_scope(scope)}",
        "group": group.name,
        "group_word": org["terms"]["group"],
        "academic_year": scope.year.name,
        "scope_label": _summary_scope(scope),
        "mark_label": "отметки за период" if period else "годовые отметки",
        "subject_word": subject_word(org, plural=True),
        "subjects": [name for _, name in result.subjects],
        "counted_values": list(COUNTED_VALUES),
        "rows": rows,
        "subject_totals": [
            {
                "name": t.subject_name,
                "counts": [t.counts[value] for value in COUNTED_VALUES],
                "mean": _decimal(t.mean),
                "progress": _percent(t.progress_percent),
                "quality": _percent(t.quality_percent),
            }
            for t in result.subject_totals
        ],
        "categories": [
            {"label": label, "count": categories[key]} for key, label in CATEGORY_LABELS.items()
        ],
        "learners": total.learners,
        "attested": total.attested,
        "passing": total.passing,
        "quality": total.quality,
        "progress_percent": _percent(total.progress_percent),
        "quality_percent": _percent(total.quality_percent),
        "class_teacher": class_teacher_name(group),
    }


def _summary_scope(scope: Scope) -> str:
    if scope.period is not None:
        return f"{scope.period.name} {scope.year.name} учебного года"
    return f"{scope.year.name} учебный год"


def _decimal(value) -> str:
    return str(value).replace(".", ",") if value is not None else ""


def _percent(value) -> str:
    return f"{value} %".replace(".", ",") if value is not None else "—"
