"""The class's data as JSON Lines, schema "uchet-archive/1" (docs/archive-schema.md):
the records the workbook and the PDFs were made from, then the figures they show,
so that a reader without the product can check every figure. Decimals are written
as strings ("4.50"): a float would not keep the exact value the documents print."""

import json
from datetime import date, datetime
from decimal import Decimal

from archive.exports import attendance
from archive.summary import COUNTED_VALUES

SCHEMA = "uchet-archive/1"


def jsonl(*, data, computed) -> bytes:
    lines = [_dump(record) for record in records(data=data, computed=computed)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"Не записывается в JSON: {type(value).__name__}")


def _dump(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, default=_default)


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _user(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.get_username(), "name": user.get_full_name()}


def records(*, data, computed):
    yield _header(data)
    for position, enrollment in enumerate(data.roster, start=1):
        learner = enrollment.learner
        yield {
            "record": "learner",
            "id": learner.pk,
            "position": position,
            "last_name": learner.last_name,
            "first_name": learner.first_name,
            "patronymic": learner.patronymic,
            "full_name": learner.full_name,
            "birth_date": learner.birth_date,
            "personal_file_number": learner.personal_file_number,
            "enrollment": {
                "id": enrollment.pk,
                "started_on": enrollment.started_on,
                "ended_on": enrollment.ended_on,
                "order_reference": enrollment.order_reference,
            },
        }
    for subject in data.subjects:
        yield {
            "record": "subject",
            "id": subject.pk,
            "name": subject.name,
            "short_name": subject.short_name,
            "kind": subject.kind,
        }
    for lesson in data.lessons:
        yield {
            "record": "lesson",
            "id": lesson.pk,
            "subject_id": lesson.subject_id,
            "period_id": lesson.period_id,
            "date": lesson.date,
            "number": lesson.number,
            "topic": lesson.topic,
            "homework": lesson.homework,
            "work_kind": {
                "name": lesson.work_kind.name,
                "short_name": lesson.work_kind.short_name,
                "weight": lesson.work_kind.weight,
            },
            "teacher": (
                {"id": lesson.teacher.pk, "name": lesson.teacher.full_name}
                if lesson.teacher
                else None
            ),
        }
    for (lesson_id, learner_id), cell in sorted(data.cells.items()):
        yield {
            "record": "cell",
            "id": cell.pk,
            "lesson_id": lesson_id,
            "learner_id": learner_id,
            "marks": cell.marks,
            "attendance": cell.attendance,
            "text": cell.text,
        }
    for change in data.cell_changes:
        yield {
            "record": "cell_change",
            "id": change.pk,
            "cell_id": change.cell_id,
            "lesson_id": change.cell.lesson_id,
            "learner_id": change.cell.learner_id,
            "changed_at": change.changed_at,
            "changed_by": _user(change.changed_by),
            "old_marks": change.old_marks,
            "new_marks": change.new_marks,
            "old_attendance": change.old_attendance,
            "new_attendance": change.new_attendance,
            "reason": change.reason,
        }
    for mark in sorted(data.marks, key=lambda m: (m.learner_id, m.subject_id, m.kind, m.pk)):
        yield {
            "record": "mark",
            "id": mark.pk,
            "learner_id": mark.learner_id,
            "subject_id": mark.subject_id,
            "kind": mark.kind,
            "period_id": mark.period_id,
            "year_id": mark.year_id,
            "value": mark.value,
            "proposed": mark.proposed,
            "reason": mark.reason,
            "origin": mark.origin,
            "credit_source": mark.credit_source,
            "credit_original": mark.credit_original,
            "credit_reference": mark.credit_reference,
            "credit_achievement_id": mark.credit_achievement_id,
            "updated_at": mark.updated_at,
            "updated_by": _user(mark.updated_by),
        }
    for change in data.mark_changes:
        yield {
            "record": "mark_change",
            "id": change.pk,
            "mark_id": change.mark_id,
            "learner_id": change.mark.learner_id,
            "subject_id": change.mark.subject_id,
            "kind": change.mark.kind,
            "changed_at": change.changed_at,
            "changed_by": _user(change.changed_by),
            "old_value": change.old_value,
            "new_value": change.new_value,
            "proposed": change.proposed,
            "reason": change.reason,
        }
    for exemption in data.exemptions:
        yield {
            "record": "exemption",
            "id": exemption.pk,
            "learner_id": exemption.learner_id,
            "subject_id": exemption.subject_id,
            "subject_name": exemption.subject.name,
            "starts_on": exemption.starts_on,
            "ends_on": exemption.ends_on,
            "order_reference": exemption.order_reference,
            "source": exemption.source,
        }
    for result in data.state_exams:
        yield {
            "record": "state_exam",
            "id": result.pk,
            "learner_id": result.learner_id,
            "subject_id": result.subject_id,
            "subject_name": result.subject.name,
            "kind": result.kind,
            "kind_label": result.get_kind_display(),
            "exam_date": result.exam_date,
            "score": result.score,
            "mark": result.mark,
        }
    for result in data.external:
        assessment = result.assessment
        yield {
            "record": "external_result",
            "id": result.pk,
            "learner_id": result.learner_id,
            "assessment_id": assessment.pk,
            "kind": assessment.kind,
            "kind_label": assessment.get_kind_display(),
            "title": assessment.title,
            "subject_name": assessment.subject.name,
            "held_on": assessment.held_on,
            "max_score": assessment.max_score,
            "score": result.score,
            "mark": result.mark,
            "task_scores": result.task_scores,
        }
    for debt in data.debts:
        yield {
            "record": "debt",
            "id": debt.pk,
            "learner_id": debt.learner_id,
            "subject_id": debt.subject_id,
            "subject_name": debt.subject.name,
            "mark_id": debt.mark_id,
            "value": debt.value,
            "opened_on": debt.opened_on,
            "deadline": debt.deadline,
            "status": debt.status,
            "status_label": debt.get_status_display(),
            "closed_on": debt.closed_on,
            "close_reason": debt.close_reason,
            "attempts": [
                {
                    "number": attempt.number,
                    "held_on": attempt.held_on,
                    "value": attempt.value,
                    "commission": attempt.commission.splitlines(),
                }
                for attempt in debt.attempts.all()
            ],
        }
    for achievement in data.achievements:
        yield {
            "record": "achievement",
            "id": achievement.pk,
            "learner_id": achievement.learner_id,
            "title": achievement.title,
            "category": achievement.category.name,
            "level": achievement.level,
            "level_label": achievement.get_level_display(),
            "result": achievement.result,
            "result_label": achievement.get_result_display(),
            "date": achievement.date,
            "organiser": achievement.organiser,
        }
    yield from (_reward(reward) for reward in data.rewards)
    yield from _applications(data)
    yield from _computed(data, computed)


