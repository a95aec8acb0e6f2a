from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

from achievements.models import (
    Achievement,
    AchievementCategory,
    AttestationRule,
    CellChange,
    Exemption,
    PeriodClosure,
    PeriodMarkChange,
    StateExamResult,
    WorkKind,
)
from common.admin import LabelledListEditableAdmin, ReadOnlyHistoryAdmin


@admin.register(WorkKind)
class WorkKindAdmin(LabelledListEditableAdmin):
    list_display = ["name", "short_name", "weight", "order"]
    list_editable = ["weight", "order"]


@admin.register(AttestationRule)
class AttestationRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__"]

    def has_add_permission(self, request):
        # One rule for the organisation: edit it rather than add another.
        return super().has_add_permission(request) and not AttestationRule.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryPaginator(Paginator):
    """Pages of a history that only grows. On PostgreSQL the unfiltered count is the
    planner's estimate, kept by autovacuum: COUNT(*) there reads the whole table (a
    tenth of a second at a decade of marks, growing with it), only to print the total
    and the number of pages. Filtered lists and SQLite, which counts from an index
    quickly, get the exact count."""

    estimate_from = 50_000  # rows; below this the exact count is cheap

    @cached_property
    def count(self):
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor == "postgresql" and not queryset.query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                estimate = cursor.fetchone()[0]
            if estimate >= self.estimate_from:
                return estimate
        return super().count


@admin.register(CellChange)
class CellChangeAdmin(ReadOnlyHistoryAdmin):
    # The mark history only grows: counting all of it for "N of M" beside a search
    # costs a second full count that the list does not need.
    show_full_result_count = False
    paginator = HistoryPaginator
    list_display = [
        "changed_at",
        "changed_by",
        "learner",
        "lesson",
        "old_text",
        "new_text",
        "reason",
    ]
    # A date filter by ranges (today, 7 days, month, year) reads the index on
    # changed_at; date_hierarchy instead listed the distinct dates of the whole history
    # on every page, a scan that grew with it.
    list_filter = ["changed_at"]
    search_fields = ["cell__learner__last_name", "changed_by__username", "reason"]
    list_select_related = [
        "changed_by",
        "cell__learner",
        "cell__lesson__subject",
        "cell__lesson__group",
    ]

    @admin.display(description="обучающийся")
    def learner(self, obj):
        return obj.cell.learner

    @admin.display(description="урок")
    def lesson(self, obj):
        return obj.cell.lesson

    @admin.display(description="было")
    def old_text(self, obj):
        return obj.old_text

    @admin.display(description="стало")
    def new_text(self, obj):
        return obj.new_text


@admin.register(PeriodMarkChange)
class PeriodMarkChangeAdmin(ReadOnlyHistoryAdmin):
    show_full_result_count = False
    paginator = HistoryPaginator
    list_display = [
        "changed_at",
        "changed_by",
        "mark",
        "old_value",
        "new_value",
        "proposed",
        "reason",
    ]
    list_select_related = ["changed_by", "mark__learner", "mark__subject"]
    search_fields = ["mark__learner__last_name", "reason"]
    list_filter = ["changed_at"]  # ranges on the index, not date_hierarchy's scan


@admin.register(PeriodClosure)
class PeriodClosureAdmin(ReadOnlyHistoryAdmin):
    """The history of closures, read-only: the deputy closes and reopens periods on the
    journal's periods page, where a reopening asks for its reason."""

    list_display = [
        "period", "group", "closed_at", "closed_by", "reopened_at", "reopened_by",
        "reopen_reason",
    ]  # fmt: skip
    list_filter = [("reopened_at", admin.EmptyFieldListFilter), "period__year"]
    list_select_related = ["period__year", "group", "closed_by", "reopened_by"]


@admin.register(Exemption)
class ExemptionAdmin(ReadOnlyHistoryAdmin):
    """Read-only here: an exemption starts with the director's order and ends by the
    deputy's decision in the credit-transfer workflow, which records who and why."""

    list_display = [
        "learner", "subject", "starts_on", "ends_on", "order_reference", "created_by",
        "ended_by", "end_reason",
    ]  # fmt: skip
    list_filter = ["subject", ("ends_on", admin.EmptyFieldListFilter)]
    search_fields = ["learner__last_name", "order_reference"]
    list_select_related = ["learner", "subject", "created_by", "ended_by"]


@admin.register(StateExamResult)
class StateExamResultAdmin(ReadOnlyHistoryAdmin):
    """Read-only: results are entered on their page (achievements/state_exams/), where
    the checks, the version and the history apply."""

    list_display = ["learner", "kind", "subject", "exam_date", "score", "mark", "entered_by"]
    list_filter = ["kind", "year", "subject"]
    search_fields = ["learner__last_name", "learner__personal_file_number"]
    list_select_related = ["learner", "subject", "entered_by"]


@admin.register(AchievementCategory)
class AchievementCategoryAdmin(LabelledListEditableAdmin):
    list_display = ["name", "code", "has_stage", "has_badge", "is_work", "order"]
    list_editable = ["order"]


@admin.register(Achievement)
class AchievementAdmin(ReadOnlyHistoryAdmin):
    """Read-only here: entries are made and confirmed on the portfolio pages, where the
    workflow's rules and history apply."""

    list_display = ["learner", "title", "category", "level", "result", "date", "status"]
    list_filter = ["status", "category", "level", "result"]
    search_fields = ["learner__last_name", "title", "organiser"]
    list_select_related = ["learner", "category"]
    date_hierarchy = "date"


# The registers of debts, diagnostics, events, external assessment and state exams live
# beside their services.
from achievements.debts import admin as debts_admin  # noqa: E402, F401
from achievements.diagnostics import admin as diagnostics_admin  # noqa: E402, F401
from achievements.events import admin as events_admin  # noqa: E402, F401
from achievements.external import admin as external_admin  # noqa: E402, F401
from achievements.final_attestation import admin as final_attestation_admin  # noqa: E402, F401
from achievements.levels import admin as levels_admin  # noqa: E402, F401
from achievements.state_exams import admin as state_exams_admin  # noqa: E402, F401
