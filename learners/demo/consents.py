"""Consents to the processing of personal data (R-SEC-4): most families signed the
paper form when the child was enrolled, and the clerk recorded it; a few have not, so
the office's list shows whom to ask. The demo family consented for the son (the mother
may withdraw it from her account) and not yet for the daughter (she may give it)."""

import random
from datetime import timedelta

from learners.models import Consent, ConsentScope

# About one learner in twenty has no consent yet.
WITHOUT_CONSENT = 0.05


class ConsentBuilder:
    """Mixed into the Generator. Draws from its own generator, seeded from the demo's
    seed, so that adding consents moved nothing else of the school."""

    def build_consents(self, learners, guardianships, *, starts, recorded_by):
        rng = random.Random(f"consents-{self.seed}")
        mothers = {}
        for link in guardianships:
            mothers.setdefault(id(link.learner), link.guardian)
        consents = []
        for learner in learners:
            skipped = rng.random() < WITHOUT_CONSENT
            son, daughter = self.demo_children
            if learner is daughter or (skipped and learner is not son):
                continue
            given_on = min(starts - timedelta(days=rng.randrange(0, 10)), self.today)
            consents.append(
                Consent(
                    learner=learner,
                    given_by_guardian=mothers[id(learner)],
                    given_on=given_on,
                    paper=True,
                    recorded_by=recorded_by,
                    **{
                        ConsentScope.PORTFOLIO.value: rng.random() < 0.9,
                        ConsentScope.CREDIT_TRANSFER.value: rng.random() < 0.6,
                        ConsentScope.PUBLICATION.value: rng.random() < 0.4,
                    },
                )
            )
        Consent.objects.bulk_create(consents, batch_size=1000)
        return consents
