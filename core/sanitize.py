"""Safe formatted text: the small HTML subset organisers may use in descriptions.

Descriptions are cleaned when they are saved (by the services that write them) and may be
cleaned again when rendered; cleaning is idempotent, so doing both costs little and protects
rows written by other paths (admin, data migrations, imports).
"""

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}
)
ALLOWED_ATTRIBUTES = {"a": frozenset({"href"})}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
_ALLOWED_HREF_PREFIXES = ("http://", "https://", "mailto:")


def _keep_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    """Drop relative and schemeless links: a description only links out or to a mailbox."""
    if tag == "a" and attribute == "href":
        return value if value.strip().lower().startswith(_ALLOWED_HREF_PREFIXES) else None
    return value


def sanitize_html(html: str) -> str:
    """Return ``html`` reduced to the allowed tags, with links opened safely.

    Disallowed tags are removed but their text is kept; ``script`` and ``style`` lose their
    content too. Links keep only ``href`` with http, https or mailto and get
    ``rel="noopener"``.
    """
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep_absolute_links,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener",
        strip_comments=True,
    ).strip()
