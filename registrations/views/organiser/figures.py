"""The statistics page of an event's registration: charts with their figures as tables."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conferences.views.access import organiser_view
from registrations import charts
from registrations.statistics import LabelledCount, Reach, registration_statistics
from registrations.views.organiser.access import registration_event


def _summary(rows: list[LabelledCount]) -> str:
    return "; ".join(f"{row.label}: {row.count}" for row in rows)


def _share(reach: Reach) -> str:
    return _("%(reached)d von %(total)d (%(percent)s %%)") % {
        "reached": reach.reached,
        "total": reach.total,
        "percent": number_format(reach.percent, 1),
    }


def _counts_chart(rows: list[LabelledCount], *, chart_id: str, title: str) -> str:
    return charts.bar_chart(
        [charts.Bar(row.label, row.count, str(row.count)) for row in rows],
        chart_id=chart_id,
        title=title,
        description=_summary(rows) or _("Keine Anmeldungen."),
    )


@organiser_view
def statistics(request: HttpRequest, slug: str) -> HttpResponse:
    event = registration_event(request, slug)
    figures = registration_statistics(event)
    if figures.by_day:
        busiest = max(figures.by_day, key=lambda day: (day.new, day.day))
        over_time_desc = ngettext(
            "Insgesamt %(total)d Anmeldung vom %(first)s bis %(last)s; die meisten an einem "
            "Tag: %(most)d am %(busiest)s.",
            "Insgesamt %(total)d Anmeldungen vom %(first)s bis %(last)s; die meisten an einem "
            "Tag: %(most)d am %(busiest)s.",
            figures.by_day[-1].total,
        ) % {
            "total": figures.by_day[-1].total,
            "first": date_format(figures.by_day[0].day, "SHORT_DATE_FORMAT"),
            "last": date_format(figures.by_day[-1].day, "SHORT_DATE_FORMAT"),
            "most": busiest.new,
            "busiest": date_format(busiest.day, "SHORT_DATE_FORMAT"),
        }
    else:
        over_time_desc = _("Keine Anmeldungen.")
    context = {
        "event": event,
        "figures": figures,
        "reach_text": _share(figures.reach),
        "reach_rows": [(reach, _share(reach)) for reach in figures.reach_by_region],
        "over_time_chart": charts.line_chart(
            [(day.day, day.total) for day in figures.by_day],
            chart_id="chart-over-time",
            title=_("Anmeldungen im Zeitverlauf (Summe)"),
            description=over_time_desc,
        ),
        "region_chart": _counts_chart(
            figures.by_region,
            chart_id="chart-regions",
            title=_("Anmeldungen nach Regierungsbezirk"),
        ),
        "district_chart": _counts_chart(
            figures.by_district,
            chart_id="chart-districts",
            title=_("Die Kreise und kreisfreien Städte mit den meisten Anmeldungen"),
        ),
        "organisation_chart": _counts_chart(
            figures.by_organisation_type,
            chart_id="chart-organisations",
            title=_("Anmeldungen nach Art der Organisation"),
        ),
        "reach_chart": charts.bar_chart(
            [
                charts.Bar(reach.label, reach.percent, _share(reach))
                for reach in figures.reach_by_region
            ],
            chart_id="chart-reach",
            title=_("Erreichte Kommunen je Regierungsbezirk"),
            description="; ".join(
                f"{reach.label}: {_share(reach)}" for reach in figures.reach_by_region
            )
            or _("Keine Angaben."),
            maximum=100,
        ),
    }
    return render(request, "registrations/organiser/statistics.html", context)
