"""The achievements app's models: the journal (current control, attestation, their
history; state exam results) and the portfolio (achievements with evidence documents)."""

from achievements.models.debts import *  # noqa: F403
from achievements.models.diagnostics import *  # noqa: F403
from achievements.models.events import *  # noqa: F403
from achievements.models.external import *  # noqa: F403
from achievements.models.final_attestation import *  # noqa: F403
from achievements.models.journal import *  # noqa: F403
from achievements.models.levels import *  # noqa: F403
from achievements.models.portfolio import *  # noqa: F403
from achievements.models.state_exams import *  # noqa: F403
