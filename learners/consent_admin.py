"""The consents in the admin site: a read-only register (learners/admin.py imports this
module so that the admin's autodiscovery finds it)."""

from django.contrib import admin

from common.admin import ReadOnlyHistoryAdmin
from learners.access import has_role
from learners.models import Consent, Role


@admin.register(Consent)
class ConsentAdmin(ReadOnlyHistoryAdmin):
    """Consents are evidence (R-SEC-4): given and withdrawn through learners.consent,
    read here by the office and the director."""

    list_display = ["learner", "given_on", "giver", "paper", "withdrawn_on", "recorded_by"]
    list_filter = [
        ("withdrawn_on", admin.EmptyFieldListFilter),
        "paper",
        "given_by_learner",
        "scope_portfolio",
        "scope_credit_transfer",
        "scope_publication",
        "given_on",
    ]
    search_fields = [
        "learner__last_name",
        "learner__first_name",
        "learner__personal_file_number",
        "given_by_guardian__last_name",
    ]
    list_select_related = ["learner", "given_by_guardian", "recorded_by"]
    date_hierarchy = "given_on"

    @admin.display(description="кем дано")
    def giver(self, obj):
        return obj.giver_name

    def has_view_permission(self, request, obj=None):
        # Read by the roles that read every learner's consents (learners.consent), not
        # by the administrator, who configures accounts and sees no families' consents;
        # a superuser keeps Django's every permission.
        return super().has_view_permission(request, obj) or has_role(
            request.user, Role.DEPUTY, Role.DIRECTOR, Role.CLERK
        )
