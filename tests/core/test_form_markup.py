"""Form markup shared by every app: the empty choice's label, and the hint and error of a radio
or checkbox group tied to its fieldset (templates/includes/field.html)."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from conferences.forms import EventForm
from core.forms import KernFormMixin
from registrations.enums import QuestionKind
from tests.factories.conferences import EventFactory, OrganiserTeamFactory
from tests.factories.registrations import QuestionFactory, RegistrationSettingsFactory


class ParticipationForm(KernFormMixin, forms.Form):
    mode = forms.ChoiceField(
        label="Wie nehmen Sie teil?",
        choices=[("alone", "allein"), ("team", "mit Kolleginnen und Kollegen")],
        widget=forms.RadioSelect,
        help_text="Für die Planung der Räume.",
    )
    topics = forms.MultipleChoiceField(
        label="Themen",
        choices=[("ozg", "OZG"), ("isms", "Informationssicherheit")],
        widget=forms.CheckboxSelectMultiple,
    )


def fieldset_of(html: str, name: str) -> str:
    """Return the opening <fieldset> tag of the group whose inputs are called ``name``."""
    match = re.search(r'(<fieldset[^>]*>)(?:(?!</fieldset>).)*name="' + name + '"', html, re.S)
    assert match, html
    return match.group(1)


def render_fields(form: forms.Form) -> str:
    return "".join(
        render_to_string("includes/field.html", {"field": field})
        for field in form.visible_fields()
    )


def test_radio_and_checkbox_groups_with_errors_are_described_by_hint_and_error():
    form = ParticipationForm(data={})
    assert not form.is_valid()

    html = render_fields(form)

    assert 'aria-describedby="id_mode_helptext id_mode_error"' in fieldset_of(html, "mode")
    assert 'aria-describedby="id_topics_error"' in fieldset_of(html, "topics")
    assert 'id="id_mode_error"' in html
    assert 'id="id_topics_error"' in html


def test_group_without_error_or_hint_has_no_describedby():
    form = ParticipationForm(data={"mode": "alone", "topics": ["ozg"]})
    assert form.is_valid()

    html = render_fields(form)

    assert fieldset_of(html, "mode").count("aria-describedby") == 1
    assert "aria-describedby" not in fieldset_of(html, "topics")


@pytest.mark.django_db
def test_registration_form_ties_a_required_choice_question_error_to_its_group(client):
    event = EventFactory(slug="fachkonferenz")
    RegistrationSettingsFactory(event=event)
    question = QuestionFactory(
        event=event,
        kind=QuestionKind.SINGLE_CHOICE,
        label="Wie nehmen Sie teil?",
        choices=["allein", "mit Kolleginnen und Kollegen"],
        required=True,
    )

    response = client.post("/veranstaltungen/fachkonferenz/anmeldung/", {})

    html = response.content.decode()
    field_id = re.search(r'name="(question_\d+|q_\d+|[^"]*' + str(question.pk) + ')"', html)
    assert field_id, html
    name = field_id.group(1)
    tag = fieldset_of(html, name)
    assert re.search(r'aria-describedby="id_' + name + '_error"', tag), tag
    assert f'id="id_{name}_error"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "label"), [("de", "– bitte wählen –"), ("en", "– please choose –")]
)
def test_select_fields_offer_a_translated_empty_choice(language, label):
    team = OrganiserTeamFactory()
    teams = type(team).objects.filter(pk=team.pk)
    with translation.override(language):
        html = str(EventForm(teams=teams)["kind"]) + str(EventForm(teams=teams)["series"])

    assert "Select an option" not in html
    assert html.count(f'<option value="" selected>{label}</option>') == 2
