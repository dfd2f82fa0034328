from collections.abc import Callable

from django import forms

from core.text import clean_display_text

# The first matching class wins: CheckboxSelectMultiple subclasses RadioSelect, so it comes first.
_INPUT_CLASSES = {
    forms.CheckboxInput: "kern-form-check__checkbox",
    forms.CheckboxSelectMultiple: "kern-form-check__checkbox",
    forms.RadioSelect: "kern-form-check__radio",
    forms.Select: "kern-form-input__select",
    forms.SelectMultiple: "kern-form-input__select",
}

#: Text fields that hold a name or a title others will read: cleaned of invisible
#: characters (core/text.py) wherever a form of the project has one of these names.
DISPLAY_TEXT_FIELDS = frozenset(
    {
        "title",
        "name",
        "series_name",
        "academic_title",
        "first_name",
        "last_name",
        "function",
        "organisation",
        "organisation_name",
        "contact_name",
    }
)


def _cleaning(to_python: Callable[[object], object]) -> Callable[[object], object]:
    def clean_then_convert(value: object) -> object:
        return to_python(clean_display_text(value) if isinstance(value, str) else value)

    return clean_then_convert


class KernFormMixin:
    """Give every widget the KERN design system's class, so templates stay plain; clean the
    names and titles (``display_text_fields``) of invisible characters before validation,
    so that length and required checks see what a reader sees."""

    display_text_fields: frozenset[str] = DISPLAY_TEXT_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            css = next(
                (value for kind, value in _INPUT_CLASSES.items() if isinstance(widget, kind)),
                "kern-form-input__input",
            )
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{existing} {css}".strip()
            if name in self.display_text_fields and isinstance(field, forms.CharField):
                # Fields are copied per form instance, so this wraps only this form's field.
                field.to_python = _cleaning(field.to_python)
