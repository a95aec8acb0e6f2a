"""The class teacher's certification of a learner's final results for a year of study
in the personal file (001 §3.7): a recorded action with who and when, and the marks it
certified. A later change of those marks leaves the sign-off in place but stale; signing
again adds a new row, so the history of certifications is kept."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from archive.documents.content.learner import year_results
from archive.models import YearResultsSignoff
from learners.models import Enrollment, Learner, Staff

SIGNED, STALE, UNSIGNED = "signed", "stale", "unsigned"
STATUS_LABELS = {
    SIGNED: "заверено",
    STALE: "не заверено: отметки изменены после заверения",
    UNSIGNED: "не заверено",
}


def _value(mark: dict | None) -> str:
    return mark["value"] if mark else ""


def marks_snapshot(rows: list[dict]) -> list[dict]:
    """What a sign-off certifies: each subject's year and final marks, and whether
    they were credited, in subject order. Two snapshots are equal exactly when the
    certified results still stand."""
    return [
        {
            "subject": row["subject"],
            "year": _value(row.get("year_mark")),
            "final": _value(row.get("final_mark")),
            "credited": bool(
                (row.get("year_mark") or {}).get("credited")
                or (row.get("final_mark") or {}).get("credited")
            ),
        }
        for row in sorted(rows, key=lambda row: row["subject"])
    ]


def signoff_states(*, years: dict) -> dict:
    """{(learner id, year id): {status, label, signer_name, signed_at}} for the pairs
    of ``years`` ({(learner id, year id): rows of year_results}); one query."""
    learner_ids = {learner_id for learner_id, _ in years}
    year_ids = {year_id for _, year_id in years}
    latest: dict[tuple[int, int], YearResultsSignoff] = {}
    signoffs = YearResultsSignoff.objects.filter(
        learner_id__in=learner_ids, academic_year_id__in=year_ids
    ).order_by("-signed_at", "-pk")
    for signoff in signoffs:
        latest.setdefault((signoff.learner_id, signoff.academic_year_id), signoff)
    states = {}
    for key, rows in years.items():
        signoff = latest.get(key)
        if signoff is None:
            status = UNSIGNED
        elif signoff.marks == marks_snapshot(rows):
            status = SIGNED
        else:
            status = STALE
        states[key] = {
            "status": status,
            "label": STATUS_LABELS[status],
            "signer_name": signoff.signer_name if signoff else "",
            "signed_at": (
                f"{timezone.localtime(signoff.signed_at):%d.%m.%Y %H:%M}" if signoff else ""
            ),
        }
    return states


def group_of_year(learner, academic_year):
    """The group the learner was in during that year (the last one, after a
    transfer within the year), or None."""
    enrollment = (
        Enrollment.objects.filter(learner=learner, group__year=academic_year)
        .select_related("group__class_teacher", "group__year")
        .order_by("-started_on", "-pk")
        .first()
    )
    return enrollment.group if enrollment else None


def yearly_results_sign(*, learner, academic_year, actor) -> YearResultsSignoff:
    """The class teacher of the learner's group in that year certifies the year's
    final results. Signing results that are already certified as they stand returns
    that sign-off; after a change it records a new one."""
    group = group_of_year(learner, academic_year)
    if group is None:
        raise ValidationError(f"В {academic_year.name} учебном году обучающийся не был зачислен.")
    teacher: Staff | None = group.class_teacher
    if teacher is None or teacher.user_id is None or teacher.user_id != actor.pk:
        raise ValidationError(
            f"Заверить итоговые результаты {group.name} может только его классный руководитель."
        )
    with transaction.atomic():
        # One sign-off at a time per learner: a double click records one row.
        Learner.objects.select_for_update().filter(pk=learner.pk).first()
        found = year_results(learner, year_ids=[academic_year.pk])
        if not found:
            raise ValidationError(
                f"У обучающегося {learner.short_name} нет итоговых отметок за "
                f"{academic_year.name} учебный год: заверять нечего."
            )
        snapshot = marks_snapshot(found[0]["rows"])
        latest = (
            YearResultsSignoff.objects.filter(learner=learner, academic_year=academic_year)
            .order_by("-signed_at", "-pk")
            .first()
        )
        if latest is not None and latest.marks == snapshot:
            return latest
        return YearResultsSignoff.objects.create(
            learner=learner,
            academic_year=academic_year,
            group_name=group.name,
            marks=snapshot,
            signed_by=actor,
            signer_name=teacher.full_name,
        )


def group_signoffs(*, group) -> list[dict]:
    """Each learner enrolled in the group (including those who left it) with the
    year's marks by subject and the state of the sign-off: {learner, rows, state},
    by surname. Four queries whatever the size of the class."""
    from achievements.models import MarkKind, PeriodMark
    from archive.documents.content.learner import mark_content

    learners = list(
        Learner.objects.filter(enrollments__group=group)
        .distinct()
        .order_by("last_name", "first_name", "patronymic", "pk")
    )
    rows: dict[int, dict[int, dict]] = {learner.pk: {} for learner in learners}
    marks = PeriodMark.objects.filter(
        learner__in=learners, year_id=group.year_id, kind__in=[MarkKind.YEAR, MarkKind.FINAL]
    ).select_related("subject")
    for mark in marks:
        row = rows[mark.learner_id].setdefault(
            mark.subject_id,
            {"subject": mark.subject.name, "year_mark": None, "final_mark": None},
        )
        row["year_mark" if mark.kind == MarkKind.YEAR else "final_mark"] = mark_content(mark)
    ordered = {
        pk: sorted(subjects.values(), key=lambda row: row["subject"])
        for pk, subjects in rows.items()
    }
    states = signoff_states(years={(pk, group.year_id): ordered[pk] for pk in ordered})
    return [
        {
            "learner": learner,
            "rows": ordered[learner.pk],
            "state": states[(learner.pk, group.year_id)],
        }
        for learner in learners
    ]
