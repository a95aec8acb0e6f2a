"""The achievements app's models: the journal (current control, attestation, their
history) and the portfolio (achievements with evidence documents)."""

from achievements.models.journal import *  # noqa: F403
from achievements.models.portfolio import *  # noqa: F403
