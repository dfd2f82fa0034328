import pytest
from django.core.cache import cache

from conferences.enums import TeamRole
from tests.factories.conferences import TeamMembershipFactory
from tests.factories.core import add_totp


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits count in the cache: every test starts with none used, whatever ran before."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organiser_of():
    """Return a function that makes an organiser (with a second factor) of an event's team."""

    def make(event, role=TeamRole.ORGANISER):
        user = TeamMembershipFactory(team=event.team, role=role).user
        add_totp(user)
        return user

    return make


@pytest.fixture
def organiser():
    """The membership of an organiser (with a second factor) in a fresh team."""
    membership = TeamMembershipFactory(role=TeamRole.ORGANISER)
    add_totp(membership.user)
    return membership
