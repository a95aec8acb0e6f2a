"""Posting the diagnostics grid as the page would, and reading what was saved."""

from achievements.diagnostics.forms import cell_name
from achievements.models import DiagnosticResult, UlaKind
from tests.achievements.diagnostics.factories import DiagnosticResultFactory


def grid_url(journal, period=None) -> str:
    return f"/journal/diagnostics/{journal.group.pk}/{(period or journal.period).pk}/"


def result(journal, learner=None, kind=UlaKind.PERSONAL, level="medium", **fields):
    return DiagnosticResultFactory(
        learner=learner or journal.learner, period=journal.period, group=journal.group,
        kind=kind, level=level, updated_by=journal.teacher_user, **fields,
    )  # fmt: skip


def grid_post(journal, changes=None, *, reason=""):
    """What the page posts: every cell of both learners as it is saved now, with
    ``changes`` {(learner, kind): level} chosen on top."""
    saved = {
        (r.learner_id, r.kind): r for r in DiagnosticResult.objects.filter(period=journal.period)
    }
    data = {"reason": reason}
    for learner in (journal.learner, journal.classmate):
        for kind in UlaKind.values:
            row = saved.get((learner.pk, kind))
            name = cell_name(learner.pk, kind)
            data[name] = data[f"was_{name}"] = row.level if row else ""
            data[f"version_{name}"] = str(row.version if row else 0)
    for (learner, kind), level in (changes or {}).items():
        data[cell_name(learner.pk, kind)] = level
    return data


def levels(period) -> dict:
    return {
        (r.learner.last_name, r.kind): r.level
        for r in DiagnosticResult.objects.filter(period=period).select_related("learner")
    }
