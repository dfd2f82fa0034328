"""Registrations of an event for its organisers, mounted under /veranstalten/ (German paths)."""

from django.urls import path

from registrations.views import organiser

_BASE = "veranstaltungen/<slug:slug>/anmeldungen/"
_OPTION = _BASE + "programmpunkte/<int:option_id>/"
_QUESTION = _BASE + "fragen/<int:question_id>/"

urlpatterns = [
    path(_BASE, organiser.registration_list, name="organiser_registration_list"),
    path(_BASE + "neu/", organiser.registration_add, name="organiser_registration_add"),
    path(
        _BASE + "<int:registration_id>/",
        organiser.registration_detail,
        name="organiser_registration_detail",
    ),
    path(
        _BASE + "<int:registration_id>/<slug:action>/",
        organiser.registration_action,
        name="organiser_registration_action",
    ),
    path(_BASE + "export.csv", organiser.export_csv, name="organiser_registration_export_csv"),
    path(_BASE + "export.xlsx", organiser.export_xlsx, name="organiser_registration_export_xlsx"),
    path(_BASE + "teilnahmeliste/", organiser.attendee_list, name="organiser_registration_print"),
    path(
        _BASE + "einstellungen/",
        organiser.registration_settings,
        name="organiser_registration_settings",
    ),
    path(
        _BASE + "programmpunkte/neu/",
        organiser.option_add,
        name="organiser_registration_option_add",
    ),
    path(_OPTION, organiser.option_edit, name="organiser_registration_option_edit"),
    path(
        _OPTION + "entfernen/",
        organiser.option_delete,
        name="organiser_registration_option_delete",
    ),
    path(
        _BASE + "fragen/neu/",
        organiser.question_create,
        name="organiser_registration_question_create",
    ),
    path(_QUESTION, organiser.question_edit, name="organiser_registration_question_edit"),
    path(
        _QUESTION + "verschieben/",
        organiser.question_move,
        name="organiser_registration_question_move",
    ),
    path(
        _QUESTION + "loeschen/",
        organiser.question_delete,
        name="organiser_registration_question_delete",
    ),
    path(_BASE + "einlass/", organiser.checkin, name="organiser_registration_checkin"),
    path(
        _BASE + "einlass/<str:token>/",
        organiser.checkin_person,
        name="organiser_registration_checkin_person",
    ),
    path(_BASE + "statistik/", organiser.statistics, name="organiser_registration_statistics"),
]
