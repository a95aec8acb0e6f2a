"""The final attestation in the admin site: read-only registers for the deputy and the
director (achievements/admin.py imports this module so that the admin's autodiscovery
finds it). Commissions and results are changed only on their pages, where the rules
are checked and the history is written."""

from django.contrib import admin

from achievements.models import (
    AttestationCommission,
    CommissionMember,
    FinalAttestationChange,
    FinalAttestationResult,
)
from common.admin import ReadOnlyHistoryAdmin
from learners.access import has_role
from learners.models import Role


class _StaffOnly(ReadOnlyHistoryAdmin):
    def has_view_permission(self, request, obj=None):
        # The administrator configures accounts and sees no results (R-SEC-1).
        return super().has_view_permission(request, obj) or has_role(
            request.user, Role.DEPUTY, Role.DIRECTOR
        )


@admin.register(AttestationCommission)
class AttestationCommissionAdmin(_StaffOnly):
    list_display = ["group", "held_on", "chair_name", "order_reference", "created_by"]
    list_filter = ["held_on"]
    search_fields = ["group__name", "chair_name", "order_reference"]
    list_select_related = ["group", "created_by"]


@admin.register(CommissionMember)
class CommissionMemberAdmin(_StaffOnly):
    list_display = ["commission", "order", "full_name", "position"]
    search_fields = ["full_name", "commission__group__name"]
    list_select_related = ["commission__group"]


@admin.register(FinalAttestationResult)
class FinalAttestationResultAdmin(_StaffOnly):
    list_display = [
        "learner", "commission", "work_mark", "final_mark", "qualification", "updated_by",
        "updated_at",
    ]  # fmt: skip
    list_filter = ["commission__held_on"]
    search_fields = ["learner__last_name", "learner__first_name", "commission__group__name"]
    list_select_related = ["learner", "commission__group", "updated_by"]


@admin.register(FinalAttestationChange)
class FinalAttestationChangeAdmin(_StaffOnly):
    list_display = [
        "changed_at",
        "result",
        "field",
        "old_value",
        "new_value",
        "reason",
        "changed_by",
    ]
    list_filter = ["changed_at", "field"]
    search_fields = ["result__learner__last_name", "reason"]
    list_select_related = ["result__learner", "changed_by"]
