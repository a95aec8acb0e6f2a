"""The rewards' panel of the overview (common/panels.py): nominations waiting for the
director's order (or, without an order, the deputy's approval). Two queries whatever
the number of nominations: the count and the first few."""

from django.template.loader import render_to_string

from common.panels import register
from learners.access import runs_rewards
from rewards import selectors

SHOWN = 10


def register_panels() -> None:
    register("overview", "nominations", overview_nominations, order=30)


def overview_nominations(request) -> str:
    if not runs_rewards(request.user):
        return ""
    pending = selectors.pending_nominations()
    shown = list(pending[:SHOWN])
    count = pending.count()
    return render_to_string(
        "rewards/panels/nominations.html",
        {"nominations": shown, "count": count, "more": count - len(shown)},
        request=request,
    )
