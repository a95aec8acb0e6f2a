"""Writes of the final attestation (R-JRN-11; 004 §2.4): forming or changing a
commission, and saving the commission's results. The results grid is saved all or
nothing: a bad value, a missing reason or a row someone else changed since the page
was opened refuses the whole save, naming the listener; each field changed is a
history row written in the same transaction."""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from achievements.final_attestation import selectors
from achievements.journal.reasons import check_reason
from achievements.models import (
    AttestationCommission,
    CommissionMember,
    FinalAttestationChange,
    FinalAttestationField,
    FinalAttestationResult,
)
from common.text import strip_control_characters
from learners.access import TRAINING_LEVELS
from learners.models import GradingScale, ScaleKind, StudyGroup

log = logging.getLogger("uchet.final_attestation")

# The organisation's rule for a commission's quorum: a chair and at least two members,
# so that a decision is never one person's (a protocol is signed by all of them).
MIN_MEMBERS = 2
# A commission is formed by an order before it sits, but not a season ahead: a date
# further than this is a typing mistake far more often than a plan.
MAX_DAYS_AHEAD = 90
# The scales a final mark may be on: a five-point mark or a pass/fail.
SCALE_KINDS = (ScaleKind.FIVE_POINT, ScaleKind.PASS_FAIL)

LIMITS = {
    FinalAttestationField.FORM: 200,
    FinalAttestationField.WORK_TOPIC: 500,
    FinalAttestationField.QUALIFICATION: 300,
}
MARK_FIELDS = (FinalAttestationField.WORK_MARK, FinalAttestationField.FINAL_MARK)


def _text(value, *, what: str, limit: int, required: bool = False) -> str:
    value = strip_control_characters(value or "").strip()
    if required and not value:
        raise ValidationError(f"Укажите {what}.")
    if len(value) > limit:
        raise ValidationError(f"{what.capitalize()} — не длиннее {limit} знаков.")
    return value


def _check_group(group: StudyGroup) -> None:
    if group.programme.level not in TRAINING_LEVELS:
        raise ValidationError(
            "Итоговая аттестационная комиссия формируется только для учебной группы "
            "по программе ДПО или профессионального обучения."
        )


def _check_scale(scale) -> None:
    if scale is None or scale.kind not in SCALE_KINDS:
        raise ValidationError("Выберите шкалу итоговой оценки: пятибалльную или «зачтено».")


def commission_save(
    *,
    group: StudyGroup,
    held_on: date,
    order_reference: str,
    chair_name: str,
    chair_position: str,
    scale: GradingScale,
    members: list[tuple[str, str]],
    actor,
    commission: AttestationCommission | None = None,
    version: int = 0,
) -> AttestationCommission:
    """Form a commission for ``group`` or change ``commission`` (``version`` is the one
    the form showed). ``members``: (full name, position) in the order's order; empty
    rows are skipped, a position without a name is refused."""
    _check_group(group)
    if held_on is None:
        raise ValidationError("Укажите дату заседания комиссии.")
    if held_on > timezone.localdate() + timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError(
            f"Дата заседания {held_on:%d.%m.%Y} — больше чем через {MAX_DAYS_AHEAD} дней: "
            "проверьте год и месяц."
        )
    if held_on < group.year.starts_on:
        raise ValidationError(
            f"Дата заседания {held_on:%d.%m.%Y} — раньше начала учебного года "
            f"{group.year.name} группы {group.name}."
        )
    order_reference = _text(
        order_reference, what="приказ о составе комиссии (номер, дата)", limit=200, required=True
    )
    chair_name = _text(chair_name, what="ФИО председателя комиссии", limit=300, required=True)
    chair_position = _text(
        chair_position, what="должность председателя комиссии", limit=300, required=True
    )
    _check_scale(scale)
    cleaned = []
    for number, (name, position) in enumerate(members, start=1):
        name = _text(name, what=f"ФИО члена комиссии № {number}", limit=300)
        position = _text(position, what=f"должность члена комиссии № {number}", limit=300)
        if position and not name:
            raise ValidationError(
                f"Укажите ФИО члена комиссии № {number}: указана только должность."
            )
        if name:
            cleaned.append((name, position))
    if len(cleaned) < MIN_MEMBERS:
        raise ValidationError(
            f"В комиссии, кроме председателя, должно быть не меньше {MIN_MEMBERS} членов "
            f"(указано: {len(cleaned)})."
        )
    names = [name.casefold() for name, _ in cleaned] + [chair_name.casefold()]
    if len(set(names)) != len(names):
        raise ValidationError("Один и тот же человек указан в комиссии дважды.")
    with transaction.atomic():
        if commission is None:
            commission = AttestationCommission(group=group, created_by=actor)
        else:
            commission = AttestationCommission.objects.select_for_update().get(pk=commission.pk)
            if commission.version != version:
                raise ValidationError(
                    "Состав комиссии изменил другой пользователь, пока страница была открыта: "
                    "откройте её заново."
                )
            if (
                commission.scale_id != scale.pk
                and commission.results.exclude(work_mark="", final_mark="").exists()
            ):
                raise ValidationError("Шкалу оценок нельзя изменить: по ней уже выставлены оценки.")
            commission.version += 1
        commission.held_on = held_on
        commission.order_reference = order_reference
        commission.chair_name = chair_name
        commission.chair_position = chair_position
        commission.scale = scale
        commission.save()
        commission.members.all().delete()
        CommissionMember.objects.bulk_create(
            CommissionMember(commission=commission, full_name=name, position=position, order=n)
            for n, (name, position) in enumerate(cleaned, start=1)
        )
    log.info("commission saved: pk=%s group=%s by user=%s", commission.pk, group.pk, actor.pk)
    return commission


