"""anymail's tracking webhooks: which one is mounted, and how unreadable posts are refused.

Only the tracking webhook of the provider that sends the mail (``MAIL_PROVIDER``) is mounted,
and only while ``ANYMAIL["WEBHOOK_SECRET"]`` is set: an unprotected webhook lets anyone mark
mails as bounced or delivered. The other providers' endpoints and anymail's inbound endpoints
stay unmounted, so they cannot fail on a missing signing key or be probed.
"""

import base64
import logging
from collections.abc import Callable
from functools import cache

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.utils import get_anymail_setting
from anymail.webhooks.base import AnymailCoreWebhookView
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

logger = logging.getLogger(__name__)

# MAIL_PROVIDER values that do not go through anymail.
NON_ANYMAIL_PROVIDERS = frozenset({"console", "smtp"})


class UnreadableWebhookPost(SuspiciousOperation):
    """A webhook post that the provider's parser cannot read; Django answers it with 400."""


def configured_provider() -> str:
    """Return the anymail ESP named by ``MAIL_PROVIDER`` ("postmark", ...), or "" for none."""
    provider = str(getattr(settings, "MAIL_PROVIDER", "") or "").strip().lower()
    return "" if provider in NON_ANYMAIL_PROVIDERS else provider


def webhook_secret_configured() -> bool:
    """Tell whether anymail's webhooks demand basic auth (``ANYMAIL["WEBHOOK_SECRET"]``)."""
    return bool(get_anymail_setting("webhook_secret", default=None))


@cache
def tracking_view_classes() -> dict[str, type[AnymailCoreWebhookView]]:
    """Return anymail's tracking webhook view for each ESP it supports, by ESP name."""
    views = {}
    for pattern in anymail_urls.urlpatterns:
        name = pattern.name or ""
        if name.endswith("_tracking_webhook"):
            views[name.removesuffix("_tracking_webhook")] = pattern.callback.view_class
    return views


def mounted_tracking_view(esp: str) -> Callable[[HttpRequest], HttpResponse] | None:
    """Return the view for ``esp``'s tracking webhook, or None while it must not be reachable.

    Read per request, so that a changed configuration never needs a new URLconf.
    """
    if esp != configured_provider() or not webhook_secret_configured():
        return None
    if esp not in tracking_view_classes():
        return None
    return _strict_view(esp)


@cache
def _strict_view(esp: str) -> Callable[[HttpRequest], HttpResponse]:
    base = tracking_view_classes()[esp]

    # anymail's signature checks and parsers assume well-formed posts and raise whatever the
    # body provokes (a JSONDecodeError, a TypeError, ...): that is the sender's error, a 400,
    # not a 500 that the provider would repeat. A missing setting stays a 500 (the deploy
    # check reports it), and so do errors in the receivers: they are ours.
    def run_validators(self: AnymailCoreWebhookView, request: HttpRequest) -> None:
        try:
            base.run_validators(self, request)
        except (AnymailWebhookValidationFailure, ImproperlyConfigured):
            raise
        except Exception as error:
            raise _unreadable(esp, error) from error

    def parse_events(self: AnymailCoreWebhookView, request: HttpRequest) -> list:
        try:
            return list(base.parse_events(self, request))
        except AnymailWebhookValidationFailure:
            raise
        except Exception as error:
            raise _unreadable(esp, error) from error

    strict = type(
        base.__name__,
        (base,),
        {"run_validators": run_validators, "parse_events": parse_events, "__module__": __name__},
    )
    return strict.as_view()


def _unreadable(esp: str, error: Exception) -> UnreadableWebhookPost:
    # Only the type: the message may quote the body, which can hold addresses.
    logger.warning("Unreadable %s webhook post refused (%s).", esp, type(error).__name__)
    return UnreadableWebhookPost(f"Unreadable {esp} webhook post.")


def tracking_view_problem(esp: str) -> str:
    """Return why the tracking webhook of ``esp`` (a known ESP) cannot answer, or "" if it can.

    anymail builds the view per request and some views read their signing key only when a
    post arrives; a missing key or package then fails every provider call with a 500, so the
    deploy check reports it beforehand. The probe is an empty post with the right secret; any
    other refusal of it is expected.
    """
    secret = get_anymail_setting("webhook_secret", default="")
    secret = secret[0] if isinstance(secret, list | tuple) and secret else secret
    probe = RequestFactory().post(
        f"/anymail/{esp}/tracking/",
        data=b"",
        content_type="application/json",
        headers={"Authorization": "Basic " + base64.b64encode(str(secret).encode()).decode()},
    )
    try:
        view = tracking_view_classes()[esp]()
        view.run_validators(probe)
    except ImproperlyConfigured as error:
        return str(error).splitlines()[0] if str(error) else type(error).__name__
    except Exception:
        # The empty probe may fail validation in any other way: that is the expected refusal.
        return ""
    return ""
