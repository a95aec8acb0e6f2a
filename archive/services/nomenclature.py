"""Writes of the archive with a rule behind them."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from archive.models import RetentionRule
from learners.access import has_role
from learners.models import Role

# What the head confirms: a change to any of these makes the line unconfirmed again.
CONFIRMED_FIELDS = ("document_type", "term", "years", "legal_basis")


@transaction.atomic
def retention_rule_save(*, rule: RetentionRule, actor) -> RetentionRule:
    """Save a line of the nomenclature; a changed term or basis needs the head's
    confirmation again, whoever changed it."""
    if rule.pk is not None:
        before = RetentionRule.objects.select_for_update().get(pk=rule.pk)
        if any(getattr(before, f) != getattr(rule, f) for f in CONFIRMED_FIELDS):
            rule.confirmed_at = rule.confirmed_by = None
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def retention_rules_confirm(*, rules, actor) -> int:
    """The director confirms the terms of ``rules`` (the nomenclature is approved by
    the head of the organisation); returns how many were unconfirmed before."""
    if not has_role(actor, Role.DIRECTOR):
        raise PermissionDenied("Сроки хранения подтверждает директор.")
    pending = RetentionRule.objects.select_for_update().filter(
        pk__in=[r.pk for r in rules], confirmed_at__isnull=True
    )
    return pending.update(confirmed_at=timezone.now(), confirmed_by=actor)
