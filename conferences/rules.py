"""Who may act as an organiser."""


def is_organiser(user) -> bool:
    """Staff organise everything; members of an organiser team organise their events."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_staff or user.team_memberships.exists())
