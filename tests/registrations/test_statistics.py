"""The statistics of an event's registration: the numbers, the charts and the page."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse

from directory.enums import OrganisationType
from registrations import charts
from registrations.enums import RegistrationStatus
from registrations.models import Registration
from registrations.statistics import (
    DayCount,
    LabelledCount,
    Reach,
    registration_statistics,
)
from tests.factories.conferences import EventFactory
from tests.factories.directory import DistrictFactory, MunicipalityFactory, RegionFactory
from tests.factories.registrations import RegistrationFactory

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def event(organiser):
    return EventFactory(team=organiser.team, slug="fachkonferenz-2020")


def registered(event, when: datetime.datetime, **fields) -> Registration:
    registration = RegistrationFactory(event=event, **fields)
    Registration.objects.filter(pk=registration.pk).update(created_at=when)
    return registration


@pytest.fixture
def world(event):
    arnsberg = RegionFactory(name="Arnsberg", slug="arnsberg")
    detmold = RegionFactory(name="Detmold", slug="detmold")
    soest = DistrictFactory(name="Kreis Soest", region=arnsberg)
    paderborn = DistrictFactory(name="Kreis Paderborn", region=detmold)
    towns = {
        "soest": MunicipalityFactory(name="Soest", district=soest),
        "werl": MunicipalityFactory(name="Werl", district=soest),
        "lippstadt": MunicipalityFactory(name="Lippstadt", district=soest),
        "paderborn": MunicipalityFactory(name="Paderborn", district=paderborn),
        "delbrueck": MunicipalityFactory(name="Delbrück", district=paderborn),
    }
    day = datetime.datetime(2020, 6, 1, 10, 0, tzinfo=BERLIN)
    municipality = OrganisationType.MUNICIPALITY
    registered(event, day, municipality=towns["soest"], organisation_type=municipality)
    registered(event, day, municipality=towns["soest"], organisation_type=municipality)
    # Still 1 June in UTC, already 2 June in Berlin: the event's day counts.
    registered(
        event,
        datetime.datetime(2020, 6, 2, 0, 30, tzinfo=BERLIN),
        municipality=towns["werl"],
        organisation_type=municipality,
        status=RegistrationStatus.WAITLISTED,
    )
    registered(
        event,
        datetime.datetime(2020, 6, 3, 8, 0, tzinfo=BERLIN),
        municipality=towns["paderborn"],
        organisation_type=OrganisationType.MUNICIPAL_IT,
        status=RegistrationStatus.AWAITING_APPROVAL,
    )
    registered(
        event,
        datetime.datetime(2020, 6, 3, 9, 0, tzinfo=BERLIN),
        organisation_type=OrganisationType.STATE_AUTHORITY,
    )
    # Not counted: cancelled, pending, another event.
    registered(event, day, municipality=towns["delbrueck"], status=RegistrationStatus.CANCELLED)
    registered(
        event,
        day,
        municipality=towns["lippstadt"],
        status=RegistrationStatus.PENDING,
        outcome=RegistrationStatus.CONFIRMED,
    )
    registered(EventFactory(), day, municipality=towns["lippstadt"])
    return towns


def test_statistics_count_standing_registrations_per_day_with_a_running_total(event, world):
    figures = registration_statistics(event)

    assert figures.total == 5
    assert figures.by_day == [
        DayCount(day=datetime.date(2020, 6, 1), new=2, total=2),
        DayCount(day=datetime.date(2020, 6, 2), new=1, total=3),
        DayCount(day=datetime.date(2020, 6, 3), new=2, total=5),
    ]


def test_statistics_count_by_region_district_and_organisation_type(event, world):
    figures = registration_statistics(event)

    assert figures.by_region == [
        LabelledCount("Arnsberg", 3),
        LabelledCount("Detmold", 1),
        LabelledCount("ohne Kommune", 1),
    ]
    assert figures.by_district == [
        LabelledCount("Kreis Soest", 3),
        LabelledCount("Kreis Paderborn", 1),
    ]
    assert figures.by_organisation_type == [
        LabelledCount("Kommune", 3),
        LabelledCount("Kreis", 0),
        LabelledCount("Landesbehörde", 1),
        LabelledCount("Kommunaler IT-Dienstleister", 1),
        LabelledCount("Forschung", 0),
        LabelledCount("Wirtschaft", 0),
        LabelledCount("Sonstige", 0),
    ]


def test_statistics_share_of_municipalities_reached(event, world):
    figures = registration_statistics(event)

    assert figures.reach == Reach("Nordrhein-Westfalen", reached=3, total=5)
    assert figures.reach_by_region == [
        Reach("Arnsberg", reached=2, total=3),
        Reach("Detmold", reached=1, total=2),
    ]
    assert round(figures.reach.percent, 1) == 60.0


def test_statistics_of_an_event_without_registrations(event):
    figures = registration_statistics(event)

    assert (figures.total, figures.by_day, figures.by_district) == (0, [], [])


def test_bar_chart_is_an_accessible_svg_with_escaped_labels():
    svg = charts.bar_chart(
        [charts.Bar("Bau & <Verkehr>", 3, "3"), charts.Bar("Soest", 1, "1")],
        chart_id="c1",
        title="Anmeldungen",
        description="Bau & <Verkehr>: 3; Soest: 1",
    )

    assert svg.startswith('<svg class="kf-chart" role="img"')
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Anmeldungen</title>' in svg
    assert '<desc id="c1-desc">Bau &amp; &lt;Verkehr&gt;: 3; Soest: 1</desc>' in svg
    assert "<Verkehr>" not in svg
    assert "style=" not in svg
    widths = re.findall(r'<rect x="210" y="\d+" width="([\d.]+)" height="22" fill="#004b76"', svg)
    assert widths == ["300.0", "100.0"]


def test_line_chart_draws_one_point_per_day_on_a_round_scale():
    svg = charts.line_chart(
        [(datetime.date(2020, 6, 1), 3), (datetime.date(2020, 6, 2), 7)],
        chart_id="c2",
        title="Verlauf",
        description="3 und 7",
    )

    assert svg.count("<circle") == 2
    assert ">10</text>" in svg  # the top of the scale, rounded up from 7
    assert ">01.06.2020</text>" in svg
    assert ">02.06.2020</text>" in svg


@pytest.mark.parametrize(
    ("value", "top"), [(0, 1), (1, 1), (7, 10), (12, 20), (230, 250), (396, 500), (501, 1000)]
)
def test_nice_maximum_rounds_up_to_a_readable_number(value, top):
    assert charts.nice_maximum(value) == top


def test_statistics_page_shows_charts_and_tables(client, organiser, event, world):
    client.force_login(organiser.user)

    response = client.get(
        reverse("organiser_registration_statistics", kwargs={"slug": event.slug})
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('<svg class="kf-chart" role="img"') == 5
    assert "3 von 5 (60,0 %) Kommunen in Nordrhein-Westfalen" in page
    assert '<th class="kern-table__cell" scope="row">Kreis Soest</th>' in page
    assert "<script" not in page.split("<main", 1)[1]