def _header(data) -> dict:
    scope, group, org = data.scope, data.group, data.organisation
    teacher = group.class_teacher
    return {
        "record": "header",
        "schema": SCHEMA,
        "scope": {
            "year_id": scope.year.pk,
            "year": scope.year.name,
            "period_id": scope.period.pk if scope.period else None,
            "period": scope.period.name if scope.period else None,
            "period_number": scope.period.number if scope.period else None,
            "title": scope.title,
            "starts_on": scope.starts_on,
            "ends_on": scope.ends_on,
            "mark_kinds": [str(kind) for kind in scope.mark_kinds],
        },
        "group": {
            "id": group.pk,
            "name": group.name,
            "grade": group.grade,
            "class_teacher": ({"id": teacher.pk, "name": teacher.full_name} if teacher else None),
        },
        "organisation": (
            {
                "full_name": org.full_name,
                "short_name": org.short_name,
                "inn": org.inn,
                "kpp": org.kpp,
                "ogrn": org.ogrn,
                "address": org.address,
                "director_title": org.director_title,
                "director_name": org.director_name,
                "licence_number": org.licence_number,
                "licence_date": org.licence_date,
                "accreditation_number": org.accreditation_number,
                "accreditation_date": org.accreditation_date,
            }
            if org
            else None
        ),
    }


