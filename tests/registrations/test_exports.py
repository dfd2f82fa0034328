"""CSV and XLSX exports of the registrations list, and the printable attendee list."""

import csv
import datetime
import io
import zoneinfo

import openpyxl
import pytest
from django.urls import reverse

from conferences.enums import EventFormat
from registrations.enums import QuestionKind, RegistrationStatus, SessionChoiceStatus
from registrations.exports import neutralise
from tests.factories.conferences import EventFactory
from tests.factories.directory import DistrictFactory, MunicipalityFactory, RegionFactory
from tests.factories.registrations import (
    AnswerFactory,
    QuestionFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
    SessionChoiceFactory,
    SessionOptionFactory,
)
from tests.factories.sessions import SessionFactory

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
HEADER = [
    "Nachname",
    "Vorname",
    "E-Mail-Adresse",
    "Status",
    "Organisation",
    "Art der Organisation",
    "Kommune",
    "Amtlicher Gemeindeschlüssel",
    "Kreis",
    "Regierungsbezirk",
    "angemeldet am",
    "bestätigt am",
    "eingecheckt am",
    "Programmpunkte",
    "Essenswunsch",
    "Themen",
]
HOSTILE = [
    '=HYPERLINK("https://example.com")',
    "+49 2921 1030",
    "-2+3",
    "@SUM(A1)",
    "\tTab",
    "\rWagenrücklauf",
]


@pytest.fixture
def event(organiser):
    event = EventFactory(
        team=organiser.team,
        format=EventFormat.IN_PERSON,
        title="Transferveranstaltung Paderborn",
        slug="transfer-paderborn",
        venue_name="Heinz Nixdorf MuseumsForum",
        venue_city="Paderborn",
    )
    RegistrationSettingsFactory(event=event)
    return event


@pytest.fixture
def client(client, organiser):
    client.force_login(organiser.user)
    return client


@pytest.fixture
def anna(event):
    region = RegionFactory(name="Detmold")
    district = DistrictFactory(name="Kreis Paderborn", region=region)
    paderborn = MunicipalityFactory(name="Paderborn", ags="05774032", district=district)
    registration = RegistrationFactory(
        event=event,
        first_name="Anna",
        last_name="Albers",
        email="anna@paderborn.de",
        municipality=paderborn,
        organisation_type="municipality",
        organisation_name="Stadt Paderborn",
    )
    Registration = type(registration)
    Registration.objects.filter(pk=registration.pk).update(
        created_at=datetime.datetime(2030, 3, 4, 9, 15, tzinfo=BERLIN),
        confirmed_at=datetime.datetime(2030, 3, 4, 9, 20, tzinfo=BERLIN),
    )
    food = QuestionFactory(event=event, label="Essenswunsch", order=0)
    topics = QuestionFactory(
        event=event,
        label="Themen",
        kind=QuestionKind.MULTIPLE_CHOICE,
        choices=["Bauakte", "Ratsinfo"],
        order=1,
    )
    AnswerFactory(registration=registration, question=food, value="vegetarisch")
    AnswerFactory(registration=registration, question=topics, value=["Bauakte", "Ratsinfo"])
    option = SessionOptionFactory(
        event=event, session=SessionFactory(event=event, title="Workshop Bauakte")
    )
    SessionChoiceFactory(
        registration=registration, option=option, status=SessionChoiceStatus.CONFIRMED
    )
    return registration


def export(client, event, kind: str, **query):
    url = reverse(f"organiser_registration_export_{kind}", kwargs={"slug": event.slug})
    return client.get(url, query)


