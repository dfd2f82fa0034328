"""The municipality picker: a select that script turns into a searchable combobox."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _

from directory.enums import MunicipalityType
from directory.search_text import fold_for_search


class MunicipalityPickerWidget(forms.Select):
    """Pick one of the 396 municipalities by name, postal code or AGS.

    Without script it is a plain select, grouped by Kreis with kreisfreie Städte first,
    which works everywhere. ``static/js/municipality-picker.js`` turns it into a WAI-ARIA
    combobox that asks ``directory:municipality_search`` as the person types and writes the
    chosen id back into the (then hidden) select, so the form posts the same value either way.
    Use it with ``directory.forms.MunicipalityChoiceField``, whose queryset joins the
    district the labels name.
    """

    template_name = "directory/widgets/municipality_picker.html"

    class Media:
        js = [forms.Script("js/municipality-picker.js", defer=True)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = reverse("directory:municipality_search")
        return context

    def optgroups(self, name, value, attrs=None):
        ungrouped = []
        by_group: dict[tuple[int, str], list] = {}
        for option_value, label in self.choices:
            municipality = getattr(option_value, "instance", None)
            if municipality is None:
                ungrouped.append((option_value, label))
            elif municipality.type == MunicipalityType.CITY_DISTRICT_FREE:
                by_group.setdefault((0, _("Kreisfreie Städte")), []).append((option_value, label))
            else:
                group = (1, municipality.district.name)
                by_group.setdefault(group, []).append((option_value, label))
        grouped = [
            (group_name, sorted(options, key=lambda option: fold_for_search(str(option[1]))))
            for (_order, group_name), options in sorted(
                by_group.items(), key=lambda item: (item[0][0], fold_for_search(item[0][1]))
            )
        ]
        # Select.optgroups reads self.choices; a widget is copied for every form instance,
        # so swapping the choices for one render touches no other form.
        original = self.choices
        self.choices = ungrouped + grouped
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = original
