"""Reading the registrations pages in tests as a person would: the visible text."""

import html
import re


def text_of(response) -> str:
    """The page's visible text, whitespace collapsed, for exact sentence checks."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(body).split())
