"""The filter form of the public event list.

Kept apart from ``forms.py`` (the organiser forms): it only reads query parameters and turns
them into ``EventFilters``; it never writes.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from conferences.enums import EventFormat, EventKind
from conferences.models import Topic
from conferences.queries import EventFilters
from core.forms import KernFormMixin
from directory.models import Region


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO date in the query string."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class EventFilterForm(KernFormMixin, forms.Form):
    """Narrow the public event list by kind, format, topic, region and date range."""

    kind = forms.ChoiceField(
        label=_("Art"), choices=[("", _("alle Arten")), *EventKind.choices], required=False
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[("", _("alle Formate")), *EventFormat.choices], required=False
    )
    topic = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        empty_label=_("alle Themen"),
        required=False,
    )
    region = forms.ModelChoiceField(
        label=_("Regierungsbezirk"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("alle Regierungsbezirke"),
        required=False,
        help_text=_("Nach Veranstaltungsort oder gastgebender Kommune."),
    )
    date_from = forms.DateField(label=_("von (Datum)"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("bis (Datum)"), required=False, widget=DateInput())

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error(
                "date_to",
                _("Das Enddatum muss am oder nach dem Anfangsdatum liegen."),
            )
        return cleaned

    def filters(self) -> EventFilters:
        """Return the filters from the valid fields; an invalid field does not filter."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return EventFilters(
            kind=data.get("kind") or "",
            format=data.get("format") or "",
            topic=data.get("topic"),
            region=data.get("region"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    @property
    def is_filtering(self) -> bool:
        """True when any filter narrows the list (so the page offers to reset them)."""
        return any(
            value not in ("", None) for name, value in self.data.items() if name in self.fields
        )
