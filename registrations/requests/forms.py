"""Forms for workshop and consulting requests: the public request form and the inbox's
note, status and scheduling forms.

Forms check single fields with messages a requester understands; the services in
``registrations.requests.services`` write and mail.
"""

import datetime
import zoneinfo

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.enums import EventFormat
from conferences.models import OrganiserTeam, Topic
from core.forms import KernFormMixin
from directory.forms import MunicipalityChoiceField
from directory.queries import profile_of
from registrations.requests.models import (
    REQUEST_MESSAGE_MAX,
    REQUEST_NOTE_MAX,
    REQUEST_PARTICIPANTS_MAX,
    RequestKind,
    RequestNote,
    RequestStatus,
    WorkshopRequest,
)
from registrations.requests.services import (
    RequestDetails,
    WorkshopPlan,
    allowed_statuses,
    default_plan_format,
    default_plan_title,
)

#: How far ahead a requester may wish for a date; later wishes are guesses, not plans.
PREFERRED_DATES_AHEAD = datetime.timedelta(days=2 * 365)
PLAN_TIME_ZONE = "Europe/Berlin"

TOO_LONG = _(
    "Bitte kürzen Sie den Text auf höchstens %(limit_value)d Zeichen (jetzt %(show_value)d)."
)


def text_field(label, max_length: int, *, required: bool = True, textarea: bool = False, **kwargs):
    """A text field whose "too long" message names the limit and the length given."""
    widget = forms.Textarea(attrs={"rows": 6}) if textarea else None
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        error_messages={"max_length": TOO_LONG},
        **kwargs,
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%H:%M", **kwargs)


