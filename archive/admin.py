from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from archive import services
from archive.models import RetentionRule
from learners.access import has_role
from learners.models import Role

UNCONFIRMED = "требует подтверждения"


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    """The clerk keeps the nomenclature; the director confirms its terms (R-AR-4)."""

    list_display = ["document_type", "term_shown", "legal_basis", "confirmation"]
    list_filter = ["term", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["document_type", "legal_basis"]
    fields = ["document_type", "term", "years", "legal_basis", "confirmed_at", "confirmed_by"]
    readonly_fields = ["confirmed_at", "confirmed_by"]
    actions = ["confirm"]

    @admin.display(description="срок хранения")
    def term_shown(self, rule):
        return rule.term_text

    @admin.display(description="подтверждение")
    def confirmation(self, rule):
        if rule.confirmed_at is None:
            return UNCONFIRMED
        return f"подтверждён {rule.confirmed_at:%d.%m.%Y}"

    def has_delete_permission(self, request, obj=None):
        # A line leaves the nomenclature by a decision recorded elsewhere, never by a
        # click: documents kept under it would lose their term.
        return False

    def has_confirm_permission(self, request):
        return has_role(request.user, Role.DIRECTOR)

    @admin.action(description="Подтвердить сроки хранения", permissions=["confirm"])
    def confirm(self, request, queryset):
        try:
            count = services.retention_rules_confirm(rules=list(queryset), actor=request.user)
        except PermissionDenied as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return
        if count:
            self.message_user(request, f"Подтверждено сроков хранения: {count}.")
        else:
            self.message_user(request, "Выбранные сроки уже были подтверждены.")

    def save_model(self, request, obj, form, change):
        services.retention_rule_save(rule=obj, actor=request.user)

    def changelist_view(self, request, extra_context=None):
        # Only on the page itself: an action's POST redirects to it, and a count taken
        # before the action ran would be stale.
        waiting = request.method == "GET" and (
            RetentionRule.objects.filter(confirmed_at__isnull=True).count()
        )
        if waiting:
            self.message_user(
                request,
                f"Сроков, которые требуют подтверждения: {waiting}. Они внесены по перечню, "
                "утверждённому приказом Росархива от 20.12.2019 № 236, но не сверены с его "
                "официальным текстом: директор подтверждает каждый срок после проверки.",
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)
