"""The forms registrants fill in: the registration itself and, later, their answers.

The services check everything again; the forms exist to put each message next to its field
and to keep what was typed when something fails.
"""

import zoneinfo
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.enums import LegalPageKind
from core.forms import KernFormMixin
from directory.enums import OrganisationType
from directory.forms import MunicipalityChoiceField
from registrations.enums import QuestionKind, RegistrationAudience
from registrations.models import LONG_TEXT_MAX, SHORT_TEXT_MAX, Question, RegistrationSettings
from registrations.queries import SeatSummary
from registrations.rules import is_in_audience
from registrations.services import DIRECTORY_CONSENT_VERSION
from registrations.services.validation import EMAIL_MAX, NAME_MAX, ORGANISATION_MAX

# The consent text a registrant agrees to, by version. Changing the wording means a new
# version here and in ``registrations.services.DIRECTORY_CONSENT_VERSION``: registrations
# store the version they agreed to.
DIRECTORY_CONSENT_TEXTS = {
    "1": _(
        "Ich bin damit einverstanden, dass mein Name, meine Organisation und meine Kommune "
        "im Netzwerkverzeichnis der Digitalisierungsverantwortlichen für andere angemeldete "
        "Nutzerinnen und Nutzer sichtbar sind. Ich kann diese Einwilligung jederzeit "
        "widerrufen."
    ),
}
RECORDING_NOTICE = _(
    "Ich habe zur Kenntnis genommen, dass bei dieser Veranstaltung Foto-, Ton- und "
    "Videoaufnahmen entstehen, die übertragen und veröffentlicht werden können."
)
NUMBER_LIMIT = Decimal(10**12) - 1
MAX_LENGTH_MESSAGE = _("Bitte kürzen Sie auf höchstens %(limit_value)d Zeichen.")


def question_field(question: Question) -> forms.Field:
    """The form field for one custom question, by its kind."""
    common: dict[str, Any] = {
        "label": question.label,
        "help_text": question.help_text,
        "required": question.required,
    }
    messages = {"required": _("Bitte beantworten Sie diese Frage.")}
    match question.kind:
        case QuestionKind.SHORT_TEXT | QuestionKind.LONG_TEXT:
            long = question.kind == QuestionKind.LONG_TEXT
            return forms.CharField(
                max_length=LONG_TEXT_MAX if long else SHORT_TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 4}) if long else forms.TextInput,
                error_messages={**messages, "max_length": MAX_LENGTH_MESSAGE},
                **common,
            )
        case QuestionKind.SINGLE_CHOICE | QuestionKind.MULTIPLE_CHOICE:
            single = question.kind == QuestionKind.SINGLE_CHOICE
            field_class = forms.ChoiceField if single else forms.MultipleChoiceField
            return field_class(
                choices=[(choice, choice) for choice in question.choices],
                widget=forms.RadioSelect if single else forms.CheckboxSelectMultiple,
                error_messages={
                    **messages,
                    "invalid_choice": _("Bitte wählen Sie eine der angebotenen Möglichkeiten."),
                },
                **common,
            )
        case QuestionKind.CHECKBOX:
            return forms.BooleanField(error_messages=messages, **common)
        case QuestionKind.NUMBER:
            return forms.DecimalField(
                max_value=NUMBER_LIMIT,
                min_value=-NUMBER_LIMIT,
                max_digits=18,
                widget=forms.NumberInput(attrs={"step": "any"}),
                error_messages={**messages, "invalid": _("Bitte geben Sie eine Zahl ein.")},
                **common,
            )
        case QuestionKind.DATE:
            return forms.DateField(
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                input_formats=["%Y-%m-%d", "%d.%m.%Y"],
                error_messages={
                    **messages,
                    "invalid": _("Bitte geben Sie ein Datum im Format TT.MM.JJJJ ein."),
                },
                **common,
            )
    raise ValueError(f"Unknown question kind {question.kind!r}")


def answer_initial(question: Question, value: object) -> object:
    """A stored answer as the initial value of its field."""
    if question.kind == QuestionKind.CHECKBOX:
        return bool(value)
    return value