def _reward(reward) -> dict:
    order = reward.order
    return {
        "record": "reward",
        "id": reward.pk,
        "learner_id": reward.learner_id,
        "year_id": reward.year_id,
        "kind_code": reward.kind.code,
        "kind_name": reward.kind.name,
        "subject_id": reward.subject_id,
        "subject_name": reward.subject.name if reward.subject else None,
        "ground": reward.ground,
        "ground_label": reward.get_ground_display(),
        "merit": reward.merit,
        "results_note": reward.results_note,
        "status": reward.status,
        "status_label": reward.get_status_display(),
        "origin": reward.origin,
        "order": (
            {
                "id": order.pk,
                "number": order.number,
                "date": order.date,
                "title": order.title,
                "signed_by_name": order.signed_by_name,
            }
            if order
            else None
        ),
        "source_organisation": reward.source_organisation,
        "awarded_on": reward.awarded_on,
        "approved_on": reward.approved_on,
        "issued_on": reward.issued_on,
    }


def _applications(data):
    for application in data.applications:
        yield {
            "record": "application",
            "id": application.pk,
            "number": application.number,
            "learner_id": application.learner_id,
            "outcome": application.outcome,
            "outcome_label": application.get_outcome_display(),
            "decision_taken_on": application.decision_taken_on,
            "order_number": application.order_number,
            "order_date": application.order_date,
            "council_protocol_number": application.council_protocol_number,
            "council_protocol_date": application.council_protocol_date,
        }
        for line in data.lines.get(application.pk, []):
            yield {
                "record": "application_line",
                "id": line.pk,
                "application_id": application.pk,
                "learner_id": application.learner_id,
                "subject_id": line.subject_id,
                "subject_name": line.subject.name,
                "external_name": line.external_name,
                "external_result": line.external_result,
                "decision": line.decision,
                "decision_label": line.get_decision_display(),
                "credited_value": line.credited_value,
            }


def _entry(entry) -> dict:
    return {
        "subject_id": entry.subject_id,
        "value": entry.value,
        "shown": entry.shown,
        "exempt": entry.exempt,
        "credited": entry.credited,
        "attested": entry.attested,
        "counted": entry.counted,
    }


def _computed(data, computed):
    for row in computed.rows:
        yield {
            "record": "summary_row",
            "learner_id": row.learner_id,
            "number": row.number,
            "kind": computed.kind,
            "marks": [_entry(entry) for entry in row.entries],
            "finals": [_entry(entry) for entry in row.finals],
            "numeric_sum": row.numeric_sum,
            "numeric_count": row.numeric_count,
            "mean": _decimal(row.mean),
            "all_passing": row.all_passing,
            "all_quality": row.all_quality,
        }
    for total in computed.subject_totals:
        yield {
            "record": "subject_total",
            "subject_id": total.subject_id,
            "kind": computed.kind,
            "counts": {value: total.counts[value] for value in COUNTED_VALUES},
            "exempt": total.exempt,
            "attested": total.attested,
            "passing": total.passing,
            "quality": total.quality,
            "numeric_sum": total.numeric_sum,
            "numeric_count": total.numeric_count,
            "mean": _decimal(total.mean),
            "progress_percent": _decimal(total.progress_percent),
            "quality_percent": _decimal(total.quality_percent),
        }
    total = computed.class_total
    yield {
        "record": "class_total",
        "kind": computed.kind,
        "learners": total.learners,
        "attested": total.attested,
        "passing": total.passing,
        "quality": total.quality,
        "progress_percent": _decimal(total.progress_percent),
        "quality_percent": _decimal(total.quality_percent),
    }
    for row in attendance(data):
        yield {
            "record": "attendance_row",
            "learner_id": row.learner_id,
            "missed": row.missed,
            "good_reason": row.good_reason,
            "without_reason": row.without_reason,
            "late": row.late,
        }
