"""The diagnostics in the admin site: read-only registers for the deputy and the
director (achievements/admin.py imports this module so that the admin's autodiscovery
finds it). Levels are changed only on the grid, where the history is written."""

from django.contrib import admin

from achievements.models import DiagnosticChange, DiagnosticResult
from common.admin import ReadOnlyHistoryAdmin
from learners.access import has_role
from learners.models import Role


class _StaffOnly(ReadOnlyHistoryAdmin):
    def has_view_permission(self, request, obj=None):
        # The administrator configures accounts and sees no results (R-SEC-1).
        return super().has_view_permission(request, obj) or has_role(
            request.user, Role.DEPUTY, Role.DIRECTOR
        )


@admin.register(DiagnosticResult)
class DiagnosticResultAdmin(_StaffOnly):
    list_display = ["learner", "group", "period", "kind", "level", "updated_by", "updated_at"]
    list_filter = ["kind", "level", "period__year"]
    search_fields = ["learner__last_name", "learner__first_name", "group__name"]
    list_select_related = ["learner", "group", "period__year", "updated_by"]


@admin.register(DiagnosticChange)
class DiagnosticChangeAdmin(_StaffOnly):
    list_display = ["changed_at", "result", "old_level", "new_level", "reason", "changed_by"]
    list_filter = ["changed_at"]
    search_fields = ["result__learner__last_name", "reason"]
    list_select_related = ["result__learner", "changed_by"]
