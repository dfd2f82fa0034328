"""Staff view of registrations: read and correct data; status changes go through services."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from registrations import services
from registrations.models import (
    Answer,
    Question,
    Registration,
    RegistrationSettings,
    SessionChoice,
    SessionOption,
)


@admin.register(RegistrationSettings)
class RegistrationSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "event",
        "opens_at",
        "closes_at",
        "capacity",
        "waitlist_enabled",
        "approval_required",
        "audience",
    ]
    list_filter = ["audience", "approval_required", "waitlist_enabled"]
    search_fields = ["event__title"]
    raw_id_fields = ["event"]
    # Capacity changes must promote from the waiting list and never go below the seats
    # taken: the organiser pages call ``change_capacity`` for that.

    def get_readonly_fields(self, request, obj=None):
        return ["capacity"] if obj else []


class SessionChoiceInline(admin.TabularInline):
    model = SessionChoice
    extra = 0
    readonly_fields = ["option", "status", "queued_at"]
    can_delete = False


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    readonly_fields = ["question", "value"]
    can_delete = False


def _apply(modeladmin, request, queryset, service, done: Callable[[int], str]) -> None:
    changed = 0
    for registration in queryset:
        try:
            service(registration)
        except services.RegistrationError as error:
            modeladmin.message_user(
                request, f"{registration}: {error.message}", level=messages.WARNING
            )
        else:
            changed += 1
    if changed:
        modeladmin.message_user(
            request, done(changed) % {"count": changed}, level=messages.SUCCESS
        )


@admin.action(description=_("Ausgewählte Anmeldungen freigeben"))
def approve(modeladmin, request, queryset):
    _apply(
        modeladmin,
        request,
        queryset,
        services.approve_registration,
        lambda n: ngettext(
            "%(count)d Anmeldung freigegeben.", "%(count)d Anmeldungen freigegeben.", n
        ),
    )


@admin.action(description=_("Ausgewählte Anmeldungen ablehnen"))
def reject(modeladmin, request, queryset):
    _apply(
        modeladmin,
        request,
        queryset,
        services.reject_registration,
        lambda n: ngettext(
            "%(count)d Anmeldung abgelehnt.", "%(count)d Anmeldungen abgelehnt.", n
        ),
    )


@admin.action(description=_("Ausgewählte Anmeldungen stornieren"))
def cancel(modeladmin, request, queryset):
    _apply(
        modeladmin,
        request,
        queryset,
        lambda registration: services.cancel_registration(registration, by_organiser=True),
        lambda n: ngettext(
            "%(count)d Anmeldung storniert.", "%(count)d Anmeldungen storniert.", n
        ),
    )


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "event", "status", "municipality", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["email", "first_name", "last_name", "organisation_name"]
    list_select_related = ["event", "municipality"]
    raw_id_fields = ["user", "municipality"]
    actions = [approve, reject, cancel]
    inlines = [AnswerInline, SessionChoiceInline]
    readonly_fields = [
        "event",
        "status",
        "outcome",
        "queued_at",
        "token_version",
        "privacy_accepted_at",
        "privacy_notice_version",
        "directory_consent",
        "directory_consent_at",
        "directory_consent_version",
        "recording_acknowledged_at",
        "confirm_by",
        "confirmed_at",
        "decided_at",
        "cancelled_at",
        "checked_in_at",
        "added_by",
        "sequence",
        "created_at",
        "updated_at",
    ]
    fields = [
        "email",
        "first_name",
        "last_name",
        "user",
        "municipality",
        "organisation_type",
        "organisation_name",
        "language",
        "internal_note",
        *readonly_fields,
    ]

    def has_add_permission(self, request) -> bool:
        # New registrations need the seat rules of add_registration_manually.
        return False


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["label", "event", "kind", "required", "order"]
    list_filter = ["kind"]
    search_fields = ["label", "event__title"]
    raw_id_fields = ["event"]


@admin.register(SessionOption)
class SessionOptionAdmin(admin.ModelAdmin):
    list_display = ["session", "event", "capacity", "order"]
    search_fields = ["session__title", "event__title"]
    raw_id_fields = ["event", "session"]

    def get_readonly_fields(self, request, obj=None):
        # Like the event's capacity: changed through change_option_capacity.
        return ["capacity"] if obj else []


# The requests' admin registers itself on import.
from registrations.requests import admin as requests_admin  # noqa: E402, F401
