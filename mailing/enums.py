from django.db import models
from django.utils.translation import gettext_lazy as _


class MailState(models.TextChoices):
    """Where one outbound mail stands; the delivery states come from the provider's webhooks."""

    QUEUED = "queued", _("in Warteschlange")
    SENDING = "sending", _("wird gesendet")
    SENT = "sent", _("gesendet")
    DELIVERED = "delivered", _("zugestellt")
    BOUNCED = "bounced", _("unzustellbar")
    COMPLAINED = "complained", _("als Spam gemeldet")
    REJECTED = "rejected", _("abgelehnt")
    FAILED = "failed", _("fehlgeschlagen")


class MailCategory(models.TextChoices):
    """Known categories; the field takes any short string so that apps may add their own."""

    TRANSACTIONAL = "transactional", _("Transaktionsmail")
    CAMPAIGN = "campaign", _("Rundmail")


# anymail's normalised tracking event types that decide a mail's delivery state. Other types
# (queued, sent, deferred, autoresponded, unsubscribed, ...) are stored as events only.
TRACKING_STATES: dict[str, MailState] = {
    "delivered": MailState.DELIVERED,
    "bounced": MailState.BOUNCED,
    "complained": MailState.COMPLAINED,
    "rejected": MailState.REJECTED,
    "failed": MailState.FAILED,
}

# Engagement tracking (opens, clicks) is neither needed nor proportionate for a public body's
# mail: such events are dropped, not stored.
IGNORED_TRACKING_EVENTS = frozenset({"opened", "clicked"})
