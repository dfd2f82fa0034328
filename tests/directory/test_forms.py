import pytest
from django import forms

from core.models import User
from directory.forms import MunicipalityChoiceField, ProfileForm
from directory.models import District, Municipality, Profile

pytestmark = pytest.mark.django_db


def make_form(data: dict | None = None) -> ProfileForm:
    user = User(email="jana.berg@soest.example", first_name="Jana", last_name="Berg")
    return ProfileForm(data, user=user, profile=Profile(user=user))


def valid_data(**overrides) -> dict:
    return {"first_name": "Jana", "last_name": "Berg", **overrides}


def test_profile_form_starts_with_the_user_and_profile_values(reference_data):
    user = User(email="jana.berg@soest.example", first_name="Jana", last_name="Berg")
    soest = Municipality.objects.get(ags="05974040")
    profile = Profile(
        user=user, organisation_type="municipality", municipality=soest, function="CDO"
    )

    form = ProfileForm(user=user, profile=profile)

    assert {name: form[name].value() for name in form.fields} == {
        "first_name": "Jana",
        "last_name": "Berg",
        "academic_title": "",
        "function": "CDO",
        "organisation_type": "municipality",
        "organisation_name": "",
        "municipality": soest.pk,
        "district": None,
    }


def test_profile_form_accepts_a_municipality_employee(reference_data):
    soest = Municipality.objects.get(ags="05974040")

    form = make_form(valid_data(organisation_type="municipality", municipality=soest.pk))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["municipality"] == soest


def test_profile_form_accepts_a_person_without_organisation(reference_data):
    assert make_form(valid_data()).is_valid()


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        pytest.param(
            {"first_name": "", "last_name": ""},
            {
                "first_name": ["Dieses Feld ist zwingend erforderlich."],
                "last_name": ["Dieses Feld ist zwingend erforderlich."],
            },
            id="names",
        ),
        pytest.param(
            valid_data(organisation_type="municipality"),
            {"municipality": ["Bitte wählen Sie die Kommune aus, für die Sie arbeiten."]},
            id="municipality-missing",
        ),
        pytest.param(
            valid_data(organisation_type="district"),
            {"district": ["Bitte wählen Sie den Kreis aus, für den Sie arbeiten."]},
            id="district-missing",
        ),
        pytest.param(
            valid_data(organisation_type="municipality", municipality="999999"),
            {
                "municipality": [
                    "Bitte eine gültige Auswahl treffen. Dies ist keine gültige Auswahl."
                ]
            },
            id="municipality-unknown",
        ),
        pytest.param(
            valid_data(organisation_type="ministry"),
            {
                "organisation_type": [
                    "Bitte eine gültige Auswahl treffen. ministry ist keine gültige Auswahl."
                ]
            },
            id="type-unknown",
        ),
    ],
)
def test_profile_form_explains_what_is_missing(reference_data, data, errors):
    form = make_form(data)

    assert not form.is_valid()
    assert form.errors == errors


def test_profile_form_offers_only_kreise_as_district(reference_data):
    form = make_form()

    names = [label for value, label in form.fields["district"].choices if value]
    assert len(names) == 31
    assert "Städteregion Aachen" in names
    assert "Bielefeld" not in names


def test_profile_form_refuses_a_kreisfreie_stadt_as_district(reference_data):
    bielefeld = District.objects.get(ags="05711")
    form = make_form(valid_data(organisation_type="district", district=bielefeld.pk))

    assert not form.is_valid()
    assert form.errors == {
        "district": ["Bitte eine gültige Auswahl treffen. Dies ist keine gültige Auswahl."]
    }


def test_profile_form_renders_with_two_queries(reference_data, django_assert_num_queries):
    form = make_form()

    with django_assert_num_queries(2):  # municipalities with their districts, and the Kreise
        html = str(form)

    # academic titles 4, municipalities 396 and districts 31, each select with an empty option
    assert html.count("<option value=") == 4 + 1 + 396 + 1 + 31


class PlaceForm(forms.Form):
    municipality = MunicipalityChoiceField(label="Kommune")


def test_municipality_picker_groups_kreisfreie_staedte_first_then_kreise(reference_data):
    widget = PlaceForm()["municipality"]

    groups = [
        (name, [option["label"] for option in options])
        for name, options, _index in widget.field.widget.optgroups(
            "municipality", widget.field.widget.format_value(None)
        )
    ]

    assert groups[0] == (None, ["– bitte wählen –"])
    assert groups[1][0] == "Kreisfreie Städte"
    assert groups[1][1][:3] == [
        "Bielefeld (kreisfreie Stadt)",
        "Bochum (kreisfreie Stadt)",
        "Bonn (kreisfreie Stadt)",
    ]
    assert len(groups[1][1]) == 22
    assert [name for name, _labels in groups[2:5]] == [
        "Ennepe-Ruhr-Kreis",
        "Hochsauerlandkreis",
        "Kreis Borken",
    ]
    assert dict(groups)["Kreis Soest"][:3] == [
        "Anröchte (Kreis Soest)",
        "Bad Sassendorf (Kreis Soest)",
        "Ense (Kreis Soest)",
    ]
    assert sum(len(labels) for name, labels in groups if name) == 396


def test_municipality_picker_marks_the_chosen_municipality(reference_data):
    soest = Municipality.objects.get(ags="05974040")

    html = str(PlaceForm(initial={"municipality": soest.pk})["municipality"])

    assert f'<option value="{soest.pk}" selected>Soest (Kreis Soest)</option>' in html
    assert html.startswith('<div class="kf-picker" data-municipality-picker')


def test_municipality_choice_field_resolves_the_posted_id(reference_data):
    soest = Municipality.objects.get(ags="05974040")

    form = PlaceForm({"municipality": str(soest.pk)})

    assert form.is_valid()
    assert form.cleaned_data["municipality"] == soest


def test_municipality_choice_field_requires_a_choice_when_required(reference_data):
    form = PlaceForm({"municipality": ""})

    assert form.errors == {"municipality": ["Dieses Feld ist zwingend erforderlich."]}