def read_csv(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def read_xlsx(response) -> list[list[str]]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [
        ["" if value is None else value for value in row]
        for row in workbook.active.iter_rows(values_only=True)
    ]


ANNA_ROW = [
    "Albers",
    "Anna",
    "anna@paderborn.de",
    "bestätigt",
    "Stadt Paderborn",
    "Kommune",
    "Paderborn",
    "05774032",
    "Kreis Paderborn",
    "Detmold",
    "04.03.2030 09:15",
    "04.03.2030 09:20",
    "",
    "Workshop Bauakte (bestätigt)",
    "vegetarisch",
    "Bauakte, Ratsinfo",
]


def test_csv_export_is_excel_ready_with_answers_as_columns(client, event, anna):
    response = export(client, event, "csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="anmeldungen-transfer-paderborn-'
    )
    assert response["Cache-Control"] == "no-store"
    assert b"\r\n" in response.content
    assert read_csv(response) == [HEADER, ANNA_ROW]


def test_xlsx_export_has_the_same_rows_with_times_as_dates(client, event, anna):
    response = export(client, event, "xlsx")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    registered, confirmed = (
        datetime.datetime(2030, 3, 4, 9, 15),
        datetime.datetime(2030, 3, 4, 9, 20),
    )
    assert read_xlsx(response) == [HEADER, [*ANNA_ROW[:10], registered, confirmed, *ANNA_ROW[12:]]]


def test_xlsx_export_writes_times_as_date_cells_in_the_events_time_zone(client, event, anna):
    sheet = openpyxl.load_workbook(io.BytesIO(export(client, event, "xlsx").content)).active
    registered, confirmed, checked_in = sheet["K2"], sheet["L2"], sheet["M2"]

    assert (registered.is_date, registered.data_type, registered.number_format) == (
        True,
        "d",
        "DD.MM.YYYY HH:MM",
    )
    assert (registered.value, confirmed.value) == (
        datetime.datetime(2030, 3, 4, 9, 15),
        datetime.datetime(2030, 3, 4, 9, 20),
    )
    assert confirmed.is_date
    assert checked_in.value is None
    # Text stays text, also where it looks like a number.
    assert (sheet["H2"].value, sheet["H2"].data_type) == ("05774032", "s")


def test_exports_follow_the_lists_filters(client, event, anna):
    RegistrationFactory(event=event, last_name="Brandt", status=RegistrationStatus.WAITLISTED)

    rows = read_csv(export(client, event, "csv", status="waitlisted"))

    assert [row[0] for row in rows[1:]] == ["Brandt"]


@pytest.mark.parametrize("value", HOSTILE)
def test_neutralise_prefixes_formula_cells_with_an_apostrophe(value):
    assert neutralise(value) == "'" + value


def test_neutralise_leaves_plain_text_alone():
    assert neutralise("Stadt Soest") == "Stadt Soest"
    assert neutralise("") == ""


def hostile_registrations(event):
    question = QuestionFactory(event=event, label="=Frage")
    for index, value in enumerate(HOSTILE):
        registration = RegistrationFactory(
            event=event,
            first_name=value,
            last_name=f"Person {index}",
            organisation_name=value,
        )
        AnswerFactory(registration=registration, question=question, value=value)


def test_csv_export_neutralises_formula_injection(client, event):
    hostile_registrations(event)

    rows = read_csv(export(client, event, "csv"))

    assert rows[0][-1] == "'=Frage"
    assert [row[1] for row in rows[1:]] == ["'" + value for value in HOSTILE]
    assert [row[4] for row in rows[1:]] == ["'" + value for value in HOSTILE]
    assert [row[-1] for row in rows[1:]] == ["'" + value for value in HOSTILE]


def test_xlsx_export_neutralises_formula_injection(client, event):
    hostile_registrations(event)

    response = export(client, event, "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active

    assert sheet.cell(row=1, column=len(HEADER) - 1).value == "'=Frage"
    first_names = [sheet.cell(row=row, column=2) for row in range(2, len(HOSTILE) + 2)]
    # XML turns a lone carriage return into a line feed when the file is read back.
    assert [cell.value for cell in first_names] == [
        "'" + value.replace("\r", "\n") for value in HOSTILE
    ]
    assert [
        cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"
    ] == []


def test_xlsx_export_drops_control_characters_excel_refuses(client, event):
    RegistrationFactory(event=event, last_name="Zeile\x0bumbruch")

    rows = read_xlsx(export(client, event, "xlsx"))

    assert rows[1][0] == "Zeileumbruch"


def test_attendee_list_shows_confirmed_people_by_name_with_a_signature_column(client, event):
    RegistrationFactory(event=event, first_name="Ben", last_name="Brandt")
    RegistrationFactory(event=event, first_name="Anna", last_name="Albers")
    RegistrationFactory(event=event, last_name="Warten", status=RegistrationStatus.WAITLISTED)

    response = client.get(reverse("organiser_registration_print", kwargs={"slug": event.slug}))

    assert [a.last_name for a in response.context["attendees"]] == ["Albers", "Brandt"]
    page = response.content.decode()
    assert "Unterschrift" in page
    assert "Heinz Nixdorf MuseumsForum, Paderborn" in page
    assert "Warten" not in page
