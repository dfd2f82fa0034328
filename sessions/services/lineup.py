"""Who is on a session's stage, in which role and order (e.g. a panel's lineup)."""

from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from conferences.services import record_change
from sessions.enums import SpeakerRole
from sessions.models import Session, SessionSpeaker, Speaker
from sessions.services.programme import Saved, double_bookings


def _renumber(session: Session) -> list[SessionSpeaker]:
    roles = list(SessionSpeaker.objects.select_for_update(of=("self",)).filter(session=session))
    for index, role in enumerate(roles):
        if role.order != index:
            role.order = index
            role.save(update_fields=["order"])
    return roles


@transaction.atomic
def add_session_speaker(
    session: Session, *, actor, speaker: Speaker, role: str, order: int | None = None
) -> Saved[SessionSpeaker]:
    """Put ``speaker`` into the session's lineup in ``role`` (at the end unless ``order``).

    Returns warnings when the speaker is booked elsewhere at the same time.
    """
    session = Session.objects.select_related("event__team").get(pk=session.pk)
    if role not in SpeakerRole.values:
        raise ValidationError({"role": _("Unbekannte Rolle.")})
    if speaker.team_id != session.event.team_id:
        raise ValidationError({"speaker": _("Diese Person gehört zu einem anderen Team.")})
    if SessionSpeaker.objects.filter(session=session, speaker=speaker, role=role).exists():
        raise ValidationError(
            {
                "speaker": _("%(name)s ist hier schon in der Rolle „%(role)s“ eingetragen.")
                % {"name": speaker.display_name, "role": SpeakerRole(role).label}
            }
        )
    roles = _renumber(session)
    position = len(roles) if order is None else max(0, min(order, len(roles)))
    for existing in roles[position:]:
        existing.order += 1
        existing.save(update_fields=["order"])
    entry = SessionSpeaker.objects.create(
        session=session, speaker=speaker, role=role, order=position
    )
    record_change(
        entry,
        team=session.event.team,
        event=session.event,
        actor=actor,
        action="speaker_added",
        changes={
            "role": {"old": "", "new": f"{speaker.display_name}: {entry.get_role_display()}"}
        },
    )
    return Saved(entry, _warnings_for(session, speaker))


def _warnings_for(session: Session, speaker: Speaker) -> list[str]:
    prefix = f"{speaker.display_name} "
    return [warning for warning in double_bookings(session) if warning.startswith(prefix)]


@transaction.atomic
def remove_session_speaker(entry: SessionSpeaker, *, actor) -> None:
    """Take a speaker's role out of the session and close the gap in the order."""
    locked = (
        SessionSpeaker.objects.select_for_update(of=("self",))
        .select_related("speaker", "session__event__team")
        .get(pk=entry.pk)
    )
    session = locked.session
    record_change(
        locked,
        team=session.event.team,
        event=session.event,
        actor=actor,
        action="speaker_removed",
        changes={
            "role": {
                "old": f"{locked.speaker.display_name}: {locked.get_role_display()}",
                "new": "",
            }
        },
    )
    locked.delete()
    _renumber(session)


@transaction.atomic
def move_session_speaker(
    entry: SessionSpeaker, *, actor, direction: Literal["up", "down"]
) -> SessionSpeaker:
    """Swap a speaker with the neighbour above or below; at either end nothing moves."""
    if direction not in {"up", "down"}:
        raise ValidationError(_("Unbekannte Richtung."))
    session = Session.objects.select_related("event__team").get(pk=entry.session_id)
    roles = _renumber(session)
    index = next(i for i, role in enumerate(roles) if role.pk == entry.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(roles):
        return roles[index]
    moved, other = roles[index], roles[other_index]
    moved.order, other.order = other.order, moved.order
    moved.save(update_fields=["order"])
    other.save(update_fields=["order"])
    record_change(
        moved,
        team=session.event.team,
        event=session.event,
        actor=actor,
        action="speaker_moved",
        changes={"order": {"old": str(other.order + 1), "new": str(moved.order + 1)}},
    )
    return moved