class AnswersMixin:
    """Checks answers to the custom questions, whose fields are named ``question_<id>``.

    Forms set ``questions`` and put ``question_fields_for(questions)`` into their fields
    before ``Form.__init__`` copies them, so the KERN mixin styles them with the rest.
    """

    questions: list[Question]

    @property
    def question_fields(self) -> list:
        return [self[f"question_{question.pk}"] for question in self.questions]  # type: ignore[index]  # a Form

    def clean_answers(self, cleaned: dict[str, Any]) -> dict[int, object]:
        """Check each answer with the rule the service applies, and collect them by id."""
        answers = {}
        for question in self.questions:
            name = f"question_{question.pk}"
            if name not in cleaned:
                continue  # the field's own validation already failed
            try:
                question.normalise_answer(cleaned[name])
            except ValidationError as error:
                self.add_error(name, error)  # type: ignore[attr-defined]  # a Form
                continue
            answers[question.pk] = cleaned[name]
        return answers

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a ``ValidationError`` raised by a service at the fields it names."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)  # type: ignore[attr-defined]  # a Form
            return
        for field, messages in error.message_dict.items():
            target = field if field in self.fields else None  # type: ignore[attr-defined]  # a Form
            if target is not None and target in self.cleaned_data:  # type: ignore[attr-defined]  # a Form
                del self.cleaned_data[target]  # type: ignore[attr-defined]  # a Form
            self.add_error(target, messages)  # type: ignore[attr-defined]  # a Form


def question_fields_for(questions: Iterable[Question]) -> dict[str, forms.Field]:
    return {f"question_{question.pk}": question_field(question) for question in questions}


def _option_label(option, seats: SeatSummary, time_zone: str, waitlist: bool) -> str:
    tz = zoneinfo.ZoneInfo(time_zone)
    session = option.session
    start = timezone.localtime(session.starts_at, tz)
    end = timezone.localtime(session.ends_at, tz)
    when = gettext("%(day)s, %(start)s–%(end)s Uhr") % {
        "day": start.strftime("%d.%m.%Y"),
        "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}",
    }
    if seats.capacity is None:
        availability = ""
    elif seats.is_full:
        availability = (
            gettext("ausgebucht, Warteliste möglich") if waitlist else gettext("ausgebucht")
        )
    elif seats.free == 1:
        availability = gettext("noch 1 Platz frei")
    else:
        availability = gettext("noch %(free)d Plätze frei") % {"free": seats.free}
    label = f"{session.title} ({when})"
    return f"{label} – {availability}" if availability else label


