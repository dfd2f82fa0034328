"""Forms of the organiser side of registrations: settings, session options, questions, the
list's filters, adding someone by hand, decisions and the check-in search.

Forms parse and check single fields; the seat services in ``registrations.services`` decide
everything that depends on who holds a seat (capacity, promotions) under the event's lock.
"""

import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.forms import LocalDateTimeField, local_wall_clock
from core.forms import KernFormMixin
from directory.enums import OrganisationType
from directory.forms import MunicipalityChoiceField
from directory.models import District, Municipality, Region
from registrations import services
from registrations.enums import RegistrationAudience, RegistrationStatus
from registrations.models import Question, Registration, RegistrationSettings, SessionOption
from registrations.queries import RegistrationFilters
from sessions.enums import SessionStatus
from sessions.models import Session

CHOICES_MAX = 50
CHOICE_LENGTH_MAX = 200
SEARCH_MAX = 100


class RegistrationSettingsForm(KernFormMixin, forms.ModelForm):
    """How registration for one event works; times are the event's wall-clock times.

    The capacity goes through ``services.change_capacity``, which refuses a number below
    the seats already held and hands new seats to the waiting list; everything else is a
    plain write.
    """

    opens_at = LocalDateTimeField(
        label=_("Anmeldung ab"), help_text=_("In der Zeitzone der Veranstaltung.")
    )
    closes_at = LocalDateTimeField(
        label=_("Anmeldung bis"),
        required=False,
        help_text=_(
            "In der Zeitzone der Veranstaltung. Leer lassen, um die Anmeldung bis zum Ende "
            "der Veranstaltung zu öffnen."
        ),
    )

    class Meta:
        model = RegistrationSettings
        fields = [
            "opens_at",
            "closes_at",
            "capacity",
            "waitlist_enabled",
            "approval_required",
            "audience",
            "invitation_code",
            "per_municipality_limit",
            "confirmation_window",
            "recording_notice",
        ]
        widgets = {"audience": forms.RadioSelect}
        help_texts = {
            "waitlist_enabled": _(
                "Wer keinen Platz mehr bekommt, kommt auf die Warteliste und rückt automatisch "
                "nach."
            ),
            "approval_required": _("Anmeldungen werden erst nach Ihrer Freigabe bestätigt."),
            "invitation_code": _("Nur für „nur mit Einladungscode“."),
        }

    def __init__(self, *args, event, **kwargs) -> None:
        instance = kwargs.pop("instance", None) or RegistrationSettings(event=event)
        super().__init__(*args, instance=instance, **kwargs)
        self.event = event
        self.zone = zoneinfo.ZoneInfo(event.time_zone)
        self.fields["audience"].choices = RegistrationAudience.choices
        if instance.pk:
            self.initial["opens_at"] = local_wall_clock(instance.opens_at, event.time_zone)
            self.initial["closes_at"] = local_wall_clock(instance.closes_at, event.time_zone)
        else:
            self.initial["opens_at"] = local_wall_clock(
                timezone.now().replace(second=0, microsecond=0), event.time_zone
            )
            self.initial["audience"] = (
                RegistrationAudience.HOST_MUNICIPALITY
                if event.host_municipality_id
                else RegistrationAudience.EVERYONE
            )
            self.initial["recording_notice"] = event.is_online
        if not event.host_municipality_id:
            self.fields["audience"].help_text = _(
                "„Nur Beschäftigte der gastgebenden Kommune“ setzt eine gastgebende Kommune "
                "in den Angaben der Veranstaltung voraus."
            )

    def clean(self):
        cleaned = super().clean()
        for name in ("opens_at", "closes_at"):
            value = cleaned.get(name)
            if value is not None:
                cleaned[name] = value.replace(tzinfo=self.zone)
        cleaned["invitation_code"] = (cleaned.get("invitation_code") or "").strip()
        return cleaned

    @property
    def capacity_changed(self) -> bool:
        return self.instance.pk is None or "capacity" in self.changed_data

    def save(self, commit: bool = True) -> tuple[RegistrationSettings, list[Registration]]:
        """Save the settings; return them and whoever moved up from the waiting list.

        Raises ``services.CapacityBelowConfirmed`` (and nothing is saved) when the new
        capacity is below the seats already held.
        """
        capacity = self.cleaned_data.get("capacity")
        instance = self.instance
        with transaction.atomic():
            if instance.pk is None:
                # The seats are set below, by the service that knows who holds them.
                instance.capacity = None
                instance.save()
            else:
                fields = [name for name in self._meta.fields if name != "capacity"]
                instance.save(update_fields=[*fields, "updated_at"])
            promoted = []
            if self.capacity_changed:
                promoted = services.change_capacity(self.event, capacity)
        instance.refresh_from_db()
        return instance, promoted


