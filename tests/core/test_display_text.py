"""Bidirectional controls and zero-width characters never reach a stored name or title."""

import pytest
from django.urls import reverse

from conferences.enums import EventStatus, TeamRole
from conferences.models import Event, Series
from core.text import clean_display_text
from directory.forms import ProfileForm
from directory.models import Profile
from registrations.forms.organiser import ManualRegistrationForm
from registrations.models import Registration
from registrations.requests.forms import RequestForm
from sessions.forms import InlineSpeakerForm, SpeakerForm, StageForm
from tests.factories.conferences import EventFactory, OrganiserTeamFactory, TeamMembershipFactory
from tests.factories.core import UserFactory, add_totp
from tests.factories.registrations import RegistrationSettingsFactory

# U+202E (right-to-left override) makes "Fachkonferenz\u202egidröhebmasla" read reversed;
# U+200B and friends are invisible. Every character the function must remove:
INVISIBLE = [
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
]


@pytest.mark.parametrize("character", INVISIBLE)
def test_display_text_removes_each_invisible_character(character):
    assert clean_display_text(f"Stadt{character} Soest{character}") == "Stadt Soest"


def test_display_text_keeps_visible_text_in_any_script():
    text = "Zoë Öztürk – مدينة زوست – Ελένη 👩‍💻"

    assert clean_display_text(text) == "Zoë Öztürk – مدينة زوست – Ελένη 👩💻"


@pytest.mark.django_db
def test_display_text_event_title_and_series_name_through_the_organiser_form(client):
    team = OrganiserTeamFactory()
    user = UserFactory()
    TeamMembershipFactory(team=team, user=user, role=TeamRole.ORGANISER)
    add_totp(user)
    client.force_login(user)

    response = client.post(
        reverse("organiser_event_create"),
        {
            "team": team.pk,
            "kind": "conference",
            "format": "online",
            "title": "Fach\u202ekonferenz\u202c 2031\u200b",
            "starts_at": "2031-06-18T09:30",
            "ends_at": "2031-06-18T12:15",
            "time_zone": "Europe/Berlin",
            "online_access_notes": "Link per Mail.",
            "series_name": "\u2067Fachkonferenzen\u2069",
            "contact_email": "konferenz@land.example",
            "languages": ["de"],
            "audience": "everyone",
        },
    )

    assert response.status_code == 302
    event = Event.objects.get()
    assert event.title == "Fachkonferenz 2031"
    assert Series.objects.get().name == "Fachkonferenzen"


@pytest.mark.django_db
def test_display_text_only_invisible_title_is_missing(client):
    form = StageForm(data={"name": "\u200b\u202e\ufeff", "description": ""})

    assert form.errors == {"name": ["Dieses Feld ist zwingend erforderlich."]}


@pytest.mark.django_db
def test_display_text_length_counts_what_a_reader_sees():
    form = StageForm(data={"name": "S" * 100 + "\u200b" * 20, "description": ""})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "S" * 100


@pytest.mark.django_db
def test_display_text_speaker_forms():
    speaker = SpeakerForm(
        data={
            "academic_title": "Dr.\u200d",
            "first_name": "Ina\u202e",
            "last_name": "\u2066Kraus",
            "function": "Bürger\u200bmeisterin",
            "organisation": "Stadt\u2060 Soest",
        }
    )
    inline = InlineSpeakerForm(
        data={"new-first_name": "\ufeffJana", "new-last_name": "B\u200c", "new-role": "host"}
    )

    assert speaker.is_valid(), speaker.errors
    assert [speaker.cleaned_data[name] for name in ("academic_title", "first_name")] == [
        "Dr.",
        "Ina",
    ]
    assert [speaker.cleaned_data[name] for name in ("last_name", "function", "organisation")] == [
        "Kraus",
        "Bürgermeisterin",
        "Stadt Soest",
    ]
    assert inline.is_valid(), inline.errors
    assert (inline.cleaned_data["first_name"], inline.cleaned_data["last_name"]) == ("Jana", "B")


@pytest.mark.django_db
def test_display_text_public_registration(client):
    event = EventFactory(slug="offen", status=EventStatus.PUBLISHED)
    RegistrationSettingsFactory(event=event)

    response = client.post(
        f"/veranstaltungen/{event.slug}/anmeldung/",
        {
            "first_name": "Erika\u202e",
            "last_name": "\u200bMustermann",
            "email": "erika@soest.example",
            "organisation_name": "Kreis\u2068 Soest",
            "privacy_accepted": "on",
            "recording_acknowledged": "on",
        },
    )

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.first_name, registration.last_name) == ("Erika", "Mustermann")


@pytest.mark.django_db
def test_display_text_organiser_registration_profile_and_request_forms():
    manual = ManualRegistrationForm(
        data={
            "first_name": "Jana\u200b",
            "last_name": "\u202dBeispiel",
            "email": "jana@kommune.example",
            "language": "de",
        },
        event=EventFactory(),
    )
    user = UserFactory()
    profile = ProfileForm(
        data={"first_name": "Petra\ufeff", "last_name": "Schulte\u2069"},
        user=user,
        profile=Profile(user=user),
    )
    request = RequestForm(data={"contact_name": "\u202ePetra Schulte"})

    manual.is_valid()
    profile.is_valid()
    request.is_valid()

    assert (manual.cleaned_data["first_name"], manual.cleaned_data["last_name"]) == (
        "Jana",
        "Beispiel",
    )
    assert (profile.cleaned_data["first_name"], profile.cleaned_data["last_name"]) == (
        "Petra",
        "Schulte",
    )
    assert request.cleaned_data["contact_name"] == "Petra Schulte"
