"""Labels of the directory's stored codes for templates, in the language of the page."""

from django import template

from directory.enums import OrganisationType

register = template.Library()


@register.filter
def organisation_type_label(value: str) -> str:
    """Return the label of an organisation type code ("municipality" → "Kommune").

    Registrations keep the code in a plain text field (the kinds may grow without a migration),
    so templates cannot use ``get_FOO_display``; an unknown code is shown as it is.
    """
    if not value:
        return ""
    return str(dict(OrganisationType.choices).get(value, value))
