"""Forms of the programme editor: stages, sessions, speakers and their roles."""

import datetime
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from conferences.enums import Language
from conferences.models import Event
from core.forms import KernFormMixin
from directory.forms import MunicipalityChoiceField
from sessions.enums import SessionKind, SpeakerRole
from sessions.models import Session, Speaker, Stage
from sessions.services import MAX_PHOTO_BYTES, PHOTO_FORMATS, validate_photo

#: Service error keys → the fields of SessionForm that show them.
SESSION_ERROR_FIELDS = {"starts_at": "start_time", "ends_at": "end_time"}


def event_days(event: Event) -> list[datetime.date]:
    """Return each calendar day the event touches, in its own time zone."""
    zone = zoneinfo.ZoneInfo(event.time_zone)
    first = timezone.localtime(event.starts_at, zone).date()
    last = timezone.localtime(event.ends_at, zone).date()
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


class StageForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Stage
        fields = ["name", "description", "order"]
        help_texts = {"order": _("Kleinere Zahlen stehen weiter links im Programm.")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False

    def _post_clean(self) -> None:
        # Uniqueness per event is the service's rule (with a German message).
        pass


class SessionForm(KernFormMixin, forms.Form):
    """A session as the organiser thinks of it: a day, a start and an end time.

    Times are wall-clock times in the event's time zone; ``session_values`` turns them
    into the aware datetimes the services take.
    """

    kind = forms.ChoiceField(label=_("Art"), choices=SessionKind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    stage = forms.ModelChoiceField(
        label=_("Bühne"),
        queryset=Stage.objects.none(),
        required=False,
        empty_label=_("ohne Bühne"),
    )
    day = forms.TypedChoiceField(label=_("Tag"), coerce=datetime.date.fromisoformat)
    start_time = forms.TimeField(
        label=_("Beginn"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Ende"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    abstract = forms.CharField(
        label=_("Beschreibung"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    language = forms.ChoiceField(
        label=_("Sprache"), choices=[(code, label) for code, label in Language.choices]
    )
    live_qa = forms.BooleanField(
        label=_("Live-Fragen"),
        required=False,
        help_text=_("Teilnehmende können während des Programmpunkts Fragen stellen."),
    )
    slug = forms.SlugField(
        label=_("Kurzname in der Adresse"),
        max_length=120,
        required=False,
        help_text=_("Leer lassen für einen Vorschlag aus dem Titel."),
    )

    def __init__(
        self, *args, event: Event, session: Session | None = None, initial=None, **kwargs
    ) -> None:
        self.event = event
        self.zone = zoneinfo.ZoneInfo(event.time_zone)
        initial = dict(initial or {})
        if session is not None:
            start = timezone.localtime(session.starts_at, self.zone)
            end = timezone.localtime(session.ends_at, self.zone)
            initial = {
                "kind": session.kind,
                "title": session.title,
                "stage": session.stage_id,
                "day": start.date().isoformat(),
                "start_time": start.time(),
                "end_time": end.time(),
                "abstract": session.abstract,
                "language": session.language,
                "live_qa": session.live_qa,
                "slug": session.slug,
                **initial,
            }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["stage"].queryset = Stage.objects.filter(event=event).order_by("order", "name")
        days = event_days(event)
        self.fields["day"].choices = [
            (day.isoformat(), formats.date_format(day, "l, j. F Y")) for day in days
        ]
        self.fields["day"].initial = days[0].isoformat()
        self.fields["language"].initial = "de"
        self.fields["kind"].initial = SessionKind.TALK.value

    def session_values(self) -> dict:
        """Return the cleaned values the session services take."""
        data = self.cleaned_data
        day = data["day"]
        starts_at = datetime.datetime.combine(day, data["start_time"], tzinfo=self.zone)
        ends_at = datetime.datetime.combine(day, data["end_time"], tzinfo=self.zone)
        return {
            "kind": data["kind"],
            "title": data["title"].strip(),
            "slug": data["slug"],
            "stage": data["stage"],
            "starts_at": starts_at,
            "ends_at": ends_at,
            "abstract": data["abstract"].strip(),
            "language": data["language"],
            "live_qa": data["live_qa"],
        }


class SessionSpeakerForm(KernFormMixin, forms.Form):
    """Put one of the team's speakers into a session in a role."""

    speaker = forms.ModelChoiceField(
        label=_("Person"), queryset=Speaker.objects.none(), empty_label=_("– bitte wählen –")
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=SpeakerRole.choices)

    def __init__(self, *args, event: Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = Speaker.objects.filter(team_id=event.team_id)
        self.fields["speaker"].label_from_instance = speaker_label


def speaker_label(speaker: Speaker) -> str:
    """Name with function and organisation, to tell two people of the same name apart."""
    details = ", ".join(part for part in (speaker.function, speaker.organisation) if part)
    return f"{speaker.display_name} ({details})" if details else speaker.display_name


class SpeakerForm(KernFormMixin, forms.ModelForm):
    """A person on the programme; the photo is checked by its content, not its name."""

    municipality = MunicipalityChoiceField(label=_("Kommune"), required=False)

    class Meta:
        model = Speaker
        fields = [
            "academic_title",
            "first_name",
            "last_name",
            "function",
            "organisation",
            "municipality",
            "bio",
            "photo",
            "consent_to_show",
            "slug",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "photo": _("JPEG, PNG oder WebP, höchstens 2 MB."),
            "slug": _("Leer lassen für einen Vorschlag aus dem Namen."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["photo"].widget.attrs["accept"] = ",".join(
            f"image/{name.lower()}" for name in sorted(PHOTO_FORMATS)
        )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type") and photo.size is not None:
            if photo.size > MAX_PHOTO_BYTES:
                raise ValidationError(_("Das Foto darf höchstens 2 MB groß sein."))
            try:
                validate_photo(photo)
            except ValidationError as error:
                raise ValidationError(error.message_dict["photo"]) from error
        return photo

    def _post_clean(self) -> None:
        # Slug uniqueness and the photo are the services' rules; skipping the model's own
        # checks keeps one German message per problem.
        pass

    def speaker_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class InlineSpeakerForm(KernFormMixin, forms.Form):
    """Create a speaker while building a session, and give them a role in it at once."""

    academic_title = forms.CharField(label=_("Akademischer Titel"), max_length=32, required=False)
    first_name = forms.CharField(label=_("Vorname"), max_length=100)
    last_name = forms.CharField(label=_("Nachname"), max_length=100)
    function = forms.CharField(label=_("Funktion"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    consent_to_show = forms.BooleanField(
        label=_("Einwilligung zur Veröffentlichung liegt vor"), required=False
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=SpeakerRole.choices)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "new")
        super().__init__(*args, **kwargs)

    def speaker_values(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (
                "academic_title",
                "first_name",
                "last_name",
                "function",
                "organisation",
                "consent_to_show",
            )
        }