class SessionOptionForm(KernFormMixin, forms.Form):
    """Offer one of the event's sessions for registrants to choose, with its own seats."""

    session = forms.ModelChoiceField(
        label=_("Programmpunkt"),
        queryset=Session.objects.none(),
        empty_label=_("– bitte wählen –"),
    )
    capacity = forms.IntegerField(
        label=_("Plätze"),
        min_value=0,
        max_value=100_000,
        required=False,
        help_text=_("Leer lassen für unbegrenzt viele Plätze."),
    )

    def __init__(self, *args, event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["session"].queryset = (
            Session.objects.filter(event=event, registration_option__isnull=True)
            .exclude(status=SessionStatus.CANCELLED)
            .order_by("starts_at", "title")
        )
        self.fields["session"].label_from_instance = self._session_label

    def _session_label(self, session: Session) -> str:
        start = timezone.localtime(session.starts_at, zoneinfo.ZoneInfo(self.event.time_zone))
        return f"{start:%d.%m.%Y %H:%M} – {session.title}"

    @transaction.atomic
    def save(self) -> SessionOption:
        order = SessionOption.objects.filter(event=self.event).aggregate(last=Max("order"))["last"]
        return SessionOption.objects.create(
            event=self.event,
            session=self.cleaned_data["session"],
            capacity=self.cleaned_data["capacity"],
            order=0 if order is None else order + 1,
        )


class OptionCapacityForm(KernFormMixin, forms.Form):
    """The seats of one session option (saved through ``services.change_option_capacity``)."""

    capacity = forms.IntegerField(
        label=_("Plätze"),
        min_value=0,
        max_value=100_000,
        required=False,
        help_text=_("Leer lassen für unbegrenzt viele Plätze."),
    )


class ChoicesField(forms.CharField):
    """A list of choices, written one per line; blank lines are dropped."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(choice) for choice in value)
        return value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list | tuple):
            return [str(choice).strip() for choice in value if str(choice).strip()]
        lines = (line.strip() for line in str(value or "").splitlines())
        return [line for line in lines if line]

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        if len(value) > CHOICES_MAX:
            raise ValidationError(
                _("Bitte geben Sie höchstens %(n)d Möglichkeiten an."), params={"n": CHOICES_MAX}
            )
        if any(len(choice) > CHOICE_LENGTH_MAX for choice in value):
            raise ValidationError(
                _("Jede Möglichkeit darf höchstens %(n)d Zeichen lang sein."),
                params={"n": CHOICE_LENGTH_MAX},
            )


class QuestionForm(KernFormMixin, forms.ModelForm):
    """One extra question of the registration form."""

    choices = ChoicesField(
        label=_("Auswahlmöglichkeiten"),
        required=False,
        help_text=_("Nur bei Einfach- und Mehrfachauswahl: eine Möglichkeit pro Zeile."),
    )

    class Meta:
        model = Question
        fields = ["label", "kind", "help_text", "required", "choices"]

    def __init__(self, *args, event, **kwargs) -> None:
        instance = kwargs.pop("instance", None) or Question(event=event)
        super().__init__(*args, instance=instance, **kwargs)
        self.event = event
        self.has_answers = bool(instance.pk) and instance.answers.exists()
        if self.has_answers:
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _(
                "Die Art lässt sich nicht mehr ändern: Es gibt bereits Antworten."
            )

    def save(self, commit: bool = True) -> Question:
        question = super().save(commit=False)
        if question.pk is None:
            last = Question.objects.filter(event=self.event).aggregate(last=Max("order"))["last"]
            question.order = 0 if last is None else last + 1
        if commit:
            question.save()
        return question


class RegistrationFilterForm(KernFormMixin, forms.Form):
    """Narrow the registrations list; it only reads the query string."""

    q = forms.CharField(
        label=_("Suche"),
        required=False,
        max_length=SEARCH_MAX,
        help_text=_("Name, E-Mail-Adresse, Organisation oder Kommune"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("alle Status")), *RegistrationStatus.choices],
    )
    region = forms.ModelChoiceField(
        label=_("Regierungsbezirk"),
        required=False,
        queryset=Region.objects.all(),
        empty_label=_("alle Regierungsbezirke"),
    )
    district = forms.ModelChoiceField(
        label=_("Kreis oder kreisfreie Stadt"),
        required=False,
        queryset=District.objects.none(),
        empty_label=_("alle Kreise"),
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("alle Kommunen"),
    )
    organisation_type = forms.ChoiceField(
        label=_("Art der Organisation"),
        required=False,
        choices=[("", _("alle Arten")), *OrganisationType.choices],
    )

    def __init__(self, *args, event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only places somebody registered from: the list of 396 would bury them.
        self.fields["municipality"].queryset = (
            Municipality.objects.filter(registrations__event=event).distinct().order_by("name")
        )
        self.fields["district"].queryset = (
            District.objects.filter(municipalities__registrations__event=event)
            .distinct()
            .order_by("name")
        )

    def filters(self) -> RegistrationFilters:
        """Return the filters the valid fields ask for; invalid fields filter nothing."""
        if not self.is_bound:
            return RegistrationFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})

        def pk(name: str) -> int | None:
            value = data.get(name)
            return value.pk if value is not None else None

        return RegistrationFilters(
            status=data.get("status", ""),
            municipality_id=pk("municipality"),
            district_id=pk("district"),
            region_id=pk("region"),
            organisation_type=data.get("organisation_type", ""),
            search=data.get("q", ""),
        )


class ManualRegistrationForm(KernFormMixin, forms.Form):
    """Register someone on their behalf (``services.add_registration_manually``)."""

    first_name = forms.CharField(label=_("Vorname"), max_length=150)
    last_name = forms.CharField(label=_("Nachname"), max_length=150)
    email = forms.EmailField(label=_("E-Mail-Adresse"), max_length=254)
    municipality = MunicipalityChoiceField(label=_("Kommune"), required=False)
    organisation_type = forms.ChoiceField(
        label=_("Art der Organisation"),
        choices=[("", _("keine Angabe")), *OrganisationType.choices],
        required=False,
    )
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    session_options = forms.ModelMultipleChoiceField(
        label=_("Programmpunkte"),
        queryset=SessionOption.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Sprache der E-Mails"), choices=settings.LANGUAGES, initial="de"
    )

    def __init__(self, *args, event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session_options"].queryset = SessionOption.objects.filter(
            event=event
        ).select_related("session")
        if not self.fields["session_options"].queryset.exists():
            del self.fields["session_options"]


class RejectForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Begründung"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional; sie steht in der E-Mail an die Person."),
    )


class CheckinSearchForm(KernFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=SEARCH_MAX,
        help_text=_("Für Personen ohne QR-Code: Vor- oder Nachname, E-Mail oder Organisation"),
    )
