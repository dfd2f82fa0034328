"""Receivers of other libraries' signals; connected in ``MailingConfig.ready()``."""

from anymail.signals import AnymailTrackingEvent

from mailing.services import record_tracking_event


def handle_tracking_event(
    sender: object, *, event: AnymailTrackingEvent, esp_name: str, **kwargs: object
) -> None:
    """Record one event from anymail's tracking webhook on its mail.

    An exception here turns into an HTTP 500 for the provider, which then repeats the call;
    repeated events are recognised by their provider event id.
    """
    record_tracking_event(event, esp_name=esp_name)
