"""Who may change or run the programme: the rules of the event's team, applied to its parts.

Sessions and stages belong to an event, speakers to a team; each predicate defers to
``conferences.rules`` so there is one answer to "may this person change this team's work".
"""

from conferences.rules import can_manage_event, can_manage_team, can_moderate_event, is_team_member


def can_manage_session(user, session) -> bool:
    """Team organisers and staff change the session, its stage and its lineup."""
    return can_manage_event(user, session.event)


def can_moderate_session(user, session) -> bool:
    """Organisers and moderators of the team (and staff) run the session's live Q&A."""
    return can_moderate_event(user, session.event)


def can_see_speaker(user, speaker) -> bool:
    """Members of the speaker's team (and staff) see the speaker in the organiser area,
    also without consent to be shown publicly."""
    return is_team_member(user, speaker.team)


def can_manage_speaker(user, speaker) -> bool:
    """Team organisers and staff change a speaker's data and photo."""
    return can_manage_team(user, speaker.team)
