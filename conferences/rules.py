"""Who may act as an organiser."""


def is_organiser(user) -> bool:
    """Staff organise everything; organiser teams arrive with the programme issue."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)
