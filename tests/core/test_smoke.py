import pytest

from tests.factories.sessions import SessionSpeakerFactory

pytestmark = pytest.mark.django_db


def test_home_renders_in_german(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "de"
    assert '<html lang="de"' in response.text


def test_factories_build_a_session_with_a_speaker_of_the_event_team():
    role = SessionSpeakerFactory()
    assert role.speaker.team == role.session.event.team
