"""Workshop and consulting requests: the public form at /anfragen/ and the organiser inbox
at /veranstalten/anfragen/ (mounted at the site root inside i18n_patterns)."""

from django.urls import path

from registrations.requests import views as requests

urlpatterns = [
    path("anfragen/neu/", requests.request_create, name="request_create"),
    path("anfragen/eingegangen/", requests.request_submitted, name="request_submitted"),
    path("veranstalten/anfragen/", requests.request_list, name="organiser_request_list"),
    path(
        "veranstalten/anfragen/<int:request_id>/",
        requests.request_detail,
        name="organiser_request",
    ),
    path(
        "veranstalten/anfragen/<int:request_id>/notiz/",
        requests.request_note,
        name="organiser_request_note",
    ),
    path(
        "veranstalten/anfragen/<int:request_id>/status/",
        requests.request_status,
        name="organiser_request_status",
    ),
    path(
        "veranstalten/anfragen/<int:request_id>/termin/",
        requests.request_schedule,
        name="organiser_request_schedule",
    ),
]
