"""Rewards in the admin site: the kinds and the organisation's criteria are settings the
deputy keeps (R-RW-1, R-RW-4); rewards, orders and their history are read here only —
every step of the workflow goes through rewards/services.py from the pages."""

from django.contrib import admin

from common.admin import ReadOnlyHistoryAdmin
from rewards.models import Reward, RewardChange, RewardKind, RewardOrder, RewardRule


@admin.register(RewardKind)
class RewardKindAdmin(admin.ModelAdmin):
    list_display = [
        "name", "code", "nominators", "needs_order", "layout", "for_subject", "to_parents",
        "is_active", "order",
    ]  # fmt: skip
    list_filter = ["is_active", "needs_order", "nominators", "layout"]
    search_fields = ["name", "code"]
    fields = [
        "name", "code", "nominators", "needs_order", "layout", "for_subject", "to_parents",
        "criteria", "is_active", "order",
    ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        # The candidate rules find a kind by its code: renaming the code of a kind in
        # use would silently stop its suggestions.
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        # Rewards refer to their kind; a kind no longer given is switched off instead.
        return False


@admin.register(RewardRule)
class RewardRuleAdmin(admin.ModelAdmin):
    """The one row of criteria (the regulation of the organisation and the order of the
    Ministry of Enlightenment No. 730 for medals)."""

    list_display = ["__str__", "excellent_mark", "activity_min", "graduate_grade"]
    fieldsets = [
        ("Отметки", {"fields": ["excellent_mark", "good_mark"]}),
        ("Похвальный лист", {"fields": ["excellence_grades"]}),
        (
            "Похвальная грамота и грамота",
            {"fields": ["subject_levels", "certificate_levels", "certificate_categories"]},
        ),
        ("Благодарность", {"fields": ["activity_min", "activity_categories"]}),
        (
            "Медаль «За особые успехи в учении»",
            {
                "fields": [
                    "graduate_grade", "medal1_russian", "medal1_other", "medal2_russian",
                    "medal2_other", "medal2_max_good", "basic_maths_mark", "russian_subject",
                    "maths_subject",
                ]
            },
        ),
    ]  # fmt: skip

    def has_add_permission(self, request):
        # One row of settings: the candidate rules read the first one.
        return super().has_add_permission(request) and not RewardRule.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reward)
class RewardAdmin(ReadOnlyHistoryAdmin):
    list_display = ["learner", "kind", "subject", "year", "status", "order", "created_at"]
    list_filter = ["status", "origin", "kind", "year"]
    search_fields = ["learner__last_name", "learner__first_name", "merit"]
    list_select_related = ["learner", "kind", "subject", "year", "order"]
    date_hierarchy = "created_at"


@admin.register(RewardOrder)
class RewardOrderAdmin(ReadOnlyHistoryAdmin):
    list_display = ["__str__", "title", "signed_by_name", "created_at"]
    search_fields = ["number", "title"]
    date_hierarchy = "date"


@admin.register(RewardChange)
class RewardChangeAdmin(ReadOnlyHistoryAdmin):
    list_display = ["changed_at", "reward", "old_status", "new_status", "changed_by", "comment"]
    list_filter = ["new_status", "changed_at"]
    search_fields = ["reward__learner__last_name", "comment"]
    list_select_related = ["reward__learner", "reward__kind", "changed_by"]
