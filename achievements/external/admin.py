"""External assessment in the admin site, read-only: assessments are created on their
page and results entered on the class's grid or from a file, where the checks and the
history apply (a maximum changed here would leave saved scores above it).
achievements/admin.py imports this module so that the admin's autodiscovery finds it."""

from django.contrib import admin

from achievements.models import ExternalAssessment, ExternalResult, ExternalResultChange
from common.admin import ReadOnlyHistoryAdmin


@admin.register(ExternalAssessment)
class ExternalAssessmentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "kind", "subject", "grade", "year", "held_on", "max_score"]
    list_filter = ["kind", "year", "grade", "subject"]
    search_fields = ["title"]
    list_select_related = ["subject", "year"]


@admin.register(ExternalResult)
class ExternalResultAdmin(ReadOnlyHistoryAdmin):
    list_display = ["learner", "assessment", "score", "mark", "entered_by", "entered_at"]
    list_filter = ["assessment__kind", "assessment__year"]
    search_fields = ["learner__last_name", "assessment__title"]
    list_select_related = ["learner", "assessment", "entered_by"]


@admin.register(ExternalResultChange)
class ExternalResultChangeAdmin(ReadOnlyHistoryAdmin):
    list_display = ["changed_at", "changed_by", "result", "old_value", "new_value", "reason"]
    list_filter = ["reason"]
    list_select_related = ["changed_by", "result__learner", "result__assessment"]
