"""Admin for staff: the safety net beside the organiser area, not a replacement for it.

Edits here keep the calendar rules: a change of time, place, format, title or status
raises the iCalendar sequence and is written to the change log, as in the services.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from conferences import services
from conferences.models import ChangeLogEntry, Event, OrganiserTeam, Series, TeamMembership, Topic
from conferences.signals import announce_event_change
from core.sanitize import sanitize_html


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(OrganiserTeam)
class OrganiserTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    inlines = [TeamMembershipInline]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "team"]
    search_fields = ["name"]
    list_filter = ["team"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "format", "status", "starts_at", "team", "sequence"]
    list_filter = ["status", "kind", "format", "audience", "team", "topics"]
    search_fields = ["title", "slug", "summary", "venue_city"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organisation", "host_municipality", "series"]
    filter_horizontal = ["topics"]
    readonly_fields = ["status", "sequence", "published_at", "created_at", "updated_at"]
    actions = ["publish", "cancel"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            services.record_change(
                obj, team=obj.team, event=obj, actor=request.user, action="event_created"
            )
            return
        stored = Event.objects.get(pk=obj.pk)
        fields = [
            name
            for name in form.changed_data
            if name in services.EDITABLE_EVENT_FIELDS and name != "topics"
        ]
        changes = services.diff_fields(
            stored, {name: getattr(obj, name) for name in fields}, tz=obj.time_zone
        )
        services.raise_sequences(obj, changes)
        if "description" in changes:
            obj.description = sanitize_html(obj.description)
        super().save_model(request, obj, form, change)
        if changes:
            entry = services.record_change(
                obj,
                team=obj.team,
                event=obj,
                actor=request.user,
                action="event_updated",
                changes=changes,
            )
            announce_event_change(obj, entry)

    @admin.action(description=_("Ausgewählte Veranstaltungen veröffentlichen"))
    def publish(self, request, queryset) -> None:
        for event in queryset:
            try:
                services.publish_event(event, actor=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{event}: {' '.join(error.messages)}", level=messages.ERROR
                )

    @admin.action(description=_("Ausgewählte Veranstaltungen absagen"))
    def cancel(self, request, queryset) -> None:
        for event in queryset:
            services.cancel_event(event, actor=request.user)


@admin.register(ChangeLogEntry)
class ChangeLogEntryAdmin(admin.ModelAdmin):
    """Read only: the log is evidence of who changed what."""

    list_display = ["created_at", "team", "event", "actor", "action", "object_repr"]
    list_filter = ["action", "team"]
    search_fields = ["object_repr", "actor__email", "event__title"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
