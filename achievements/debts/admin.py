"""Academic debts in the admin site: read-only registers (achievements/admin.py imports
this module so that the admin's autodiscovery finds it). Debts open from the mark and
close by a retake only through achievements.debts.services, where the history is kept."""

from django.contrib import admin

from achievements.models import AcademicDebt, DebtAttempt, DebtChange
from common.admin import ReadOnlyHistoryAdmin


class DebtAttemptInline(admin.TabularInline):
    model = DebtAttempt
    fields = ["number", "held_on", "value", "commission", "recorded_by", "recorded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AcademicDebt)
class AcademicDebtAdmin(ReadOnlyHistoryAdmin):
    list_display = ["learner", "subject", "group", "value", "opened_on", "deadline", "status"]
    list_filter = ["status", "opened_on", "subject"]
    search_fields = ["learner__last_name", "learner__first_name", "subject__name"]
    list_select_related = ["learner", "subject", "group"]
    date_hierarchy = "opened_on"
    inlines = [DebtAttemptInline]


@admin.register(DebtChange)
class DebtChangeAdmin(ReadOnlyHistoryAdmin):
    list_display = ["changed_at", "debt", "action", "old_value", "new_value", "changed_by"]
    list_filter = ["action", "changed_at"]
    search_fields = ["debt__learner__last_name", "reason"]
    list_select_related = ["debt__learner", "debt__subject", "changed_by"]
