from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_webhook_secret(**kwargs: object) -> list[CheckMessage]:
    """Warn when a provider sends through anymail but its webhooks accept anyone.

    Without ``ANYMAIL["WEBHOOK_SECRET"]`` anymail's tracking webhooks take events from any
    caller, who could then mark mails as bounced or delivered at will.
    """
    backend = settings.MAILERS.get("default", {}).get("BACKEND", "")
    anymail_settings = getattr(settings, "ANYMAIL", {}) or {}
    if backend.startswith("anymail.") and not anymail_settings.get("WEBHOOK_SECRET"):
        return [
            Warning(
                "Mail goes through anymail, but ANYMAIL_WEBHOOK_SECRET is not set.",
                hint="Set ANYMAIL_WEBHOOK_SECRET to 'user:password' (random) and configure the "
                "provider's tracking webhook as https://user:password@host/anymail/<esp>/tracking/.",
                id="mailing.W001",
            )
        ]
    return []
