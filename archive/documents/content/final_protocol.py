"""The protocol of the sitting of the final attestation commission of a training group
(004 §2.4): the commission, the day, the programme, and each listener's practical
qualification work, its mark, the final mark and the qualification awarded. Read in
a fixed number of queries, whatever the number of listeners."""

from django.core.exceptions import ValidationError

from achievements.final_attestation.selectors import results_grid
from achievements.models import AttestationCommission
from archive.documents.content.common import organisation_content, printed_date


def final_protocol(*, group, commission: int) -> dict:
    org = organisation_content()
    found = (
        AttestationCommission.objects.select_related("group__year", "group__programme", "scale")
        .prefetch_related("members")
        .filter(pk=commission, group=group)
        .first()
    )
    if found is None:
        raise ValidationError("Нет такой комиссии у этой учебной группы.")
    grid = results_grid(found)
    if not grid.rows:
        raise ValidationError(
            f"На день заседания {printed_date(found.held_on)} в группе {group.name} нет "
            "слушателей: протокол пуст."
        )
    if not any(row.values["final_mark"] for row in grid.rows):
        raise ValidationError(
            "Ни одному слушателю не выставлена итоговая оценка: внесите результаты, "
            "прежде чем печатать протокол."
        )
    programme = found.group.programme
    rows = [
        {
            "number": number,
            "name": row.learner.full_name,
            "form": row.values["form"],
            "work_topic": row.values["work_topic"],
            "work_mark": row.values["work_mark"],
            "final_mark": row.values["final_mark"],
            "qualification": row.values["qualification"],
        }
        for number, row in enumerate(grid.rows, start=1)
    ]
    passed = sum(1 for row in grid.rows if grid.marks.get(row.values["final_mark"]))
    return {
        "organisation": org,
        "title": (f"Протокол итоговой аттестации — {group.name}, {printed_date(found.held_on)}"),
        "commission": found.pk,
        "held_on": printed_date(found.held_on),
        "order_reference": found.order_reference,
        "chair": {"name": found.chair_name, "position": found.chair_position},
        "members": [{"name": m.full_name, "position": m.position} for m in found.members.all()],
        "programme": programme.name,
        "level": programme.get_level_display(),
        "hours": programme.total_hours,
        "group": group.name,
        "academic_year": found.group.year.name,
        "scale": found.scale.name,
        "rows": rows,
        "learners": len(rows),
        "passed": passed,
        "qualification_column": any(row["qualification"] for row in rows),
    }
