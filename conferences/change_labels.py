"""What each change-log action reads as, filled by the apps that write those actions.

The change log lives in ``conferences``, but stages, sessions, speakers and requests belong to
higher apps: they register their labels in ``AppConfig.ready()`` so this app never imports them.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

_labels: dict[str, str | Promise] = {}
_field_labels: dict[str, str | Promise] = {}


def register(
    actions: dict[str, str | Promise], *, fields: dict[str, str | Promise] | None = None
) -> None:
    """Add the labels of an app's change-log actions (and of extra fields it logs)."""
    _labels.update(actions)
    _field_labels.update(fields or {})


def action_label(action: str) -> str | Promise:
    """The label of ``action``, or the raw action name for one nobody registered."""
    return _labels.get(action, action)


def field_label(name: str) -> str | Promise | None:
    """The label of an extra field that is no model field (``None`` if unknown)."""
    return _field_labels.get(name)


register(
    {
        "event_created": gettext_lazy("Veranstaltung angelegt"),
        "event_updated": gettext_lazy("Veranstaltung geändert"),
        "event_published": gettext_lazy("Veranstaltung veröffentlicht"),
        "event_cancelled": gettext_lazy("Veranstaltung abgesagt"),
        "event_reinstated": gettext_lazy("Absage zurückgenommen"),
        "event_duplicated": gettext_lazy("Veranstaltung als Kopie angelegt"),
        "series_created": gettext_lazy("Reihe angelegt"),
        "member_added": gettext_lazy("Mitglied hinzugefügt"),
        "member_role_changed": gettext_lazy("Rolle geändert"),
        "member_removed": gettext_lazy("Mitglied entfernt"),
    },
    fields={"source": gettext_lazy("Kopie von"), "display_name": gettext_lazy("Name")},
)
