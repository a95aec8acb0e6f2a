"""The register of events in the admin site, read-only (achievements/admin.py imports
this module): an event's participants get their achievements through
achievements.events.services, which a form here would bypass."""

from django.contrib import admin

from achievements.models import Event, EventParticipant
from common.admin import ReadOnlyHistoryAdmin


class EventParticipantInline(admin.TabularInline):
    model = EventParticipant
    fields = ["learner", "result", "achievement"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "level", "starts_on", "ends_on", "organiser", "created_by"]
    list_filter = ["level", "category", "starts_on"]
    search_fields = ["title", "organiser"]
    list_select_related = ["created_by"]
    date_hierarchy = "starts_on"
    inlines = [EventParticipantInline]
