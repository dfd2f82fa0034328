from django.core.checks import CheckMessage, Error, Tags, Warning, register

from mailing.webhooks import (
    configured_provider,
    tracking_view_classes,
    tracking_view_problem,
    webhook_secret_configured,
)


@register(Tags.security, deploy=True)
def check_webhook_secret(**kwargs: object) -> list[CheckMessage]:
    """Fail when a provider sends through anymail but its tracking webhook cannot be secured.

    Without ``ANYMAIL["WEBHOOK_SECRET"]`` the tracking webhook stays unmounted, so delivery
    states are never tracked; mounting it without the secret would let anyone mark mails as
    bounced or delivered. A webhook that anymail cannot build (missing signing key or package)
    would answer every provider call with a 500.
    """
    provider = configured_provider()
    if not provider:
        return []
    if not webhook_secret_configured():
        return [
            Error(
                f"Mail goes through anymail ({provider}), but ANYMAIL_WEBHOOK_SECRET is not "
                "set: its tracking webhook stays unmounted and no delivery state is tracked.",
                hint="Set ANYMAIL_WEBHOOK_SECRET to 'user:password' (random) and configure the "
                f"provider's tracking webhook as https://user:password@host/anymail/{provider}"
                "/tracking/.",
                id="mailing.E001",
            )
        ]
    if provider not in tracking_view_classes():
        return [
            Warning(
                f"anymail has no tracking webhook for {provider!r}: delivery states are not "
                "tracked.",
                id="mailing.W002",
            )
        ]
    problem = tracking_view_problem(provider)
    if problem:
        return [
            Error(
                f"The tracking webhook of {provider} cannot answer: {problem}",
                id="mailing.E002",
            )
        ]
    return []
