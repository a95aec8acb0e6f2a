from django.contrib import admin

from common.models import DocumentDownload
from common.text import guard_text_field


class RefusesControlCharactersAdmin:
    """Mixed into a ModelAdmin or an inline: every text field generated from the model
    refuses control characters, as the project's own forms do (common/text.py)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        return guard_text_field(field) if field is not None else None


def refusing_control_characters(admin_class: type) -> type:
    """``admin_class`` and its inlines with RefusesControlCharactersAdmin mixed in; the
    admin site applies it to everything registered (config/admin.py)."""
    if issubclass(admin_class, RefusesControlCharactersAdmin):
        return admin_class
    attributes = {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__}
    if getattr(admin_class, "inlines", None):
        attributes["inlines"] = [refusing_control_characters(i) for i in admin_class.inlines]
    return type(admin_class.__name__, (RefusesControlCharactersAdmin, admin_class), attributes)


class LabelledListEditableAdmin(admin.ModelAdmin):
    """A changelist with list_editable gives each row's input its own accessible name
    («Вес: Контрольная работа»): the column heading alone names no input, and axe counts
    every one as an unlabelled field."""

    def get_changelist_form(self, request, **kwargs):
        base = super().get_changelist_form(request, **kwargs)

        class LabelledForm(base):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                for field in self.fields.values():
                    label = str(field.label or "").capitalize()
                    field.widget.attrs["aria-label"] = f"{label}: {self.instance}"

        return LabelledForm


class ReadOnlyHistoryAdmin(admin.ModelAdmin):
    """History and logs are evidence (R-JRN-6, R-SEC-3): nobody adds, changes or deletes
    them here."""

    def get_readonly_fields(self, request, obj=None):
        # Every field is shown, none is a form field: a form field for a foreign key
        # would list the related model through its own admin's ordering, which may
        # name an annotation that only that admin's list has (the credit-transfer
        # list's «urgency»), and the page would fail.
        shown = list(super().get_readonly_fields(request, obj))
        return shown + [f.name for f in self.model._meta.fields if f.name not in shown]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentDownload)
class DocumentDownloadAdmin(ReadOnlyHistoryAdmin):
    list_display = ["downloaded_at", "user", "filename", "object_repr", "kind", "sha256"]
    list_filter = ["kind", "downloaded_at"]
    search_fields = ["user__username", "user__last_name", "object_repr", "filename"]
    list_select_related = ["user"]
