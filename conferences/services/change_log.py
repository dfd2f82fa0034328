"""The change log: who changed which field of an event, programme or team, old → new."""

import datetime
import zoneinfo
from collections.abc import Mapping
from typing import Any, cast

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.enums import Language
from conferences.models import ChangeLogEntry, Event, OrganiserTeam

_MAX_LOGGED_TEXT = 500


def display_value(value: Any, *, field: models.Field | None = None, tz: str = "") -> str:
    """Return ``value`` as a person reads it in the change log.

    Choices show their label, times their wall-clock time in ``tz``, relations their
    names; long texts are cut, because the log shows what changed, not whole documents.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, datetime.datetime):
        zone = zoneinfo.ZoneInfo(tz) if tz else timezone.get_current_timezone()
        return timezone.localtime(value, zone).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        return ", ".join(
            display_value(item, field=field, tz=tz) for item in value if item is not None
        )
    if field is not None and field.choices:
        labels = {str(key): str(label) for key, label in field.flatchoices}
        return labels.get(str(value), str(value))
    if field is not None and field.name == "languages":
        return display_value(str(Language(value).label) if value in Language.values else value)
    text = str(value)
    return text if len(text) <= _MAX_LOGGED_TEXT else f"{text[: _MAX_LOGGED_TEXT - 1]}…"


def record_change(
    obj: models.Model,
    *,
    team: OrganiserTeam,
    event: Event | None,
    actor,
    action: str,
    changes: Mapping[str, Mapping[str, str]] | None = None,
) -> ChangeLogEntry:
    """Write one change log entry for ``obj``.

    ``changes`` maps a field name to ``{"old": …, "new": …}`` display strings; the page
    shows the field's verbose name, looked up from ``object_type`` when it is rendered.
    """
    return ChangeLogEntry.objects.create(
        team=team,
        event=event,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        changes=dict(changes or {}),
    )


def diff_fields(
    instance: models.Model, values: Mapping[str, Any], *, tz: str = ""
) -> dict[str, dict[str, str]]:
    """Apply ``values`` to ``instance`` and return the changed fields, old → new.

    Many-to-many fields are compared by their members and not applied here (they need a
    saved instance); the caller sets them after ``save()``.
    """
    changes: dict[str, dict[str, str]] = {}
    for name, new in values.items():
        # ``values`` name the instance's own editable fields, never reverse relations.
        field = cast(models.Field, instance._meta.get_field(name))
        if field.many_to_many:
            old_items = list(getattr(instance, name).all()) if instance.pk else []
            if {item.pk for item in old_items} != {item.pk for item in new}:
                changes[name] = {
                    "old": display_value(old_items, tz=tz),
                    "new": display_value(list(new), tz=tz),
                }
            continue
        old = getattr(instance, field.name)
        if old != new:
            changes[name] = {
                "old": display_value(old, field=field, tz=tz),
                "new": display_value(new, field=field, tz=tz),
            }
            setattr(instance, field.name, new)
    return changes
