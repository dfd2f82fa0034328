"""Signals of the outbox, for higher apps that react to a mail's fate.

``mail_state_changed`` is sent after commit when a mail reaches ``sent``, ``failed``,
``rejected`` or a delivery state reported by the provider (delivered, bounced, complained).
Arguments: ``mail`` (``OutboundMail``) and ``state`` (a ``MailState`` value). A receiver can,
for example, flag a registration whose confirmation bounced; it must not send mail itself for
the same key.
"""

from django.dispatch import Signal

mail_state_changed = Signal()
