import datetime

import factory
from django.utils import timezone

from conferences.enums import EventFormat, EventKind, EventStatus, TeamRole
from conferences.models import Event, OrganiserTeam, Series, TeamMembership, Topic
from tests.factories.core import UserFactory
from tests.factories.directory import OrganisationFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")


class OrganiserTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganiserTeam

    name = factory.Sequence(lambda n: f"Team {n}")
    organisation = factory.SubFactory(OrganisationFactory)


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(OrganiserTeamFactory)
    user = factory.SubFactory(UserFactory)
    role = TeamRole.ORGANISER


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    name = factory.Sequence(lambda n: f"Reihe {n}")
    slug = factory.Sequence(lambda n: f"reihe-{n}")
    team = factory.SubFactory(OrganiserTeamFactory)


class EventFactory(factory.django.DjangoModelFactory):
    """A published online conference one month ahead, 10:00 to 16:00."""

    class Meta:
        model = Event

    team = factory.SubFactory(OrganiserTeamFactory)
    kind = EventKind.CONFERENCE
    format = EventFormat.ONLINE
    status = EventStatus.PUBLISHED
    title = factory.Sequence(lambda n: f"Fachkonferenz {n}")
    slug = factory.Sequence(lambda n: f"fachkonferenz-{n}")
    summary = "Digitalisierung der Kommunen"
    starts_at = factory.LazyFunction(
        lambda: (timezone.localtime() + datetime.timedelta(days=30)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=6))
    organisation = factory.LazyAttribute(lambda o: o.team.organisation)
    contact_email = "konferenz@land.example"
    languages = factory.LazyFunction(lambda: ["de"])
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status != EventStatus.DRAFT else None
    )
