"""The Django admin behind the same two factors as the organiser area."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from core.access import has_second_factor


class SecondFactorAdminSite(admin.AdminSite):
    """Admit staff only after a login with a second factor.

    The admin's own password form is replaced by the allauth login, which enforces the
    second factor and the rate limits; staff without an authenticator are sent to set one up.
    """

    site_header = "Kommunalforum"
    site_title = "Kommunalforum"

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and has_second_factor(request.user)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.is_active
            and user.is_staff
            and not has_second_factor(user)
        ):
            return redirect("mfa_activate_totp")
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(next_url)
