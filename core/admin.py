from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from core.models import LegalPage, SignLanguageFilm, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "language"]}),
        (
            _("Rechte"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Daten"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(LegalPage)
class LegalPageAdmin(admin.ModelAdmin):
    list_display = ["kind", "updated_at"]


@admin.register(SignLanguageFilm)
class SignLanguageFilmAdmin(admin.ModelAdmin):
    """One film at a time: replace its files to update it, rather than adding a second."""

    list_display = ["__str__", "duration", "size", "updated_at"]
    readonly_fields = ["duration", "size", "updated_at"]
    # The file picker offers only what the checks accept; the checks stay the guard.
    accepted_types = {
        "video": "video/mp4,.mp4",
        "captions_de": "text/vtt,.vtt",
        "captions_en": "text/vtt,.vtt",
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in self.accepted_types:
            field.widget.attrs["accept"] = self.accepted_types[db_field.name]
        return field

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not SignLanguageFilm.objects.exists()
