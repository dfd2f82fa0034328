"""Who may act as an organiser, on which team and which event.

Predicates only: they answer yes or no and never raise. Views turn a "no" into 403 or 404
(404 when the object belongs to a team the person is not in, so existence does not leak).
"""

from conferences.enums import TeamRole


def _is_active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_organiser(user) -> bool:
    """Staff organise everything; members of an organiser team organise their events."""
    if not _is_active(user):
        return False
    return bool(user.is_staff or user.team_memberships.exists())


def team_role(user, team) -> str | None:
    """Return the user's role in ``team`` (a ``TeamRole`` value), or None."""
    if not _is_active(user):
        return None
    return user.team_memberships.filter(team_id=team.pk).values_list("role", flat=True).first()


def is_team_member(user, team) -> bool:
    """Staff and every member of the team, whatever the role, see the team's work."""
    if not _is_active(user):
        return False
    return bool(user.is_staff or team_role(user, team) is not None)


def can_manage_team(user, team) -> bool:
    """Organisers of the team (and staff) change its events, programme and members."""
    if not _is_active(user):
        return False
    return bool(user.is_staff or team_role(user, team) == TeamRole.ORGANISER)


def can_manage_event(user, event) -> bool:
    """Team organisers and staff edit, publish, cancel and duplicate the event."""
    return can_manage_team(user, event.team)


def can_moderate_event(user, event) -> bool:
    """Organisers and moderators of the team (and staff) run the event's live parts."""
    return is_team_member(user, event.team)


def teams_for(user):
    """Return the teams whose work the user sees: all for staff, else their own teams."""
    # Imported in the function: rules sit below models in the app's layers.
    from conferences.models import OrganiserTeam

    if not _is_active(user):
        return OrganiserTeam.objects.none()
    if user.is_staff:
        return OrganiserTeam.objects.all()
    return OrganiserTeam.objects.filter(memberships__user=user).distinct()
