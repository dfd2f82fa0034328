"""Forms of the organiser area for events and teams.

Forms parse and check single fields; the services check how fields fit together and
write. ``apply_service_errors`` puts a service's ``ValidationError`` back onto the form,
beside the field it names.
"""

import datetime
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.enums import Language, TeamRole
from conferences.models import Event, OrganiserTeam, Series, Topic
from conferences.services import EDITABLE_EVENT_FIELDS
from core.forms import KernFormMixin
from directory.forms import MunicipalityChoiceField

#: Zones offered in the event form; the first is the default of every event.
TIME_ZONES = (
    "Europe/Berlin",
    "Europe/Amsterdam",
    "Europe/Brussels",
    "Europe/Luxembourg",
    "Europe/Paris",
    "Europe/Vienna",
    "Europe/Zurich",
    "Europe/London",
    "UTC",
)


def apply_service_errors(
    form: forms.BaseForm, error: ValidationError, *, rename: dict[str, str] | None = None
) -> None:
    """Show a service's errors on ``form``: by field when the form has it, else on top."""
    rename = rename or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        target = rename.get(name, name)
        form.add_error(target if target in form.fields else None, messages)


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock date and time, without a zone; the form attaches the chosen zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d.%m.%Y %H:%M"]

    def to_python(self, value):
        result = super().to_python(value)
        if result is not None and timezone.is_aware(result):
            # DateTimeField reads the input in the site's zone; undo that, the zone is
            # the event's own and is applied in EventForm.clean().
            result = timezone.make_naive(result)
        return result


def local_wall_clock(value: datetime.datetime | None, zone_name: str) -> datetime.datetime | None:
    """Return ``value`` as the naive wall-clock time it shows in ``zone_name``."""
    if value is None:
        return None
    return timezone.localtime(value, zoneinfo.ZoneInfo(zone_name)).replace(tzinfo=None)


class EventForm(KernFormMixin, forms.ModelForm):
    """All an organiser says about an event; status changes through its own actions."""

    team = forms.ModelChoiceField(
        label=_("Team"), queryset=OrganiserTeam.objects.none(), empty_label=None
    )
    starts_at = LocalDateTimeField(label=_("Beginn"), help_text=_("In der gewählten Zeitzone."))
    ends_at = LocalDateTimeField(label=_("Ende"), help_text=_("In der gewählten Zeitzone."))
    time_zone = forms.ChoiceField(
        label=_("Zeitzone"), choices=[(zone, zone) for zone in TIME_ZONES]
    )
    languages = forms.MultipleChoiceField(
        label=_("Sprachen"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Themen"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    host_municipality = MunicipalityChoiceField(
        label=_("Gastgebende Kommune"),
        required=False,
        help_text=_("Pflichtangabe für einen Kommunalworkshop."),
    )
    series_name = forms.CharField(
        label=_("Neue Reihe"),
        max_length=200,
        required=False,
        help_text=_("Legt eine neue Reihe an, wenn oben keine passende zur Wahl steht."),
    )

    class Meta:
        model = Event
        fields = list(EDITABLE_EVENT_FIELDS)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "venue_accessibility": forms.Textarea(attrs={"rows": 3}),
            "online_access_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "slug": _(
                "Kleinbuchstaben, Ziffern und Bindestriche; leer lassen für einen Vorschlag."
            ),
            "description": _(
                "Erlaubt sind Absätze, Zwischenüberschriften, Listen, Zitate, fett, kursiv und "
                "Links (https, mailto) als HTML; alles andere wird entfernt."
            ),
        }

    def __init__(self, *args, teams=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        teams = teams if teams is not None else OrganiserTeam.objects.none()
        self.fields["slug"].required = False
        self.fields["description"].required = False
        self.fields["organisation"].required = False
        self.fields["organisation"].help_text = _("Leer lassen für die Organisation des Teams.")
        self.fields["series"].queryset = Series.objects.filter(team__in=teams).select_related(
            "team"
        )
        if self.instance.pk:
            del self.fields["team"]
            zone = self.instance.time_zone
            self.initial["starts_at"] = local_wall_clock(self.instance.starts_at, zone)
            self.initial["ends_at"] = local_wall_clock(self.instance.ends_at, zone)
        else:
            self.fields["team"].queryset = teams
            self.initial.setdefault("time_zone", TIME_ZONES[0])
            self.initial.setdefault("languages", [Language.GERMAN.value])
        if self.instance.time_zone not in TIME_ZONES:
            self.fields["time_zone"].choices += [(self.instance.time_zone,) * 2]

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if not zone_name:
            return cleaned
        zone = zoneinfo.ZoneInfo(zone_name)
        for name in ("starts_at", "ends_at"):
            value = cleaned.get(name)
            if value is not None:
                cleaned[name] = value.replace(tzinfo=zone)
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("Das Ende muss nach dem Beginn liegen."))
        return cleaned

    def _post_clean(self) -> None:
        # The model's own validation would run before the zone is attached and report
        # its CheckConstraint in English; the services validate the whole event instead.
        pass

    def event_values(self) -> dict:
        """Return the cleaned values the event services take."""
        return {
            name: self.cleaned_data[name]
            for name in EDITABLE_EVENT_FIELDS
            if name in self.cleaned_data and name in self.fields
        }

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug", "")
        if slug and Event.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Diesen Kurznamen hat schon eine andere Veranstaltung."))
        return slug


class DuplicateEventForm(KernFormMixin, forms.Form):
    """Where the copy of an event goes: its first day, and optionally a title and slug."""

    starts_on = forms.DateField(
        label=_("Erster Tag der neuen Veranstaltung"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    title = forms.CharField(
        label=_("Titel"), max_length=200, required=False, help_text=_("Leer lassen: wie bisher.")
    )
    slug = forms.SlugField(
        label=_("Kurzname in der Adresse"),
        max_length=120,
        required=False,
        help_text=_("Leer lassen für einen Vorschlag."),
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug", "")
        if slug and Event.objects.filter(slug=slug).exists():
            raise ValidationError(_("Diesen Kurznamen hat schon eine andere Veranstaltung."))
        return slug


class TeamMemberForm(KernFormMixin, forms.Form):
    """Add an existing account to a team, by its email address."""

    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_("Die Person braucht bereits ein Konto im Kommunalforum."),
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=TeamRole.choices, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("role", TeamRole.ORGANISER.value)