@dataclass(frozen=True)
class RowInput:
    """What the grid sent for one listener; ``version`` is the one the page showed
    (0: no result was recorded then)."""

    learner_id: int
    form: str
    work_topic: str
    work_mark: str
    final_mark: str
    qualification: str
    version: int

    def values(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FinalAttestationField.values}


class ResultsRefused(ValidationError):
    """Some rows cannot be saved; ``rows`` maps a learner's id to the messages shown
    beside the row, ``current`` to (values, version) recorded now for a stale row."""

    def __init__(self, rows: dict[int, list[str]], *, current: dict | None = None):
        super().__init__([message for messages in rows.values() for message in messages])
        self.rows = rows
        self.current = current or {}


def _clean_row(row: RowInput, marks: dict[str, bool]) -> tuple[dict[str, str], list[str]]:
    values, errors = {}, []
    for name, value in row.values().items():
        label = FinalAttestationField(name).label
        value = strip_control_characters(value or "").strip()
        if name in MARK_FIELDS:
            if value and value not in marks:
                errors.append(f"{label}: «{value}» — нет такой оценки в шкале комиссии.")
        elif len(value) > LIMITS[name]:
            errors.append(f"{label} — не длиннее {LIMITS[name]} знаков.")
        values[name] = value
    if values["final_mark"] and not values["work_mark"] and values["work_topic"]:
        errors.append("Поставьте оценку за квалификационную работу прежде итоговой оценки.")
    return values, errors


def results_save(
    *, commission: AttestationCommission, rows: list[RowInput], actor, reason: str = ""
) -> int:
    """Save the grid; returns the number of listeners whose result changed."""
    check_reason(reason, what="Причина изменения")
    reason = reason.strip()
    if commission.held_on > timezone.localdate():
        raise ValidationError(
            f"Комиссия заседает {commission.held_on:%d.%m.%Y}: результаты вносятся после заседания."
        )
    grid = selectors.results_grid(commission)
    by_learner = {line.learner.pk: line for line in grid.rows}
    marks = grid.marks
    errors: dict[int, list[str]] = {}
    wanted = {}
    for row in rows:
        line = by_learner.get(row.learner_id)
        if line is None:
            raise ValidationError(
                "В списке есть слушатель, не состоявший в группе на день заседания: "
                "откройте страницу заново."
            )
        values, row_errors = _clean_row(row, marks)
        if values["final_mark"] and marks.get(values["final_mark"]) and not line.admitted:
            row_errors.append(
                "Не допущен к итоговой аттестации: "
                + line.admission_note
                + " — положительная итоговая оценка невозможна."
            )
        if row_errors:
            errors[row.learner_id] = row_errors
        wanted[row.learner_id] = (values, row.version)
    if errors:
        raise ResultsRefused(errors)
    with transaction.atomic():
        current = {
            r.learner_id: r
            for r in FinalAttestationResult.objects.select_for_update().filter(
                commission=commission, learner_id__in=list(wanted)
            )
        }
        changed = []
        stale, stale_now = {}, {}
        for learner_id, (values, version) in wanted.items():
            found = current.get(learner_id)
            now = found.values() if found else dict.fromkeys(FinalAttestationField.values, "")
            if now == values:
                continue
            if (found.version if found else 0) != version:
                name = by_learner[learner_id].learner.full_name
                stale[learner_id] = [
                    f"{name}: результат изменил другой пользователь, пока страница была "
                    "открыта. Показано то, что записано сейчас; проверьте и сохраните снова."
                ]
                stale_now[learner_id] = (now, found.version if found else 0)
                continue
            changed.append((learner_id, found, now, values))
        if stale:
            raise ResultsRefused(stale, current=stale_now)
        recorded = [c for c in changed if c[1] is not None and any(c[2].values())]
        if recorded and not reason:
            names = ", ".join(by_learner[c[0]].learner.short_name for c in recorded)
            raise ResultsRefused(
                {c[0]: ["Результат уже записан: укажите причину изменения."] for c in recorded}
                | {0: [f"Укажите причину изменения уже записанных результатов ({names})."]}
            )
        history = []
        for learner_id, found, now, values in changed:
            if found is None:
                found = FinalAttestationResult(
                    commission=commission, learner_id=learner_id, updated_by=actor, **values
                )
                try:
                    with transaction.atomic():
                        found.save()
                except IntegrityError:
                    name = by_learner[learner_id].learner.full_name
                    raise ResultsRefused(
                        {learner_id: [f"{name}: результат только что записал другой пользователь."]}
                    ) from None
            else:
                for name, value in values.items():
                    setattr(found, name, value)
                found.version += 1
                found.updated_by = actor
                found.save()
            history.extend(
                FinalAttestationChange(
                    result=found,
                    field=name,
                    old_value=now[name],
                    new_value=values[name],
                    reason=reason,
                    changed_by=actor,
                )
                for name in FinalAttestationField.values
                if now[name] != values[name]
            )
        FinalAttestationChange.objects.bulk_create(history)
    log.info(
        "final attestation saved: commission=%s rows=%s by user=%s",
        commission.pk, len(changed), actor.pk,
    )  # fmt: skip
    return len(changed)