class RegistrationForm(AnswersMixin, KernFormMixin, forms.Form):
    """Registration for one event; the fields depend on the event's settings.

    Logged-in people see their name and organisation from account and profile, and their
    account's address, which they cannot change here (it is the verified one).
    """

    first_name = forms.CharField(
        label=_("Vorname"),
        max_length=NAME_MAX,
        error_messages={
            "required": _("Bitte geben Sie Ihren Vornamen an."),
            "max_length": MAX_LENGTH_MESSAGE,
        },
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nachname"),
        max_length=NAME_MAX,
        error_messages={
            "required": _("Bitte geben Sie Ihren Nachnamen an."),
            "max_length": MAX_LENGTH_MESSAGE,
        },
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=EMAIL_MAX,
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an."),
            "max_length": _("Die E-Mail-Adresse ist zu lang."),
        },
        help_text=_("An diese Adresse schicken wir den Link zur Bestätigung."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation_type = forms.ChoiceField(
        label=_("Art der Organisation"),
        choices=[("", _("keine Angabe")), *OrganisationType.choices],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Bitte wählen Sie eine Art der Organisation.")},
    )
    municipality = MunicipalityChoiceField(
        label=_("Kommune"),
        required=False,
        help_text=_("Pflichtangabe, wenn Sie für eine Kommune arbeiten."),
        error_messages={"invalid_choice": _("Bitte wählen Sie eine Kommune aus der Liste.")},
    )
    organisation_name = forms.CharField(
        label=_("Name der Organisation"),
        max_length=ORGANISATION_MAX,
        required=False,
        help_text=_("Zum Beispiel: Stadt Soest, Amt für Digitalisierung"),
        error_messages={"max_length": MAX_LENGTH_MESSAGE},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )

    def __init__(
        self,
        *args,
        reg_settings: RegistrationSettings,
        questions: Iterable[Question] = (),
        options: Iterable[tuple[Any, SeatSummary]] = (),
        user=None,
        profile=None,
        **kwargs,
    ) -> None:
        self.reg_settings = reg_settings
        self.event = reg_settings.event
        self.questions = list(questions)
        self.options = list(options)
        self.user = user if user is not None and user.is_authenticated else None
        # Form.__init__ copies base_fields: an instance attribute adds this event's fields
        # before that, so they are styled and ordered like the declared ones.
        self.base_fields = {**type(self).base_fields, **self._event_fields()}
        super().__init__(*args, **kwargs)
        if reg_settings.audience == RegistrationAudience.PUBLIC_BODIES:
            self.fields["organisation_type"].required = True
        if reg_settings.audience == RegistrationAudience.HOST_MUNICIPALITY:
            self.fields["municipality"].required = True
        if self.user is not None:
            self._prefill(self.user, profile)

    @property
    def shows_recording_notice(self) -> bool:
        """Streamed events (online, hybrid) and events whose organisers ask for it."""
        return self.reg_settings.recording_notice or self.event.is_online

    def _event_fields(self) -> dict[str, forms.Field]:
        fields = question_fields_for(self.questions)
        if self.options:
            fields["session_options"] = forms.TypedMultipleChoiceField(
                label=_("Programmpunkte"),
                help_text=_("Wählen Sie die Programmpunkte, an denen Sie teilnehmen möchten."),
                choices=[
                    (
                        option.pk,
                        _option_label(
                            option, seats, self.event.time_zone, self.reg_settings.waitlist_enabled
                        ),
                    )
                    for option, seats in self.options
                ],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "invalid_choice": _("Bitte wählen Sie nur angebotene Programmpunkte.")
                },
            )
        if self.reg_settings.audience == RegistrationAudience.INVITATION_CODE:
            fields["invitation_code"] = forms.CharField(
                label=_("Einladungscode"),
                max_length=64,
                help_text=_("Den Code finden Sie in Ihrer Einladung."),
                error_messages={
                    "required": _("Bitte geben Sie Ihren Einladungscode an."),
                    "max_length": MAX_LENGTH_MESSAGE,
                },
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
        fields["privacy_accepted"] = forms.BooleanField(
            label=format_html(
                '{} <a class="kern-link" href="{}">{}</a>',
                gettext("Ich habe den Datenschutzhinweis gelesen:"),
                reverse("legal_page", kwargs={"kind": LegalPageKind.PRIVACY}),
                gettext("Datenschutzhinweis"),
            ),
            error_messages={
                "required": _(
                    "Bitte bestätigen Sie, dass Sie den Datenschutzhinweis gelesen haben."
                )
            },
        )
        fields["directory_consent"] = forms.BooleanField(
            label=DIRECTORY_CONSENT_TEXTS[DIRECTORY_CONSENT_VERSION],
            required=False,
            initial=False,
            help_text=_("Freiwillig. Ohne Einwilligung erscheinen Sie nicht im Verzeichnis."),
        )
        if self.shows_recording_notice:
            fields["recording_acknowledged"] = forms.BooleanField(
                label=RECORDING_NOTICE,
                error_messages={
                    "required": _(
                        "Bitte nehmen Sie den Hinweis auf Foto- und Videoaufnahmen zur Kenntnis."
                    )
                },
            )
        return fields

    def _prefill(self, user, profile) -> None:
        self.fields["email"].disabled = True
        self.fields["email"].help_text = _(
            "Die Adresse Ihres Kontos. Sie können sie in den Kontoeinstellungen ändern."
        )
        self.initial["email"] = user.email
        self.initial.setdefault("first_name", user.first_name)
        self.initial.setdefault("last_name", user.last_name)
        if profile is not None:
            self.initial.setdefault("organisation_type", profile.organisation_type)
            self.initial.setdefault("organisation_name", profile.organisation_name)
            self.initial.setdefault("municipality", profile.municipality_id)

    @property
    def person_fields(self) -> list:
        names = [
            "first_name",
            "last_name",
            "email",
            "organisation_type",
            "municipality",
            "organisation_name",
        ]
        return [self[name] for name in names]

    @property
    def consent_fields(self) -> list:
        names = ["privacy_accepted", "directory_consent", "recording_acknowledged"]
        return [self[name] for name in names if name in self.fields]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        municipality = cleaned.get("municipality")
        organisation_type = cleaned.get("organisation_type", "")
        if (
            municipality is not None
            and not organisation_type
            and "organisation_type" not in self.errors
        ):
            # The service assumes the same; the audience check below needs it now.
            organisation_type = cleaned["organisation_type"] = OrganisationType.MUNICIPALITY
        if (
            organisation_type == OrganisationType.MUNICIPALITY
            and municipality is None
            and "municipality" not in self.errors
        ):
            self.add_error("municipality", _("Bitte wählen Sie Ihre Kommune."))
        self._check_audience(cleaned, organisation_type, municipality)
        cleaned["answers"] = self.clean_answers(cleaned)
        return cleaned

    def _check_audience(self, cleaned, organisation_type, municipality) -> None:
        audience = self.reg_settings.audience
        fields = {
            RegistrationAudience.PUBLIC_BODIES: "organisation_type",
            RegistrationAudience.HOST_MUNICIPALITY: "municipality",
            RegistrationAudience.INVITATION_CODE: "invitation_code",
        }
        field = fields.get(audience)
        if field is None or field in self.errors:
            return
        if is_in_audience(
            self.reg_settings,
            organisation_type=organisation_type,
            municipality=municipality,
            invitation_code=cleaned.get("invitation_code", ""),
        ):
            return
        if audience == RegistrationAudience.PUBLIC_BODIES:
            message = gettext(
                "Diese Veranstaltung steht nur öffentlichen Stellen offen: Kommunen, Kreisen "
                "und Landesbehörden."
            )
        elif audience == RegistrationAudience.HOST_MUNICIPALITY:
            message = gettext(
                "Diese Veranstaltung steht nur Beschäftigten von %(host)s offen."
            ) % {"host": self.event.host_municipality.name if self.event.host_municipality else ""}
        else:
            message = gettext("Der Einladungscode ist nicht gültig.")
        self.add_error(field, message)

    def service_arguments(self) -> dict[str, Any]:
        """What ``register_attendee`` takes, from the cleaned form."""
        data = self.cleaned_data
        return {
            "email": self.user.email if self.user is not None else data["email"],
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "municipality": data.get("municipality"),
            "organisation_type": data.get("organisation_type", ""),
            "organisation_name": data.get("organisation_name", ""),
            "answers": data["answers"],
            "session_options": data.get("session_options", []),
            "privacy_accepted": data["privacy_accepted"],
            "directory_consent": data.get("directory_consent", False),
            "directory_consent_version": DIRECTORY_CONSENT_VERSION,
            "recording_acknowledged": data.get("recording_acknowledged", False),
            "invitation_code": data.get("invitation_code", ""),
        }


class AnswersForm(AnswersMixin, KernFormMixin, forms.Form):
    """The answers of a registration, changed from its management page."""

    def __init__(
        self, *args, questions: Iterable[Question], answers: Mapping[int, object], **kwargs
    ):
        self.questions = list(questions)
        self.base_fields = question_fields_for(self.questions)
        kwargs.setdefault(
            "initial",
            {
                f"question_{question.pk}": answer_initial(question, answers[question.pk])
                for question in self.questions
                if question.pk in answers
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["answers"] = self.clean_answers(cleaned)
        return cleaned
