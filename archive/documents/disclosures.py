"""The disclosure log (001 §4.2, 002 §6.2): one row each time results leave the
organisation, written by the service that hands them out, in its transaction."""

from archive.models import Disclosure, DisclosureGround


def record_disclosure(
    *,
    actor,
    what: str,
    recipient: str,
    ground: DisclosureGround,
    ground_detail: str = "",
    learner=None,
    document=None,
) -> Disclosure:
    return Disclosure.objects.create(
        recorded_by=actor,
        learner=learner,
        what=what[:300],
        recipient=recipient[:300],
        ground=ground,
        ground_detail=ground_detail[:300],
        document=document,
    )
