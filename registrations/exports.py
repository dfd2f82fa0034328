"""Attendee lists as files: CSV for German Excel and XLSX, answers as columns.

Registrants write names, organisations and answers themselves, so every cell is
untrusted. A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (and tab or carriage return can smuggle one in), which could exfiltrate data or
run commands on an organiser's machine (CSV/formula injection, OWASP). Such cells get a
leading apostrophe, in both formats, so they are shown as text.

Times (registered, confirmed, checked in) are real date-time cells in XLSX, in the event's
time zone, so a spreadsheet sorts and filters them as dates; CSV writes them as German text.
"""

import csv
import datetime
import io
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from directory.enums import OrganisationType
from registrations.models import Answer, Question, Registration, SessionChoice

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel refuses longer cells; a long answer is cut rather than breaking the file.
XLSX_CELL_MAX = 32_767
CSV_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
# Excel's format codes; shown as "04.03.2030 09:15" whatever the reader's locale.
XLSX_DATETIME_FORMAT = "DD.MM.YYYY HH:MM"

#: A cell of an export: text, or a local date and time (None when there is none).
Cell = str | datetime.datetime | None


def neutralise(value: str) -> str:
    """Prefix a cell that a spreadsheet would read as a formula with an apostrophe."""
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class AttendeeTable:
    """The rows of an export: a header and one list of cells per registration."""

    header: list[str]
    rows: list[list[Cell]]


def _local(value: datetime.datetime | None, zone: zoneinfo.ZoneInfo) -> datetime.datetime | None:
    """Return ``value`` as a naive date-time in ``zone``: spreadsheets know no time zones."""
    if value is None:
        return None
    return timezone.localtime(value, zone).replace(tzinfo=None)


def attendee_table(event, registrations: Iterable[Registration]) -> AttendeeTable:
    """Build the export of ``registrations`` (already filtered and ordered by the caller).

    Three queries whatever the number of rows: the questions, the answers and the session
    choices (the registrations' municipality, district and region come joined).
    """
    registrations = list(registrations)
    zone = zoneinfo.ZoneInfo(event.time_zone)
    questions = list(Question.objects.filter(event=event).order_by("order", "pk"))
    ids = [registration.pk for registration in registrations]
    answers: dict[int, dict[int, str]] = defaultdict(dict)
    for answer in Answer.objects.filter(registration_id__in=ids):
        answers[answer.registration_id][answer.question_id] = answer.display_value
    choices: dict[int, list[str]] = defaultdict(list)
    for choice in (
        SessionChoice.objects.filter(registration_id__in=ids)
        .select_related("option__session")
        .order_by("option__session__starts_at", "pk")
    ):
        choices[choice.registration_id].append(
            f"{choice.option.session.title} ({choice.get_status_display()})"
        )
    organisation_types = dict(OrganisationType.choices)
    header = [
        _("Nachname"),
        _("Vorname"),
        _("E-Mail-Adresse"),
        _("Status"),
        _("Organisation"),
        _("Art der Organisation"),
        _("Kommune"),
        _("Amtlicher Gemeindeschlüssel"),
        _("Kreis"),
        _("Regierungsbezirk"),
        _("angemeldet am"),
        _("bestätigt am"),
        _("eingecheckt am"),
        _("Programmpunkte"),
        *(question.label for question in questions),
    ]
    rows = []
    for registration in registrations:
        municipality = registration.municipality
        rows.append(
            [
                registration.last_name,
                registration.first_name,
                registration.email,
                str(registration.get_status_display()),
                registration.organisation_name,
                str(organisation_types.get(registration.organisation_type, "")),
                municipality.name if municipality else "",
                municipality.ags if municipality else "",
                municipality.district.name if municipality else "",
                municipality.region.name if municipality else "",
                _local(registration.created_at, zone),
                _local(registration.confirmed_at, zone),
                _local(registration.checked_in_at, zone),
                ", ".join(choices[registration.pk]),
                *(answers[registration.pk].get(question.pk, "") for question in questions),
            ]
        )
    return AttendeeTable(header=[str(cell) for cell in header], rows=rows)


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime(CSV_DATETIME_FORMAT)
    return neutralise(str(value))


def _clean_cells(row: Sequence[Cell]) -> list[str]:
    return [_csv_cell(cell) for cell in row]


def table_csv(table: AttendeeTable) -> bytes:
    """Return the table as CSV the way German Excel opens it by double-click: UTF-8 with
    byte order mark, semicolons between cells, CRLF between lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_clean_cells(table.header))
    for row in table.rows:
        writer.writerow(_clean_cells(row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(value: Cell) -> str | datetime.datetime | None:
    if value is None or isinstance(value, datetime.datetime):
        return value
    # Control characters other than tab and line breaks are invalid in the XML of a sheet.
    return ILLEGAL_CHARACTERS_RE.sub("", neutralise(str(value)))[:XLSX_CELL_MAX]


def table_xlsx(table: AttendeeTable, *, title: str) -> bytes:
    """Return the table as an Excel workbook: bold header, header frozen, filters on.

    Every other cell is a string: a number an attendee typed stays as typed, and no cell is
    ever stored as a formula. Date-times are date cells with a German display format.
    """
    workbook = Workbook()
    sheet = workbook.active
    # Sheet names are limited to 31 characters without []:*?/\
    sheet.title = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Anmeldungen"
    sheet.append([_xlsx_cell(cell) for cell in table.header])
    for row in table.rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = XLSX_DATETIME_FORMAT
            elif cell.value is not None:
                # openpyxl guesses "formula" for strings starting with "=": never here.
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    if table.header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.header))}{len(table.rows) + 1}"
    for index, name in enumerate(table.header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(name), 12), 40)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(event, extension: str) -> str:
    """``anmeldungen-<slug>-<date>.<extension>``; the slug is already safe for a filename."""
    return f"anmeldungen-{event.slug}-{timezone.localdate():%Y-%m-%d}.{extension}"
