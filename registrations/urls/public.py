"""The registrant's pages, mounted at the site root inside the language prefixes.

``registration_manage`` and ``registration_confirm`` are the names the mails link to
(``registrations.notifications``).
"""

from django.urls import path

from registrations.views import public

urlpatterns = [
    path(
        "veranstaltungen/<slug:slug>/anmeldung/",
        public.registration_create,
        name="registration_create",
    ),
    path(
        "veranstaltungen/<slug:slug>/anmeldung/ergebnis/",
        public.registration_outcome,
        name="registration_outcome",
    ),
    path(
        "veranstaltungen/<slug:slug>/anmeldung/link/",
        public.registration_link_resend,
        name="registration_link_resend",
    ),
    path("anmeldungen/<str:token>/", public.registration_manage, name="registration_manage"),
    path(
        "anmeldungen/<str:token>/neuer-link/",
        public.registration_link_renew,
        name="registration_link_renew",
    ),
    path(
        "anmeldungen/<str:token>/bestaetigen/",
        public.registration_confirm,
        name="registration_confirm",
    ),
    path(
        "anmeldungen/<str:token>/antworten/",
        public.registration_answers,
        name="registration_answers",
    ),
    path(
        "anmeldungen/<str:token>/stornieren/",
        public.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "anmeldungen/<str:token>/kalender.ics",
        public.registration_ics,
        name="registration_ics",
    ),
    path("meine-anmeldungen/", public.my_registrations, name="my_registrations"),
    path(
        "meine-anmeldungen/kalender-abo/",
        public.my_calendar_feed_renew,
        name="my_calendar_feed_renew",
    ),
    path(
        "kalender/anmeldungen/<str:token>.ics",
        public.my_calendar_feed,
        name="my_calendar_feed",
    ),
]
