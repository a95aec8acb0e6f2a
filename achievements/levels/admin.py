"""The levels by stage in the admin site: read-only registers for the deputy and the
director (achievements/admin.py imports this module so that the admin's autodiscovery
finds it). Levels are changed only on the grid, where the history is written."""

from django.contrib import admin

from achievements.models import LevelResult, LevelResultChange
from common.admin import ReadOnlyHistoryAdmin
from learners.access import has_role
from learners.models import Role


class _StaffOnly(ReadOnlyHistoryAdmin):
    def has_view_permission(self, request, obj=None):
        # The administrator configures accounts and sees no results (R-SEC-1).
        return super().has_view_permission(request, obj) or has_role(
            request.user, Role.DEPUTY, Role.DIRECTOR
        )


@admin.register(LevelResult)
class LevelResultAdmin(_StaffOnly):
    list_display = [
        "learner", "group", "subject", "stage", "checked_on", "level", "updated_by", "updated_at",
    ]  # fmt: skip
    list_filter = ["stage", "level", "group__year"]
    search_fields = ["learner__last_name", "learner__first_name", "group__name", "subject__name"]
    list_select_related = ["learner", "group", "subject", "updated_by"]


@admin.register(LevelResultChange)
class LevelResultChangeAdmin(_StaffOnly):
    list_display = [
        "changed_at", "result", "old_level", "new_level", "old_checked_on", "new_checked_on",
        "reason", "changed_by",
    ]  # fmt: skip
    list_filter = ["changed_at"]
    search_fields = ["result__learner__last_name", "reason"]
    list_select_related = ["result__learner", "changed_by"]
