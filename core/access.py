"""Access rules shared by every app: who must have a second factor."""

from collections.abc import Callable
from functools import wraps

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def has_second_factor(user) -> bool:
    """True when the account has an authenticator that allauth asks for at login.

    allauth asks for a TOTP (or WebAuthn) factor at every login of such an account, so a
    logged-in session of it has passed both factors. Recovery codes alone do not count:
    allauth does not ask for them at login (they can be left over when staff delete an
    authenticator in the admin).
    """
    return bool(
        user.is_authenticated
        and is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])
    )


def second_factor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send people without a second factor to log in or to set one up first."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_second_factor(request.user):
            messages.warning(
                request,
                _(
                    "Für den Veranstaltungsbereich brauchen Sie einen zweiten Faktor. "
                    "Bitte richten Sie eine Authenticator-App ein."
                ),
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper
