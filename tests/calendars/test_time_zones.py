"""VTIMEZONEs as calendar clients write them: RRULE-based where the zone's rule holds."""

import datetime
import zoneinfo

import pytest
from icalendar import Calendar, Event

from conferences.time_zones import add_vtimezones, vtimezone


def test_europe_berlin_is_one_yearly_rule_for_summer_and_one_for_winter_time():
    lines = vtimezone("Europe/Berlin", first_year=2026, last_year=2028).to_ical().decode()

    assert lines.split("\r\n") == [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Berlin",
        "BEGIN:DAYLIGHT",
        "DTSTART:20260329T020000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "TZNAME:CEST",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "DTSTART:20261025T030000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        "TZNAME:CET",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "END:VTIMEZONE",
        "",
    ]


@pytest.mark.parametrize(
    ("key", "local", "utc"),
    [
        # Mexico City dropped summer time in 2022: its current rule does not describe 2020.
        ("America/Mexico_City", datetime.datetime(2020, 6, 19, 10), "2020-06-19T15:00:00Z"),
        ("America/Mexico_City", datetime.datetime(2027, 6, 17, 10), "2027-06-17T16:00:00Z"),
        ("Australia/Sydney", datetime.datetime(2027, 1, 20, 10), "2027-01-19T23:00:00Z"),
        ("Australia/Sydney", datetime.datetime(2027, 7, 1, 10), "2027-07-01T00:00:00Z"),
        ("Asia/Tokyo", datetime.datetime(2027, 12, 9, 10), "2027-12-09T01:00:00Z"),
    ],
)
def test_other_zones_give_ical_js_the_utc_instant(ical_js, key, local, utc):
    zone = zoneinfo.ZoneInfo(key)
    start = local.replace(tzinfo=zone)
    assert start.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") == utc
    calendar = Calendar.new(
        prodid="-//test//DE",
        subcomponents=[
            Event.new(
                uid="item",
                summary="Termin",
                start=start,
                end=start + datetime.timedelta(hours=1),
                stamp=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            )
        ],
    )

    add_vtimezones(calendar, first_year=2019, last_year=2028)

    (item,) = ical_js(calendar.to_ical())
    assert item["start"] == utc
