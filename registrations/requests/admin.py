"""Requests in the admin: read them with their notes and status changes."""

from django.contrib import admin

from registrations.requests.models import RequestNote, RequestStatusChange, WorkshopRequest


class RequestNoteInline(admin.TabularInline):
    model = RequestNote
    extra = 0
    fields = ["created_at", "author", "text"]
    readonly_fields = ["created_at", "author", "text"]
    can_delete = False


class RequestStatusChangeInline(admin.TabularInline):
    model = RequestStatusChange
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WorkshopRequest)
class WorkshopRequestAdmin(admin.ModelAdmin):
    """Read-mostly: status changes and scheduling go through the inbox, which mails people."""

    list_display = ["municipality", "contact_name", "kind", "status", "team", "created_at"]
    list_filter = ["status", "kind", "team", "municipality__region"]
    search_fields = ["municipality__name", "contact_name", "email"]
    list_select_related = ["municipality", "team"]
    readonly_fields = [
        field.name for field in WorkshopRequest._meta.fields if field.name != "id"
    ] + ["topics"]
    inlines = [RequestNoteInline, RequestStatusChangeInline]

    def has_add_permission(self, request) -> bool:
        return False
