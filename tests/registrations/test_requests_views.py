"""The request form, its rate limits, and the organiser inbox with notes, status and scheduling."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from conferences.enums import EventKind, EventStatus, TeamRole
from directory.models import Profile
from registrations.enums import RegistrationAudience
from registrations.requests.models import RequestNote, RequestStatus, WorkshopRequest
from tests.factories.conferences import (
    EventFactory,
    OrganiserTeamFactory,
    TeamMembershipFactory,
    TopicFactory,
)
from tests.factories.core import UserFactory, add_totp
from tests.factories.directory import MunicipalityFactory
from tests.factories.requests import RequestNoteFactory, WorkshopRequestFactory

pytestmark = pytest.mark.django_db

CREATE_URL = "/anfragen/neu/"
INBOX_URL = "/veranstalten/anfragen/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The rate-limit counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def soest():
    return MunicipalityFactory(name="Soest", ags="05974040")


@pytest.fixture
def team():
    return OrganiserTeamFactory(name="Geschäftsstelle")


def organiser_of(team, role=TeamRole.ORGANISER):
    user = TeamMembershipFactory(team=team, role=role).user
    add_totp(user)
    return user


def form_data(municipality, **changes) -> dict:
    return {
        "kind": "workshop",
        "municipality": municipality.pk,
        "message": "Wir möchten digitale Anträge einführen.",
        "expected_participants": "25",
        "contact_name": "Petra Schulte",
        "function": "Digitalisierungsbeauftragte",
        "email": "p.schulte@soest.example",
        "privacy": "on",
        **changes,
    }


def errors_of(response) -> dict:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


# --- The public form ---------------------------------------------------------------------


def test_home_page_links_to_the_request_form(client):
    response = client.get("/")

    assert f'href="{CREATE_URL}">Workshop oder Beratung anfragen</a>' in response.text


def test_request_form_prefills_a_logged_in_user_from_the_profile(client, soest, team):
    user = UserFactory(first_name="Petra", last_name="Schulte", email="petra@soest.example")
    Profile.objects.create(user=user, function="CDO", municipality=soest)
    client.force_login(user)

    response = client.get(CREATE_URL)

    form = response.context["form"]
    assert response.status_code == 200
    assert (
        form["contact_name"].value(),
        form["email"].value(),
        form["function"].value(),
        form["municipality"].value(),
    ) == ("Petra Schulte", "petra@soest.example", "CDO", soest.pk)


def test_request_form_sends_an_anonymous_request_to_the_only_team(
    client, soest, team, outbox, django_capture_on_commit_callbacks
):
    topic = TopicFactory(name="E-Government", slug="e-government")
    day = timezone.localdate() + datetime.timedelta(days=30)

    with_team = client.get(CREATE_URL)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CREATE_URL,
            form_data(soest, topics=[topic.pk], preferred_date_1=day.isoformat()),
            follow=True,
        )

    assert "team" not in with_team.context["form"].fields
    assert response.redirect_chain == [("/anfragen/eingegangen/", 302)]
    workshop_request = WorkshopRequest.objects.get()
    assert (workshop_request.team, workshop_request.municipality) == (team, soest)
    assert (workshop_request.created_by, workshop_request.language) == (None, "de")
    assert workshop_request.preferred_dates == [day]
    assert list(workshop_request.topics.all()) == [topic]
    assert "Eine Bestätigung ist an p.schulte@soest.example unterwegs." in response.text
    assert [message.subject for message in outbox] == [
        "Ihre Anfrage ist eingegangen: Kommunalworkshop für Soest"
    ]


def test_request_form_in_english_stores_the_language(client, soest, team):
    # The English page activates English for the thread; keep it from leaking into others.
    with translation.override("de"):
        client.post("/en" + CREATE_URL, form_data(soest))

    assert WorkshopRequest.objects.get().language == "en"


def test_request_form_asks_for_the_team_when_there_are_several(client, soest, team):
    other = OrganiserTeamFactory(name="Projektbüro")

    missing = client.post(CREATE_URL, form_data(soest))
    chosen = client.post(CREATE_URL, form_data(soest, team=other.pk))

    assert errors_of(missing) == {"team": ["Bitte wählen Sie, an wen die Anfrage gehen soll."]}
    assert chosen.status_code == 302
    assert WorkshopRequest.objects.get().team == other


def test_request_form_names_every_missing_field(client, team):
    response = client.post(CREATE_URL, {})

    assert response.status_code == 200
    assert errors_of(response) == {
        "kind": ["Bitte wählen Sie Workshop oder Beratung."],
        "municipality": ["Bitte wählen Sie Ihre Kommune."],
        "message": ["Dieses Feld ist zwingend erforderlich."],
        "expected_participants": ["Bitte schätzen Sie die Zahl der Teilnehmenden."],
        "contact_name": ["Dieses Feld ist zwingend erforderlich."],
        "function": ["Dieses Feld ist zwingend erforderlich."],
        "email": ["Bitte geben Sie Ihre E-Mail-Adresse an."],
        "privacy": ["Bitte bestätigen Sie, dass Sie den Datenschutzhinweis gelesen haben."],
    }
    assert "Bitte prüfen Sie Ihre Eingaben." in response.text
    assert WorkshopRequest.objects.count() == 0


def test_request_form_refuses_over_long_input(client, soest, team):
    response = client.post(
        CREATE_URL,
        form_data(soest, message="x" * 5001, contact_name="y" * 201, phone="1" * 41),
    )

    assert errors_of(response) == {
        "message": ["Bitte kürzen Sie den Text auf höchstens 5000 Zeichen (jetzt 5001)."],
        "contact_name": ["Bitte kürzen Sie den Text auf höchstens 200 Zeichen (jetzt 201)."],
        "phone": ["Bitte kürzen Sie den Text auf höchstens 40 Zeichen (jetzt 41)."],
    }
    assert WorkshopRequest.objects.count() == 0


def test_request_form_refuses_bad_numbers_dates_and_phone(client, soest, team):
    today = timezone.localdate()
    later = today + datetime.timedelta(days=10)

    response = client.post(
        CREATE_URL,
        form_data(
            soest,
            expected_participants="501",
            preferred_date_1=today.isoformat(),
            preferred_date_2=later.isoformat(),
            preferred_date_3=later.isoformat(),
            phone="0291 <script>",
            email="keine-adresse",
        ),
    )

    assert errors_of(response) == {
        "expected_participants": [
            "Mehr als 500 Teilnehmende sind für einen Workshop zu viele; schreiben Sie uns "
            "bitte in der Nachricht, was Sie planen."
        ],
        "preferred_date_1": ["Bitte wählen Sie einen Tag nach dem heutigen."],
        "preferred_date_3": ["Diesen Tag haben Sie schon genannt."],
        "phone": ["Bitte geben Sie nur Ziffern, Leerzeichen und + ( ) / - ein."],
        "email": ["Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@kommune.de."],
    }


def test_request_form_without_any_team_explains_why(client):
    response = client.get(CREATE_URL)

    assert "Anfragen sind zurzeit nicht möglich." in response.text
    assert "Anfrage senden" not in response.text


def test_request_form_limits_requests_per_email(client, soest, team):
    statuses = [
        client.post(CREATE_URL, form_data(soest), REMOTE_ADDR=f"192.0.2.{n}").status_code
        for n in range(4)
    ]
    other = client.post(
        CREATE_URL, form_data(soest, email="andere@soest.example"), REMOTE_ADDR="192.0.2.9"
    )

    assert statuses == [302, 302, 302, 429]
    assert other.status_code == 302
    assert WorkshopRequest.objects.count() == 4


def test_request_form_limits_requests_per_address(client, soest, team):
    statuses = [
        client.post(CREATE_URL, form_data(soest, email=f"person{n}@soest.example")).status_code
        for n in range(11)
    ]

    assert statuses == [302] * 10 + [429]
    assert WorkshopRequest.objects.count() == 10


def test_request_form_over_the_limit_keeps_the_input_and_says_why(client, soest, team, settings):
    settings.REGISTRATIONS_RATE_LIMITS = {"request_email": (1, 3600)}
    client.post(CREATE_URL, form_data(soest))

    response = client.post(CREATE_URL, form_data(soest, message="Noch eine Frage"))

    assert response.status_code == 429
    assert response.context["form"]["message"].value() == "Noch eine Frage"
    assert (
        "Von Ihrem Anschluss oder für diese E-Mail-Adresse sind in kurzer Zeit zu viele "
        "Anfragen eingegangen." in response.text
    )


def test_request_form_does_not_count_submissions_with_errors(client, soest, team, settings):
    settings.REGISTRATIONS_RATE_LIMITS = {"request_email": (1, 3600)}
    client.post(CREATE_URL, form_data(soest, privacy=""))

    response = client.post(CREATE_URL, form_data(soest))

    assert response.status_code == 302


# --- The inbox: who sees what ------------------------------------------------------------


def test_inbox_sends_anonymous_people_to_log_in(client):
    response = client.get(INBOX_URL)

    assert (response.status_code, response.url) == (
        302,
        "/konto/login/?next=/veranstalten/anfragen/",
    )


def test_inbox_is_forbidden_for_attendees(client):
    client.force_login(UserFactory())

    assert client.get(INBOX_URL).status_code == 403


def test_inbox_hides_requests_of_other_teams(client, team):
    workshop_request = WorkshopRequestFactory(team=team, municipality__name="Soest")
    client.force_login(organiser_of(OrganiserTeamFactory()))

    inbox = client.get(INBOX_URL)
    detail = client.get(reverse("organiser_request", kwargs={"request_id": workshop_request.pk}))
    status = client.post(
        reverse("organiser_request_status", kwargs={"request_id": workshop_request.pk}),
        {"status": "declined"},
    )

    assert list(inbox.context["requests"]) == []
    assert "Noch keine Anfragen." in inbox.text
    assert (detail.status_code, status.status_code) == (404, 404)
    workshop_request.refresh_from_db()
    assert workshop_request.status == RequestStatus.NEW


def test_inbox_shows_the_team_organiser_its_requests(client, team):
    workshop_request = WorkshopRequestFactory(
        team=team, municipality__name="Soest", contact_name="Petra Schulte"
    )
    WorkshopRequestFactory()  # addressed to another team
    client.force_login(organiser_of(team))

    inbox = client.get(INBOX_URL)
    detail = client.get(reverse("organiser_request", kwargs={"request_id": workshop_request.pk}))

    assert list(inbox.context["requests"]) == [workshop_request]
    assert "Petra Schulte" in inbox.text
    assert detail.status_code == 200
    assert "Termin anlegen" in detail.text
    assert "Wir möchten unsere Verwaltungsleistungen digitalisieren." in detail.text


def test_inbox_lets_moderators_read_but_not_act(client, team):
    workshop_request = WorkshopRequestFactory(team=team)
    client.force_login(organiser_of(team, role=TeamRole.MODERATOR))
    kwargs = {"request_id": workshop_request.pk}

    detail = client.get(reverse("organiser_request", kwargs=kwargs))
    note = client.post(reverse("organiser_request_note", kwargs=kwargs), {"text": "Hallo"})
    schedule = client.get(reverse("organiser_request_schedule", kwargs=kwargs))

    assert detail.status_code == 200
    assert "Termin anlegen" not in detail.text
    assert (note.status_code, schedule.status_code) == (403, 403)
    assert RequestNote.objects.count() == 0


def test_inbox_filters_by_status_and_counts_each(client, team):
    new = WorkshopRequestFactory(team=team)
    WorkshopRequestFactory(team=team)
    WorkshopRequestFactory(team=team, status=RequestStatus.DONE)
    client.force_login(organiser_of(team))

    everything = client.get(INBOX_URL)
    done = client.get(INBOX_URL, {"status": "done"})
    unknown = client.get(INBOX_URL, {"status": "bogus"})

    assert [(tab.label, tab.count, tab.current) for tab in everything.context["tabs"]] == [
        ("alle", 3, True),
        ("neu", 2, False),
        ("in Bearbeitung", 0, False),
        ("Termin geplant", 0, False),
        ("abgelehnt", 0, False),
        ("erledigt", 1, False),
    ]
    assert ">Neu (2)</a>" in everything.text
    assert [r.status for r in done.context["requests"]] == ["done"]
    assert [tab.current for tab in done.context["tabs"]][-1] is True
    assert len(unknown.context["requests"]) == 3
    assert new in everything.context["requests"]


def test_inbox_query_count_does_not_grow_with_requests(
    client, team, django_assert_max_num_queries
):
    topics = [TopicFactory(), TopicFactory()]
    first = WorkshopRequestFactory(team=team)
    first.topics.set(topics)
    client.force_login(organiser_of(team))

    with django_assert_max_num_queries(100) as one:
        response = client.get(INBOX_URL)
    assert len(response.context["requests"]) == 1
    for _ in range(12):
        WorkshopRequestFactory(team=team).topics.set(topics)
    event = EventFactory(team=team)
    WorkshopRequestFactory(team=team, scheduled_event=event, status=RequestStatus.SCHEDULED)

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(INBOX_URL)
    assert len(response.context["requests"]) == 14


# --- Notes, status changes and scheduling through the pages ------------------------------


def test_request_note_is_stored_for_the_team_only(client, team, outbox):
    workshop_request = WorkshopRequestFactory(team=team)
    organiser = organiser_of(team)
    client.force_login(organiser)
    kwargs = {"request_id": workshop_request.pk}

    response = client.post(
        reverse("organiser_request_note", kwargs=kwargs), {"text": "Rückruf vereinbart."}
    )
    too_long = client.post(reverse("organiser_request_note", kwargs=kwargs), {"text": "x" * 2001})
    as_get = client.get(reverse("organiser_request_note", kwargs=kwargs))

    assert response.url == f"/veranstalten/anfragen/{workshop_request.pk}/"
    note = RequestNote.objects.get()
    assert (note.request, note.author, note.text) == (
        workshop_request,
        organiser,
        "Rückruf vereinbart.",
    )
    assert too_long.context["note_form"].errors == {
        "text": ["Bitte kürzen Sie den Text auf höchstens 2000 Zeichen (jetzt 2001)."]
    }
    assert as_get.status_code == 405
    assert outbox == []


def test_request_detail_shows_notes_and_history(client, team):
    workshop_request = WorkshopRequestFactory(team=team)
    RequestNoteFactory(request=workshop_request, text="Bürgermeister einbinden")
    client.force_login(organiser_of(team))

    response = client.get(reverse("organiser_request", kwargs={"request_id": workshop_request.pk}))

    assert "Bürgermeister einbinden" in response.text
    assert "Der Status wurde noch nicht geändert." in response.text


def test_request_status_change_through_the_page_mails_the_requester(
    client, team, outbox, django_capture_on_commit_callbacks
):
    workshop_request = WorkshopRequestFactory(team=team, municipality__name="Soest")
    client.force_login(organiser_of(team))
    url = reverse("organiser_request_status", kwargs={"request_id": workshop_request.pk})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"status": "declined", "message": "Kein Termin frei."})
    follow = client.get(response.url)

    workshop_request.refresh_from_db()
    assert workshop_request.status == RequestStatus.DECLINED
    assert [message.subject for message in outbox] == [
        "Ihre Anfrage (Kommunalworkshop für Soest): abgelehnt"
    ]
    assert "Kein Termin frei." in outbox[0].body
    assert "Leider können wir Ihrer Anfrage nicht entsprechen." in outbox[0].body
    assert (
        f"Der Status ist jetzt „abgelehnt“. {workshop_request.email} wird per E-Mail informiert."
        in follow.text
    )
    assert "neu → abgelehnt" in follow.text


def test_request_status_change_refuses_scheduled_without_an_event(client, team, outbox):
    workshop_request = WorkshopRequestFactory(team=team)
    client.force_login(organiser_of(team))
    url = reverse("organiser_request_status", kwargs={"request_id": workshop_request.pk})

    response = client.post(url, {"status": "scheduled"})

    assert response.context["status_form"].errors == {
        "status": ["Bitte eine gültige Auswahl treffen. scheduled ist keine gültige Auswahl."]
    }
    assert outbox == []


def test_request_schedule_form_suggests_title_format_and_place(client, team, soest):
    day = timezone.localdate() + datetime.timedelta(days=40)
    workshop_request = WorkshopRequestFactory(team=team, municipality=soest, preferred_date_1=day)
    organiser = organiser_of(team)
    client.force_login(organiser)

    response = client.get(
        reverse("organiser_request_schedule", kwargs={"request_id": workshop_request.pk})
    )

    form = response.context["form"]
    assert (
        form["title"].value(),
        form["day"].value(),
        form["format"].value(),
        form["venue_city"].value(),
        form["contact_email"].value(),
        form["limit_to_municipality"].value(),
    ) == ("Kommunalworkshop Soest", day, "in_person", "Soest", organiser.email, True)
    assert "Anmeldung nur für Beschäftigte von Soest" in response.text


def test_request_schedule_creates_the_workshop_and_opens_its_edit_page(
    client, team, soest, outbox, django_capture_on_commit_callbacks
):
    workshop_request = WorkshopRequestFactory(team=team, municipality=soest)
    client.force_login(organiser_of(team))
    url = reverse("organiser_request_schedule", kwargs={"request_id": workshop_request.pk})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "title": "Kommunalworkshop Soest",
                "day": "2031-03-04",
                "start_time": "09:00",
                "end_time": "13:00",
                "format": "in_person",
                "venue_name": "Rathaus Soest",
                "venue_city": "Soest",
                "contact_email": "team@land.example",
                "limit_to_municipality": "on",
            },
        )

    workshop_request.refresh_from_db()
    event = workshop_request.scheduled_event
    assert response.url == f"/veranstalten/veranstaltungen/{event.slug}/bearbeiten/"
    assert (event.kind, event.status, event.host_municipality) == (
        EventKind.WORKSHOP,
        EventStatus.DRAFT,
        soest,
    )
    assert timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M") == "2031-03-04 09:00"
    assert event.registration_settings.audience == RegistrationAudience.HOST_MUNICIPALITY
    assert workshop_request.status == RequestStatus.SCHEDULED
    assert [message.subject for message in outbox] == [
        "Termin geplant: Kommunalworkshop für Soest am 4. März 2031"
    ]
    again = client.get(url)
    assert again.url == f"/veranstalten/anfragen/{workshop_request.pk}/"


def test_request_schedule_form_refuses_an_end_before_the_start(client, team):
    workshop_request = WorkshopRequestFactory(team=team)
    client.force_login(organiser_of(team))
    url = reverse("organiser_request_schedule", kwargs={"request_id": workshop_request.pk})

    response = client.post(
        url,
        {
            "title": "Kommunalworkshop",
            "day": "2031-03-04",
            "start_time": "13:00",
            "end_time": "09:00",
            "format": "online",
            "contact_email": "team@land.example",
        },
    )

    assert response.context["form"].errors == {
        "end_time": ["Das Ende muss nach dem Beginn liegen."]
    }
    assert WorkshopRequest.objects.get().scheduled_event is None
