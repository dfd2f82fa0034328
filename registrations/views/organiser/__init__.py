"""The organiser side of registrations, mounted under /veranstalten/.

Every view is wrapped in ``conferences.views.access.organiser_view`` (log in, be an
organiser, have a second factor) and then looks up the event with
``access.registration_event``: another team's event gives 404, a team member who may not
manage it 403.
"""

from registrations.views.organiser.configuration import (
    option_add,
    option_delete,
    option_edit,
    question_create,
    question_delete,
    question_edit,
    question_move,
    registration_settings,
)
from registrations.views.organiser.door import checkin, checkin_person
from registrations.views.organiser.figures import statistics
from registrations.views.organiser.lists import (
    attendee_list,
    export_csv,
    export_xlsx,
    registration_action,
    registration_add,
    registration_detail,
    registration_list,
)

__all__ = [
    "attendee_list",
    "checkin",
    "checkin_person",
    "export_csv",
    "export_xlsx",
    "option_add",
    "option_delete",
    "option_edit",
    "question_create",
    "question_delete",
    "question_edit",
    "question_move",
    "registration_action",
    "registration_add",
    "registration_detail",
    "registration_list",
    "registration_settings",
    "statistics",
]
