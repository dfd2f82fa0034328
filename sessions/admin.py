"""Admin for staff: stages, speakers and sessions with their lineup.

As in the services, a change of a session's time, title, stage or status raises its
iCalendar sequence and is written to the event's change log.
"""

from django.contrib import admin

from conferences.services import diff_fields, record_change
from sessions.models import Session, SessionSpeaker, Speaker, Stage
from sessions.services import EDITABLE_SESSION_FIELDS, SESSION_SEQUENCE_FIELDS
from sessions.signals import announce_session_change


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "order"]
    list_filter = ["event__team"]
    search_fields = ["name", "event__title"]
    autocomplete_fields = ["event"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["display_name", "function", "organisation", "team", "consent_to_show"]
    list_filter = ["consent_to_show", "team"]
    search_fields = ["first_name", "last_name", "organisation", "function", "slug"]
    autocomplete_fields = ["municipality", "user"]
    prepopulated_fields = {"slug": ["first_name", "last_name"]}
    readonly_fields = ["sequence", "created_at", "updated_at"]


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    extra = 1
    autocomplete_fields = ["speaker"]
    ordering = ["order", "pk"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "kind", "starts_at", "ends_at", "stage", "status"]
    list_filter = ["kind", "status", "event__team"]
    search_fields = ["title", "slug", "event__title"]
    autocomplete_fields = ["event", "stage"]
    readonly_fields = ["sequence", "created_at", "updated_at"]
    inlines = [SessionSpeakerInline]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            record_change(
                obj,
                team=obj.event.team,
                event=obj.event,
                actor=request.user,
                action="session_created",
            )
            return
        stored = Session.objects.get(pk=obj.pk)
        fields = [
            name for name in form.changed_data if name in {*EDITABLE_SESSION_FIELDS, "status"}
        ]
        changes = diff_fields(
            stored, {name: getattr(obj, name) for name in fields}, tz=obj.event.time_zone
        )
        obj.sequence = stored.sequence
        if set(changes) & SESSION_SEQUENCE_FIELDS:
            obj.raise_sequence()
        super().save_model(request, obj, form, change)
        if changes:
            entry = record_change(
                obj,
                team=obj.event.team,
                event=obj.event,
                actor=request.user,
                action="session_updated",
                changes=changes,
            )
            announce_session_change(obj, entry)
