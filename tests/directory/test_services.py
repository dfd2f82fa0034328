import pytest
from django.core.exceptions import ValidationError

from directory.enums import OrganisationType
from directory.models import District, Municipality, Profile
from directory.services import update_profile
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def test_update_profile_creates_the_profile_on_first_use(reference_data):
    user = UserFactory(password=None)
    soest = Municipality.objects.get(ags="05974040")

    profile = update_profile(
        user,
        first_name=" Jana ",
        last_name="Berg",
        academic_title="Dr.",
        function="Digitalisierungsbeauftragte",
        organisation_type=OrganisationType.MUNICIPALITY,
        organisation_name="Stadt Soest",
        municipality=soest,
    )

    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Jana", "Berg")
    assert Profile.objects.get(user=user) == profile
    assert (profile.municipality, profile.district, profile.is_public_body) == (soest, None, True)


def test_update_profile_changes_the_existing_profile(reference_data):
    user = UserFactory(password=None)
    first = update_profile(user, first_name="Jana", last_name="Berg", function="CDO")

    second = update_profile(user, first_name="Jana", last_name="Berg", function="Amtsleitung")

    assert second.pk == first.pk
    assert Profile.objects.get(user=user).function == "Amtsleitung"


def test_update_profile_requires_the_municipality_of_municipal_staff(reference_data):
    user = UserFactory(password=None)

    with pytest.raises(ValidationError) as raised:
        update_profile(user, first_name="Jana", last_name="Berg", organisation_type="municipality")

    assert raised.value.message_dict == {
        "municipality": ["Bitte wählen Sie die Kommune aus, für die Sie arbeiten."]
    }
    assert not Profile.objects.exists()


def test_update_profile_requires_the_district_of_district_staff(reference_data):
    with pytest.raises(ValidationError) as raised:
        update_profile(
            UserFactory(password=None),
            first_name="Jana",
            last_name="Berg",
            organisation_type="district",
        )

    assert raised.value.message_dict == {
        "district": ["Bitte wählen Sie den Kreis aus, für den Sie arbeiten."]
    }


def test_update_profile_refuses_a_kreisfreie_stadt_as_district(reference_data):
    with pytest.raises(ValidationError) as raised:
        update_profile(
            UserFactory(password=None),
            first_name="Jana",
            last_name="Berg",
            organisation_type="district",
            district=District.objects.get(ags="05711"),
        )

    assert raised.value.message_dict == {
        "district": [
            "Eine kreisfreie Stadt ist eine Kommune: Bitte wählen Sie als Art der Organisation "
            "„Kommune“ und dann die Stadt."
        ]
    }


def test_update_profile_keeps_the_place_only_where_it_names_the_employer(reference_data):
    user = UserFactory(password=None)
    soest = Municipality.objects.get(ags="05974040")
    kreis_soest = District.objects.get(ags="05974")

    as_district = update_profile(
        user,
        first_name="Jana",
        last_name="Berg",
        organisation_type="district",
        municipality=soest,
        district=kreis_soest,
    )
    assert (as_district.municipality, as_district.district) == (None, kreis_soest)

    as_state = update_profile(
        user,
        first_name="Jana",
        last_name="Berg",
        organisation_type="state_authority",
        municipality=soest,
    )
    assert (as_state.municipality, as_state.district) == (soest, None)

    as_business = update_profile(
        user,
        first_name="Jana",
        last_name="Berg",
        organisation_type="business",
        municipality=soest,
        district=kreis_soest,
    )
    assert (as_business.municipality, as_business.district) == (None, None)
    assert as_business.is_public_body is False
