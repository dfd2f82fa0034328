from django import forms

# The first matching class wins: CheckboxSelectMultiple subclasses RadioSelect, so it comes first.
_INPUT_CLASSES = {
    forms.CheckboxInput: "kern-form-check__checkbox",
    forms.CheckboxSelectMultiple: "kern-form-check__checkbox",
    forms.RadioSelect: "kern-form-check__radio",
    forms.Select: "kern-form-input__select",
    forms.SelectMultiple: "kern-form-input__select",
}


class KernFormMixin:
    """Give every widget the KERN design system's class, so templates stay plain."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            css = next(
                (value for kind, value in _INPUT_CLASSES.items() if isinstance(widget, kind)),
                "kern-form-input__input",
            )
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{existing} {css}".strip()