class RequestForm(KernFormMixin, forms.Form):
    """A municipality's request for a workshop or consulting.

    Logged-in people find their name, address, function and municipality filled in from
    their account and profile. The team field appears only when there is a choice: with a
    single organiser team the request goes to it.
    """

    kind = forms.ChoiceField(
        label=_("Was möchten Sie anfragen?"),
        choices=RequestKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie Workshop oder Beratung.")},
    )
    municipality = MunicipalityChoiceField(
        label=_("Kommune"),
        help_text=_("Für welche Kommune fragen Sie an? Suchen Sie nach Name oder Postleitzahl."),
        error_messages={"required": _("Bitte wählen Sie Ihre Kommune.")},
    )
    team = forms.ModelChoiceField(
        label=_("An wen richtet sich die Anfrage?"),
        queryset=OrganiserTeam.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Bitte wählen Sie, an wen die Anfrage gehen soll.")},
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Themen"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    message = text_field(
        _("Worum soll es gehen?"),
        REQUEST_MESSAGE_MAX,
        textarea=True,
        help_text=_("Beschreiben Sie kurz Ihr Vorhaben, Ihre Fragen und was Sie sich erhoffen."),
    )
    expected_participants = forms.IntegerField(
        label=_("Wie viele Personen nehmen voraussichtlich teil?"),
        min_value=1,
        max_value=REQUEST_PARTICIPANTS_MAX,
        error_messages={
            "required": _("Bitte schätzen Sie die Zahl der Teilnehmenden."),
            "invalid": _("Bitte geben Sie eine ganze Zahl ein."),
            "min_value": _("Bitte geben Sie mindestens 1 an."),
            "max_value": _(
                "Mehr als %(limit_value)d Teilnehmende sind für einen Workshop zu viele; "
                "schreiben Sie uns bitte in der Nachricht, was Sie planen."
            ),
        },
    )
    preferred_date_1 = forms.DateField(label=_("Wunschtermin 1"), required=False, widget=DateInput)
    preferred_date_2 = forms.DateField(label=_("Wunschtermin 2"), required=False, widget=DateInput)
    preferred_date_3 = forms.DateField(label=_("Wunschtermin 3"), required=False, widget=DateInput)
    preferred_dates_note = text_field(
        _("Hinweise zum Termin"),
        500,
        required=False,
        help_text=_("Zum Beispiel: nur vormittags, nicht in den Sommerferien."),
    )
    contact_name = text_field(_("Ihr Name"), 200)
    function = text_field(
        _("Ihre Funktion"),
        200,
        help_text=_("Zum Beispiel: Digitalisierungsbeauftragte, Amtsleitung IT"),
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@kommune.de."),
            "max_length": TOO_LONG,
        },
    )
    phone = text_field(
        _("Telefon"),
        40,
        required=False,
        validators=[
            RegexValidator(
                r"^\+?[0-9 ()/\-]{3,}$",
                _("Bitte geben Sie nur Ziffern, Leerzeichen und + ( ) / - ein."),
            )
        ],
    )
    privacy = forms.BooleanField(
        label=_("Ich habe den Datenschutzhinweis gelesen."),
        error_messages={
            "required": _("Bitte bestätigen Sie, dass Sie den Datenschutzhinweis gelesen haben.")
        },
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        if user is not None and user.is_authenticated:
            profile = profile_of(user)
            kwargs.setdefault(
                "initial",
                {
                    "contact_name": f"{user.first_name} {user.last_name}".strip(),
                    "email": user.email,
                    "function": profile.function,
                    "municipality": profile.municipality_id,
                },
            )
        super().__init__(*args, **kwargs)
        teams = list(OrganiserTeam.objects.order_by("name"))
        self.single_team = teams[0] if len(teams) == 1 else None
        if len(teams) > 1:
            self.fields["team"].queryset = OrganiserTeam.objects.order_by("name")
        else:
            del self.fields["team"]
        for name in ("contact_name", "email", "function", "phone"):
            self.fields[name].widget.attrs.setdefault(
                "autocomplete",
                {"contact_name": "name", "email": "email", "function": "organization-title"}.get(
                    name, "tel"
                ),
            )

    @property
    def has_team(self) -> bool:
        """False when no organiser team exists yet: there is nobody to ask."""
        return "team" in self.fields or self.single_team is not None

    def clean(self) -> dict:
        cleaned = super().clean()
        today = timezone.localdate()
        seen: set[datetime.date] = set()
        for name in ("preferred_date_1", "preferred_date_2", "preferred_date_3"):
            day = cleaned.get(name)
            if day is None:
                continue
            if day <= today:
                self.add_error(name, _("Bitte wählen Sie einen Tag nach dem heutigen."))
            elif day > today + PREFERRED_DATES_AHEAD:
                self.add_error(name, _("Bitte wählen Sie einen Tag in den nächsten zwei Jahren."))
            elif day in seen:
                self.add_error(name, _("Diesen Tag haben Sie schon genannt."))
            seen.add(day)
        return cleaned

    def details(self) -> RequestDetails:
        """The checked input, ready for ``submit_request``."""
        data = self.cleaned_data
        return RequestDetails(
            kind=data["kind"],
            municipality=data["municipality"],
            team=data.get("team") or self.single_team,
            contact_name=data["contact_name"],
            email=data["email"],
            function=data["function"],
            expected_participants=data["expected_participants"],
            message=data["message"],
            phone=data["phone"],
            topics=list(data["topics"]),
            preferred_dates=tuple(
                data[name]
                for name in ("preferred_date_1", "preferred_date_2", "preferred_date_3")
                if data.get(name)
            ),
            preferred_dates_note=data["preferred_dates_note"],
        )


class InboxFilterForm(forms.Form):
    """The inbox's status filter; an unknown status shows every request."""

    status = forms.ChoiceField(choices=[("", ""), *RequestStatus.choices], required=False)

    def status_value(self) -> str:
        return self.cleaned_data.get("status", "") if self.is_valid() else ""


class RequestNoteForm(KernFormMixin, forms.ModelForm):
    """An internal note; a plain write, so the form saves it."""

    text = text_field(_("Neue Notiz"), REQUEST_NOTE_MAX, textarea=True)

    class Meta:
        model = RequestNote
        fields = ["text"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["rows"] = 3
        self.fields["text"].help_text = _("Nur für das Team sichtbar.")


class RequestStatusForm(KernFormMixin, forms.Form):
    """A new status and, optionally, a message the requester reads in the mail."""

    status = forms.ChoiceField(label=_("Neuer Status"), choices=())
    message = text_field(
        _("Nachricht an die anfragende Person"),
        REQUEST_NOTE_MAX,
        required=False,
        textarea=True,
        help_text=_("Steht in der E-Mail, die über die Änderung informiert."),
    )

    def __init__(self, *args, workshop_request: WorkshopRequest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(RequestStatus.choices)
        self.fields["status"].choices = [
            (value, labels[value]) for value in allowed_statuses(workshop_request)
        ]
        self.fields["message"].widget.attrs["rows"] = 3


class ScheduleForm(KernFormMixin, forms.Form):
    """When and where the workshop for a request takes place; it becomes a draft event."""

    title = text_field(_("Titel"), 200)
    day = forms.DateField(label=_("Datum"), widget=DateInput)
    start_time = forms.TimeField(label=_("Beginn"), widget=TimeInput, help_text=_("Ortszeit"))
    end_time = forms.TimeField(label=_("Ende"), widget=TimeInput, help_text=_("Ortszeit"))
    format = forms.ChoiceField(
        label=_("Format"), choices=EventFormat.choices, widget=forms.RadioSelect
    )
    venue_name = text_field(_("Veranstaltungsort"), 200, required=False)
    venue_street = text_field(_("Straße und Hausnummer"), 200, required=False)
    venue_postal_code = forms.CharField(
        label=_("Postleitzahl"),
        required=False,
        validators=[RegexValidator(r"^\d{5}$", _("Die Postleitzahl hat fünf Ziffern."))],
        max_length=5,
    )
    venue_city = text_field(_("Ort"), 100, required=False)
    contact_email = forms.EmailField(
        label=_("Kontakt-E-Mail"), help_text=_("Steht in der Einladung.")
    )
    limit_to_municipality = forms.BooleanField(
        label=_("Anmeldung nur für Beschäftigte der Kommune"), required=False
    )

    def __init__(self, *args, workshop_request: WorkshopRequest, actor, **kwargs) -> None:
        municipality = workshop_request.municipality
        kwargs.setdefault(
            "initial",
            {
                "title": default_plan_title(workshop_request),
                "day": workshop_request.preferred_date_1,
                "start_time": datetime.time(9, 0),
                "end_time": datetime.time(13, 0),
                "format": default_plan_format(workshop_request),
                "venue_city": municipality.name,
                "contact_email": actor.email,
                "limit_to_municipality": True,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["limit_to_municipality"].label = _(
            "Anmeldung nur für Beschäftigte von %(municipality)s"
        ) % {"municipality": municipality.name}
        self.fields["limit_to_municipality"].help_text = _(
            "Andere können sich dann nicht anmelden. Sie können das später in den "
            "Anmeldeeinstellungen ändern."
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            zone = zoneinfo.ZoneInfo(PLAN_TIME_ZONE)
            starts_at = datetime.datetime.combine(day, start, tzinfo=zone)
            ends_at = datetime.datetime.combine(day, end, tzinfo=zone)
            if ends_at <= starts_at:
                self.add_error("end_time", _("Das Ende muss nach dem Beginn liegen."))
            elif starts_at <= timezone.now():
                self.add_error("day", _("Bitte wählen Sie einen Termin in der Zukunft."))
            cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        return cleaned

    def plan(self) -> WorkshopPlan:
        data = self.cleaned_data
        return WorkshopPlan(
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            format=data["format"],
            contact_email=data["contact_email"],
            time_zone=PLAN_TIME_ZONE,
            venue_name=data["venue_name"],
            venue_street=data["venue_street"],
            venue_postal_code=data["venue_postal_code"],
            venue_city=data["venue_city"],
            limit_to_municipality=data["limit_to_municipality"],
        )
