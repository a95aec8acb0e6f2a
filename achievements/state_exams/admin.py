"""State exam results' history in the admin site, read-only: results change only on
their page (achievements/state_exams/), where the checks and the history apply.
achievements/admin.py imports this module so that the admin's autodiscovery finds it."""

from django.contrib import admin

from achievements.models import StateExamResultChange
from common.admin import ReadOnlyHistoryAdmin


@admin.register(StateExamResultChange)
class StateExamResultChangeAdmin(ReadOnlyHistoryAdmin):
    list_display = ["changed_at", "changed_by", "result", "old_value", "new_value", "reason"]
    list_filter = ["reason"]
    list_select_related = ["changed_by", "result__learner", "result__subject"]
