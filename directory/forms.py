from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import KernFormMixin
from core.models import User
from directory.enums import AcademicTitle, OrganisationType
from directory.models import Municipality, Profile
from directory.queries import districts_for_picker, municipalities_for_picker
from directory.services import validate_profile_affiliation
from directory.widgets import MunicipalityPickerWidget


class MunicipalityChoiceField(forms.ModelChoiceField):
    """A municipality, picked with ``MunicipalityPickerWidget`` and labelled "Name (Kreis)".

    Other apps' forms use this field wherever a person names their municipality.
    """

    widget = MunicipalityPickerWidget

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("queryset", municipalities_for_picker())
        kwargs.setdefault("empty_label", _("– bitte wählen –"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Municipality) -> str:
        return obj.label


class ProfileForm(KernFormMixin, forms.Form):
    """A person's name and role; public bodies name their municipality or Kreis."""

    first_name = forms.CharField(label=_("Vorname"), max_length=150)
    last_name = forms.CharField(label=_("Nachname"), max_length=150)
    academic_title = forms.ChoiceField(
        label=_("Akademischer Titel"), choices=AcademicTitle.choices, required=False
    )
    function = forms.CharField(
        label=_("Funktion"),
        max_length=200,
        required=False,
        help_text=_("Zum Beispiel: Digitalisierungsbeauftragte, CDO, Amtsleitung IT"),
    )
    organisation_type = forms.ChoiceField(
        label=_("Art der Organisation"),
        choices=[("", _("keine Angabe")), *OrganisationType.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    organisation_name = forms.CharField(
        label=_("Name der Organisation"),
        max_length=200,
        required=False,
        help_text=_("Zum Beispiel: Stadt Soest, Amt für Digitalisierung"),
    )
    municipality = MunicipalityChoiceField(
        label=_("Kommune"),
        required=False,
        help_text=_("Pflichtangabe, wenn Sie für eine Kommune arbeiten."),
    )
    district = forms.ModelChoiceField(
        label=_("Kreis"),
        queryset=districts_for_picker(),
        required=False,
        empty_label=_("– bitte wählen –"),
        help_text=_(
            "Pflichtangabe, wenn Sie für einen Kreis oder die Städteregion Aachen arbeiten."
        ),
    )

    def __init__(self, *args, user: User, profile: Profile, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "academic_title": profile.academic_title,
                "function": profile.function,
                "organisation_type": profile.organisation_type,
                "organisation_name": profile.organisation_name,
                "municipality": profile.municipality_id,
                "district": profile.district_id,
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        cleaned = super().clean()
        try:
            validate_profile_affiliation(
                organisation_type=cleaned.get("organisation_type", ""),
                municipality=cleaned.get("municipality"),
                district=cleaned.get("district"),
            )
        except ValidationError as error:
            for field, messages in error.error_dict.items():
                if field not in self.errors:  # an invalid choice already says enough
                    self.add_error(field, messages)
        return cleaned
