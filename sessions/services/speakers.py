"""Speakers of a team: their data and photo (checked by content, at most 2 MB)."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from conferences.models import OrganiserTeam
from conferences.services import diff_fields, record_change, unique_slug
from sessions.models import Session, Speaker
from sessions.services.programme import raise_session_sequences

EDITABLE_SPEAKER_FIELDS = (
    "slug",
    "academic_title",
    "first_name",
    "last_name",
    "function",
    "organisation",
    "municipality",
    "bio",
    "photo",
    "consent_to_show",
    "user",
)
MAX_PHOTO_BYTES = 2 * 1024 * 1024
PHOTO_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})


def validate_photo(photo: UploadedFile) -> None:
    """Accept only a real JPEG, PNG or WebP image of at most 2 MB.

    Pillow reads the file's own header: a renamed PDF or script fails even with a
    ``.jpg`` name.
    """
    if photo.size is not None and photo.size > MAX_PHOTO_BYTES:
        raise ValidationError({"photo": _("Das Foto darf höchstens 2 MB groß sein.")})
    position = photo.tell() if hasattr(photo, "tell") else 0
    try:
        photo.seek(0)
        with Image.open(photo) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            {"photo": _("Diese Datei ist kein lesbares Bild (JPEG, PNG oder WebP).")}
        ) from error
    finally:
        photo.seek(position)
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(
            {"photo": _("Bitte laden Sie ein Foto als JPEG, PNG oder WebP hoch.")}
        )


def _prepare_speaker_values(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(EDITABLE_SPEAKER_FIELDS)
    if unknown:
        raise ValueError(f"Not editable through this service: {sorted(unknown)}")
    prepared = {
        key: value.strip() if isinstance(value, str) else value for key, value in values.items()
    }
    photo = prepared.get("photo")
    if isinstance(photo, UploadedFile):
        validate_photo(photo)
    return prepared


def _validate_speaker(speaker: Speaker) -> None:
    errors = {}
    if not speaker.first_name:
        errors["first_name"] = _("Bitte geben Sie den Vornamen an.")
    if not speaker.last_name:
        errors["last_name"] = _("Bitte geben Sie den Nachnamen an.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_speaker(team: OrganiserTeam, *, actor, values: Mapping[str, Any]) -> Speaker:
    """Add a person to the team's speakers; a blank slug comes from the name."""
    prepared = _prepare_speaker_values(values)
    speaker = Speaker(team=team, **prepared)
    _validate_speaker(speaker)
    if not speaker.slug:
        speaker.slug = unique_slug(Speaker, f"{speaker.first_name} {speaker.last_name}")
    elif Speaker.objects.filter(slug=speaker.slug).exists():
        raise ValidationError({"slug": _("Diesen Kurznamen gibt es schon.")})
    speaker.save()
    record_change(
        speaker,
        team=team,
        event=None,
        actor=actor,
        action="speaker_created",
        changes={"display_name": {"old": "", "new": speaker.display_name}},
    )
    return speaker


@transaction.atomic
def update_speaker(speaker: Speaker, *, actor, changes: Mapping[str, Any]) -> Speaker:
    """Change a speaker; the photo is checked, the calendar entries of their sessions
    (which name them) get a new sequence when the name changes."""
    locked = (
        Speaker.objects.select_for_update(of=("self",)).select_related("team").get(pk=speaker.pk)
    )
    prepared = _prepare_speaker_values(changes)
    if not prepared.get("slug", True):
        prepared.pop("slug")
    new_slug = prepared.get("slug")
    if new_slug and Speaker.objects.filter(slug=new_slug).exclude(pk=locked.pk).exists():
        raise ValidationError({"slug": _("Diesen Kurznamen gibt es schon.")})
    # A file input answers with a new upload, False for "remove the photo", or the
    # current file when left alone.
    photo = prepared.pop("photo", None)
    changed = diff_fields(locked, prepared)
    _validate_speaker(locked)
    if isinstance(photo, UploadedFile):
        changed["photo"] = {"old": locked.photo.name or "", "new": photo.name or ""}
        locked.photo = photo
    elif photo is False and locked.photo:
        changed["photo"] = {"old": locked.photo.name or "", "new": ""}
        locked.photo.delete(save=False)
        locked.photo = ""
    if not changed:
        return locked
    if {"academic_title", "first_name", "last_name"} & set(changed):
        locked.sequence += 1
        raise_session_sequences(Session.objects.filter(speaker_roles__speaker=locked))
    locked.save()
    record_change(
        locked,
        team=locked.team,
        event=None,
        actor=actor,
        action="speaker_updated",
        changes=changed,
    )
    return locked
