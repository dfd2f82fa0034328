"""Who will hear of an organiser's change, told before the organiser confirms it.

The people who are told (registrants, speakers) belong to higher apps; each registers a
function in ``AppConfig.ready()`` that describes, in one sentence, whom it will mail for a
change, so the organiser sees the consequence on the confirmation page.
"""

from collections.abc import Callable

from conferences.models import Event

#: ``(event, action, fields) -> sentence or None``; ``action`` as in the change log.
Describer = Callable[[Event, str, frozenset[str]], str | None]
_describers: list[Describer] = []


def register(describer: Describer) -> None:
    """Add a higher app's description of whom it tells about a change."""
    if describer not in _describers:
        _describers.append(describer)


def who_is_told(event: Event, *, action: str, fields: frozenset[str] = frozenset()) -> list[str]:
    """The sentences of every app that will tell people about this change."""
    return [
        sentence
        for describer in _describers
        if (sentence := describer(event, action, fields)) is not None
    ]
