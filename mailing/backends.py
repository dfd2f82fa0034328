"""Mail backends of the project; production sends through SMTP or anymail instead."""

import email.message

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend
from django.core.mail.message import EmailMessage

# Headers that describe the MIME encoding, not the mail: nobody reading the console needs them.
MIME_HEADERS = frozenset({"content-type", "content-transfer-encoding", "mime-version"})
SEPARATOR = "-" * 79


class ConsoleBackend(DjangoConsoleBackend):
    """Print each mail readably: its headers and its decoded text part, with links whole.

    Django's console backend prints the MIME source, whose quoted-printable text breaks long
    links across lines with "=" soft breaks, so a developer can neither click nor copy them.
    The HTML part and the attachments are only named: the text part is where a developer
    follows the links.
    """

    def write_message(self, message: EmailMessage) -> None:
        self.stream.write(render_for_console(message.message()))


def render_for_console(mime: email.message.EmailMessage) -> str:
    """Return the headers, the decoded text and a list of the other parts of ``mime``."""
    lines = [
        f"{name}: {value}" for name, value in mime.items() if name.lower() not in MIME_HEADERS
    ]
    text_part = mime.get_body(preferencelist=("plain",))
    lines.append("")
    lines.append(text_part.get_content().rstrip("\n") if text_part is not None else "(no text)")
    others = [part for part in mime.walk() if not part.is_multipart() and part is not text_part]
    if others:
        lines.append("")
    for part in others:
        name = part.get_filename()
        kind = f"attachment {name}" if name else "alternative"
        lines.append(f"[{kind}: {part.get_content_type()}]")
    return "\n".join([*lines, SEPARATOR, ""])
