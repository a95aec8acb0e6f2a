"""Writes of the archive with a rule behind them (DESIGN «services»)."""

from archive.services.destruction import destruction_act_create, destruction_transition
from archive.services.nomenclature import retention_rule_save, retention_rules_confirm
from archive.services.snapshots import (
    snapshot_build,
    snapshot_retry,
    snapshot_start,
    snapshots_reap,
)
from archive.services.transfer import snapshot_transition
from archive.services.verification import archive_verify

__all__ = [
    "archive_verify",
    "destruction_act_create",
    "destruction_transition",
    "retention_rule_save",
    "retention_rules_confirm",
    "snapshot_build",
    "snapshot_retry",
    "snapshot_start",
    "snapshot_transition",
    "snapshots_reap",
]
