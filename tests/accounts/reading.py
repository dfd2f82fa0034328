"""Read what a person sees: the text of a page's main area, the links in a mail."""

import re
from html.parser import HTMLParser

from django.conf import settings


def main_text(response) -> str:
    """Return the visible text of the page's <main>, tags dropped, whitespace collapsed."""
    html = response.content.decode()
    main = html[html.index('<main id="main"') : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def link_in(mail, path_prefix: str) -> str:
    """Return the path of the first link to the site (``SITE_URL``) in ``mail`` that starts
    with ``path_prefix``."""
    site = re.escape(settings.SITE_URL.rstrip("/"))
    match = re.search(rf"{site}({re.escape(path_prefix)}\S*)", mail.body)
    assert match, mail.body
    return match.group(1)


def code_in(mail) -> str:
    """Return the code that stands alone on its own line in ``mail``."""
    match = re.search(r"\n\n([A-Z0-9-]{6,})\n\n", mail.body)
    assert match, mail.body
    return match.group(1)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.h1_depth = 0
        self.h1_texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "h1":
            self.h1_depth += 1
            self.h1_texts.append("")

    def handle_endtag(self, tag):
        if tag == "h1":
            self.h1_depth -= 1

    def handle_data(self, data):
        if self.h1_depth:
            self.h1_texts[-1] += data


def parse(response) -> _Tags:
    """Parse a page into its start tags (with attributes) and the texts of its h1s."""
    tags = _Tags()
    tags.feed(response.content.decode())
    return tags


def headings(response) -> list[str]:
    """Return the text of every h1 on the page, whitespace collapsed."""
    return [" ".join(text.split()) for text in parse(response).h1_texts]
