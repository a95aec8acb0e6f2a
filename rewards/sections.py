"""The rewards section of a learner's portfolio, e-diary and card (R-RW-6), registered
in common/sections.py by RewardsConfig.ready(): the pages belong to achievements and
learners, which do not import rewards.

The page has already checked that the viewer may see the learner. Rewards are results
(R-SEC-1): the card is open to the clerk, the administrator and a customer too, who
read no results, so the section narrows to those who read rewards. Granted rewards are
the learner's for everyone who reads them; nominations and requests stay on the
rewards pages."""

from django.template.loader import render_to_string

from learners.access import is_family, roles_of
from learners.models import Role
from rewards.models import Origin
from rewards.selectors import granted_rewards, reads_rewards

PLACES = ("portfolio", "diary", "learner_card")
FAMILY = frozenset({Role.PARENT, Role.LEARNER})


def rewards_section(request, learner) -> str:
    user = request.user
    if not reads_rewards(user):
        return ""
    # One query whatever the count: the rewards with their kind, subject and order.
    # The scans of rewards from elsewhere are on the learner's rewards page.
    rewards = list(granted_rewards([learner.pk]))
    # Rendered without the request: the context processors (the menu) would cost
    # queries, and the section holds links only, no form.
    return render_to_string(
        "rewards/_section.html",
        {
            "learner": learner,
            "rewards": rewards,
            "family": _family(user, learner),
            "external": Origin.EXTERNAL,
        },
    )


def _family(user, learner) -> bool:
    """Whether the viewer is the learner or their parent. Someone who is only family
    sees no learner but their own on these pages, so no query is needed for them."""
    roles = roles_of(user)
    if not roles & FAMILY:
        return False
    return not roles - FAMILY or is_family(user, learner.pk)


def register_sections() -> None:
    from common.sections import register

    for place in PLACES:
        register(place, "rewards", rewards_section, order=50)
