"""Render mails: from templates, and late, in the worker, for mails queued as instructions.

A mail queued with ``queue_deferred_mail`` is a row that names a *renderer* and its JSON
parameters instead of a body. Such a row is cheap to write inside a short critical section
(the seat lock of a registration); the worker renders it from the committed state right
before the send and stores the result in the row, so a retry sends the same bytes.

Renderers belong to the apps that own the data (``registrations`` renders its mails); they
register in ``AppConfig.ready()``, so this app never imports them.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.backends.django import Template as DjangoBackendTemplate
from django.template.loader import get_template
from django.utils import translation

from mailing.models import MailAttachment, OutboundMail


@dataclass(frozen=True)
class RenderedMail:
    """What a renderer returns: the mail as it will be sent."""

    subject: str
    text: str
    html: str = ""
    attachments: Sequence[tuple[str, bytes, str]] = field(default_factory=tuple)
    reply_to: str = ""


class NothingToSend(Exception):
    """Raised by a renderer when its subject no longer exists (for example a deleted row)."""

    def __init__(self, reason: str = "what the mail is about no longer exists") -> None:
        super().__init__(reason)


Renderer = Callable[[dict[str, Any]], RenderedMail]
_renderers: dict[str, Renderer] = {}


def register_renderer(name: str, renderer: Renderer) -> None:
    """Make ``renderer`` render the deferred mails queued under ``name``."""
    _renderers[name] = renderer


def render_templates(
    template: str, context: dict[str, Any], *, language: str
) -> tuple[str, str, str]:
    """Render `<template>_subject.txt`, `<template>.txt` and optional `<template>.html`.

    The templates get ``context`` plus ``SITE_URL`` and, except the subject, ``subject``; no
    context processors run (there is no request). Subject and text are rendered without HTML
    escaping (an event called "Bau & Verkehr" stays so); the HTML is escaped as usual.
    """
    with translation.override(language):
        values = {"SITE_URL": settings.SITE_URL, **context}
        subject = " ".join(_render_plain(f"{template}_subject.txt", values).split())
        values.setdefault("subject", subject)
        text = _tidy_text(_render_plain(f"{template}.txt", values))
        try:
            html_template = get_template(f"{template}.html")
        except TemplateDoesNotExist:
            html = ""
        else:
            html = html_template.render(values)
    return subject, text, html


def materialise(mail: OutboundMail) -> OutboundMail:
    """Render a deferred mail into its row (subject, bodies, attachments) and return it.

    A mail with a stored body is returned unchanged. Raises ``NothingToSend`` when the
    renderer finds nothing to send, and ``LookupError`` for a renderer nobody registered.
    """
    if not mail.renderer:
        return mail
    try:
        renderer = _renderers[mail.renderer]
    except KeyError:
        raise LookupError(f"No mail renderer {mail.renderer!r} is registered.") from None
    with translation.override(mail.language):
        rendered = renderer(dict(mail.render_params))
    mail.subject = " ".join(str(rendered.subject).split())[:998]
    mail.text_body = str(rendered.text)
    mail.html_body = str(rendered.html)
    if rendered.reply_to:
        mail.reply_to = rendered.reply_to.strip()
    mail.renderer = ""
    with transaction.atomic():
        mail.save(update_fields=["subject", "text_body", "html_body", "reply_to", "renderer"])
        MailAttachment.objects.filter(mail=mail).delete()
        MailAttachment.objects.bulk_create(
            MailAttachment(mail=mail, filename=name, content=bytes(content), mimetype=mimetype)
            for name, content, mimetype in rendered.attachments
        )
    return mail


def _render_plain(name: str, values: dict[str, Any]) -> str:
    # The backend's render() always escapes HTML; plain text needs the engine's own Context.
    # Mail templates come from the DjangoTemplates backend, whose templates wrap the engine's.
    template = cast(DjangoBackendTemplate, get_template(name))
    return template.template.render(Context(values, autoescape=False))


def _tidy_text(text: str) -> str:
    """Drop the blank runs that template tags leave, keeping the "-- " signature line."""
    text = re.sub(r"(?m)^[ \t]+$", "", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
