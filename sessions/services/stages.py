"""Stages (rooms, streams or tracks): the columns of the programme."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from conferences.models import Event
from conferences.services import diff_fields, record_change
from sessions.models import Session, Stage
from sessions.services.programme import raise_session_sequences


def _validate_stage_name(event: Event, name: str, *, exclude_pk: int | None = None) -> None:
    if not name.strip():
        raise ValidationError({"name": _("Bitte geben Sie einen Namen an.")})
    others = Stage.objects.filter(event=event, name__iexact=name.strip())
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationError(
            {"name": _("Eine Bühne mit diesem Namen gibt es in dieser Veranstaltung schon.")}
        )


@transaction.atomic
def create_stage(
    event: Event, *, actor, name: str, order: int | None = None, description: str = ""
) -> Stage:
    """Add a stage (room or track); without ``order`` it becomes the last column."""
    _validate_stage_name(event, name)
    if order is None:
        order = (Stage.objects.filter(event=event).aggregate(top=Max("order"))["top"] or 0) + 1
    stage = Stage.objects.create(
        event=event, name=name.strip(), order=order, description=description.strip()
    )
    record_change(
        stage,
        team=event.team,
        event=event,
        actor=actor,
        action="stage_created",
        changes={"name": {"old": "", "new": stage.name}},
    )
    return stage


@transaction.atomic
def update_stage(stage: Stage, *, actor, changes: Mapping[str, Any]) -> Stage:
    """Rename, describe or reorder a stage; a rename raises its sessions' sequence."""
    locked = (
        Stage.objects.select_for_update(of=("self",))
        .select_related("event__team")
        .get(pk=stage.pk)
    )
    allowed = {"name", "order", "description"}
    if set(changes) - allowed:
        raise ValueError(f"Not editable through this service: {sorted(set(changes) - allowed)}")
    if "name" in changes:
        _validate_stage_name(locked.event, changes["name"], exclude_pk=locked.pk)
    changed = diff_fields(locked, dict(changes))
    if not changed:
        return locked
    locked.save()
    if "name" in changed:
        raise_session_sequences(Session.objects.filter(stage=locked))
    record_change(
        locked,
        team=locked.event.team,
        event=locked.event,
        actor=actor,
        action="stage_updated",
        changes=changed,
    )
    return locked


@transaction.atomic
def delete_stage(stage: Stage, *, actor) -> None:
    """Delete a stage; its sessions stay in the programme without a stage."""
    locked = (
        Stage.objects.select_for_update(of=("self",))
        .select_related("event__team")
        .get(pk=stage.pk)
    )
    raise_session_sequences(Session.objects.filter(stage=locked))
    record_change(
        locked,
        team=locked.event.team,
        event=locked.event,
        actor=actor,
        action="stage_deleted",
        changes={"name": {"old": locked.name, "new": ""}},
    )
    locked.delete()
