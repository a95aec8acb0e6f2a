"""Posting the levels grid as the page would, and reading what was saved."""

from datetime import date

from achievements.levels.forms import field_name
from achievements.levels.services import RowInput
from achievements.models import LevelResult


def grid_url(club, stage="entry", group=None, subject=None) -> str:
    return f"/levels/{(group or club.group).pk}/{(subject or club.subject).pk}/{stage}/"


def sheet_url(club, learner=None, group=None) -> str:
    return f"/levels/sheet/{(learner or club.learner).pk}/{(group or club.group).pk}/"


def result(club, learner=None, stage="entry", level="С", day=date(2026, 9, 20), **fields):
    return LevelResult.objects.create(
        learner=learner or club.learner, group=club.group, subject=club.subject, stage=stage,
        level=level, checked_on=day, updated_by=club.teacher_user, **fields,
    )  # fmt: skip


def row(learner, level="", day=None, comment="", *, saved=None) -> RowInput:
    """A row as the page sends it: ``saved`` is the LevelResult the page showed."""
    return RowInput(
        learner_id=learner.pk, level=level, checked_on=day, comment=comment,
        was_level=saved.level if saved else "",
        was_checked_on=saved.checked_on if saved else None,
        was_comment=saved.comment if saved else "",
        version=saved.version if saved else 0,
    )  # fmt: skip


def grid_post(club, learners, changes=None, *, reason="", stage="entry"):
    """What the page posts: every row as saved now, with ``changes``
    {learner: (level, date, comment)} on top."""
    saved = {
        r.learner_id: r
        for r in LevelResult.objects.filter(group=club.group, subject=club.subject, stage=stage)
    }
    data = {"reason": reason}
    for learner in learners:
        found = saved.get(learner.pk)
        values = {
            "level": found.level if found else "",
            "date": found.checked_on.isoformat() if found and found.checked_on else "",
            "comment": found.comment if found else "",
        }
        for what, value in values.items():
            data[field_name(learner.pk, what)] = data[field_name(learner.pk, f"was_{what}")] = value
        data[field_name(learner.pk, "version")] = str(found.version if found else 0)
    for learner, (level, day, comment) in (changes or {}).items():
        data[field_name(learner.pk, "level")] = level
        data[field_name(learner.pk, "date")] = day
        data[field_name(learner.pk, "comment")] = comment
    return data


def levels(club, stage="entry") -> dict:
    return {
        r.learner.last_name: (r.level, r.checked_on, r.version)
        for r in LevelResult.objects.filter(
            group=club.group, subject=club.subject, stage=stage
        ).select_related("learner")
    }
