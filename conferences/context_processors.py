from django.http import HttpRequest

from conferences.rules import is_organiser


def navigation(request: HttpRequest) -> dict[str, object]:
    """Tell the layout whether to link the organiser area; evaluated only when rendered."""
    user = getattr(request, "user", None)
    return {"user_is_organiser": lambda: bool(user and is_organiser(user))}
