"""Factories of workshop and consulting requests (registrations app)."""

import factory
from django.utils import timezone

from registrations.requests.models import RequestKind, RequestNote, RequestStatus, WorkshopRequest
from tests.factories.conferences import OrganiserTeamFactory
from tests.factories.directory import MunicipalityFactory


class WorkshopRequestFactory(factory.django.DjangoModelFactory):
    """A new workshop request for 20 people, made without the services (no mail)."""

    class Meta:
        model = WorkshopRequest

    kind = RequestKind.WORKSHOP
    municipality = factory.SubFactory(MunicipalityFactory)
    team = factory.SubFactory(OrganiserTeamFactory)
    contact_name = "Petra Schulte"
    email = factory.Sequence(lambda n: f"anfrage{n}@kommune.example")
    function = "Digitalisierungsbeauftragte"
    expected_participants = 20
    message = "Wir möchten unsere Verwaltungsleistungen digitalisieren."
    status = RequestStatus.NEW
    language = "de"
    privacy_accepted_at = factory.LazyFunction(timezone.now)


class RequestNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestNote

    request = factory.SubFactory(WorkshopRequestFactory)
    text = "Rückruf vereinbart."
