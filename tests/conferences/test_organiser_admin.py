"""The admin for events and the programme: pages render, edits keep the calendar rules."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from conferences.enums import EventStatus
from conferences.models import ChangeLogEntry, Event
from sessions.models import Session
from tests.factories.conferences import EventFactory
from tests.factories.sessions import SessionSpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/admin/conferences/event/",
        "/admin/conferences/event/{event}/change/",
        "/admin/conferences/changelogentry/",
        "/admin/conferences/organiserteam/",
        "/admin/conferences/topic/",
        "/admin/conference_sessions/session/",
        "/admin/conference_sessions/session/{session}/change/",
        "/admin/conference_sessions/speaker/",
        "/admin/conference_sessions/stage/",
    ],
)
def test_admin_pages_render_for_staff(admin_client, path):
    role = SessionSpeakerFactory()

    response = admin_client.get(path.format(event=role.session.event.pk, session=role.session.pk))

    assert response.status_code == 200


def _admin_save(model, obj, changed: dict, user):
    """Save ``obj`` through its ModelAdmin as the change form would, with ``changed`` data."""
    model_admin = admin.site._registry[model]
    request = RequestFactory().post("/")
    request.user = user
    form_class = model_admin.get_form(request, obj)
    form = form_class(instance=obj)
    form.cleaned_data = changed
    form.changed_data = list(changed)
    for name, value in changed.items():
        setattr(obj, name, value)
    model_admin.save_model(request, obj, form, change=True)


def test_admin_event_edit_raises_sequence_and_logs(admin_user):
    event = EventFactory(title="Alt")

    _admin_save(Event, event, {"title": "Neu"}, admin_user)

    event.refresh_from_db()
    assert (event.title, event.sequence) == ("Neu", 1)
    assert ChangeLogEntry.objects.get(action="event_updated").changes == {
        "title": {"old": "Alt", "new": "Neu"}
    }


def test_admin_event_edit_of_the_summary_keeps_sequence(admin_user):
    event = EventFactory()

    _admin_save(Event, event, {"summary": "Neu"}, admin_user)

    event.refresh_from_db()
    assert event.sequence == 0


def test_admin_session_edit_raises_sequence(admin_user):
    session = SessionSpeakerFactory().session

    _admin_save(Session, session, {"title": "Neuer Titel"}, admin_user)

    session.refresh_from_db()
    assert (session.title, session.sequence) == ("Neuer Titel", 1)


def test_admin_publish_action_uses_the_service(admin_client):
    event = EventFactory(status=EventStatus.DRAFT)

    admin_client.post(
        "/admin/conferences/event/",
        {"action": "publish", "_selected_action": [event.pk]},
    )

    event.refresh_from_db()
    assert (event.status, event.sequence, event.published_at is not None) == (
        EventStatus.PUBLISHED,
        1,
        True,
    )
