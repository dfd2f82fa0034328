"""How django-allauth talks to people: their language, its messages, its mails.

allauth's own German catalogue addresses people informally ("du"); a public body's site
addresses them formally, so the messages a visitor can meet are restated here in German,
with English translations in the project's catalogue.
"""

import ipaddress
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.encryption import decrypt_secret, encrypt_secret
from core.models import User


def supported_language(code: str | None) -> str | None:
    """Return ``code`` cut to a language of the site, or None if the site has no such one."""
    if not code:
        return None
    base = code.lower().split("-")[0]
    return base if base in {language for language, _name in settings.LANGUAGES} else None


def mail_language(email: str, context: dict[str, Any]) -> str:
    """Pick the language of a mail to ``email``: its account's, else the visitor's.

    A mail to an address without an account (unknown-account notices) goes out in the
    language of the page that triggered it.
    """
    user = context.get("user")
    if not isinstance(user, User):
        address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        user = address.user if address else User.objects.filter(email__iexact=email).first()
    chosen = supported_language(getattr(user, "language", None))
    return chosen or supported_language(translation.get_language()) or settings.LANGUAGE_CODE


#: Context keys of allauth's mails that hold a link back to the site.
_LINK_KEYS = ("activate_url", "password_reset_url", "signup_url")
# IPv6 clients usually hold a whole /64: one such client is one network, not one address.
_IPV6_PREFIX = 64


def on_site(url: str) -> str:
    """Return ``url`` with the scheme and host of ``SITE_URL``, path and query kept.

    allauth builds links from the request's Host header; a mail must point at the site
    itself whatever Host a request claimed (a proxy's inner name, a forged header).
    """
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(url)
    base_path = site.path.rstrip("/")
    return urlunsplit((site.scheme, site.netloc, base_path + parts.path, parts.query, ""))


def client_network(address: str) -> str:
    """Return the client's address, an IPv6 address cut to its /64 network."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.IPv6Network(f"{parsed}/{_IPV6_PREFIX}", strict=False).network_address)
    return address


class AccountAdapter(DefaultAccountAdapter):
    """Keep the visitor's interface language on the account, so mails go out in it."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("Dieses Konto ist gesperrt."),
        "cannot_remove_primary_email": _("Die Hauptadresse kann nicht entfernt werden."),
        "duplicate_email": _("Diese E-Mail-Adresse gehört bereits zu Ihrem Konto."),
        "email_password_mismatch": _("E-Mail-Adresse oder Passwort sind nicht korrekt."),
        "email_taken": _("Zu dieser E-Mail-Adresse gibt es bereits ein Konto."),
        "enter_current_password": _("Bitte geben Sie Ihr aktuelles Passwort ein."),
        "incorrect_code": _("Der Code ist nicht korrekt."),
        "incorrect_password": _("Das Passwort ist nicht korrekt."),
        "invalid_or_expired_key": _("Der Link ist ungültig oder abgelaufen."),
        "invalid_login": _("Die Anmeldung ist fehlgeschlagen."),
        "invalid_password_reset": _("Der Link zum Zurücksetzen des Passworts ist ungültig."),
        "max_email_addresses": _("Sie können höchstens %d E-Mail-Adressen hinterlegen."),
        "too_many_login_attempts": _(
            "Zu viele fehlgeschlagene Anmeldeversuche. "
            "Bitte versuchen Sie es in einigen Minuten erneut."
        ),
        "unknown_email": _("Zu dieser E-Mail-Adresse gibt es kein Konto."),
        "unverified_primary_email": _("Ihre Hauptadresse muss bestätigt sein."),
        "select_only_one": _("Bitte wählen Sie nur eine Adresse aus."),
        "same_as_current": _("Der neue Wert muss sich vom bisherigen unterscheiden."),
        "rate_limited": _(
            "Zu viele Anfragen. Bitte warten Sie einen Moment und versuchen Sie es dann erneut."
        ),
    }

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        user = super().save_user(request, user, form, commit=False)
        user.language = supported_language(getattr(request, "LANGUAGE_CODE", None)) or "de"
        if commit:
            user.save()
        return user

    def login(self, request: HttpRequest, user) -> None:
        """Log in, and remember the language the person signed in with for later mails."""
        super().login(request, user)
        language = supported_language(getattr(request, "LANGUAGE_CODE", None))
        if language and language != user.language:
            user.language = language
            User.objects.filter(pk=user.pk).update(language=language)

    def get_email_confirmation_url(
        self, request: HttpRequest, emailconfirmation: EmailConfirmation
    ) -> str:
        """Link to the confirmation page in the account's language, like the mail around it."""
        user = emailconfirmation.email_address.user
        language = supported_language(user.language) or settings.LANGUAGE_CODE
        with translation.override(language):
            return on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        """Link to the page that sets a new password, on ``SITE_URL``."""
        return on_site(super().get_reset_password_from_key_url(key))

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Count failed logins per address *and* client, not per address alone.

        allauth's ``login_failed`` limit per ``key`` would otherwise let anyone lock an
        organiser out by typing five wrong passwords for the address. Guessing from many
        clients stays bounded by the per-IP rate of the same limit, and organisers also need
        their second factor. (A private hook of allauth's adapter: it is the one place that
        both counting and the reset after a new password read; the rate-limit tests guard it.)
        """
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{client_network(self.get_client_ip(request))}"

    def send_password_reset_mail(self, user, email: str, context: dict[str, Any]) -> None:
        """Send the reset link in the account's language, pointing at pages in that language."""
        language = supported_language(user.language) or settings.LANGUAGE_CODE
        with translation.override(language):
            key = f"{context['uid']}-{context['key']}"
            context = {**context, "password_reset_url": self.get_reset_password_from_key_url(key)}
            super().send_password_reset_mail(user, email, context)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render and send an allauth mail in its recipient's language, linking to SITE_URL."""
        context = {
            **context,
            **{key: on_site(context[key]) for key in _LINK_KEYS if context.get(key)},
        }
        with translation.override(mail_language(email, context)):
            super().send_mail(template_prefix, email, context)


class MFAAdapter(DefaultMFAAdapter):
    """Store second-factor secrets encrypted (core/encryption.py)."""

    def encrypt(self, text: str) -> str:
        return encrypt_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_secret(encrypted_text)
