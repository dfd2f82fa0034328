"""Boxes that higher apps add to the public event page, without the page importing them.

The registrations app registers its "Anmelden" box here in ``AppConfig.ready()``::

    from sessions.fragments import EventFragment, register_event_fragment

    def registration_box(request, event):
        return EventFragment("registrations/public/_event_box.html", {"settings": ...})

    register_event_fragment(registration_box)

A provider returns None when it has nothing to show for the event. The event page renders
the fragments in its sidebar, in ``order``, each template with its own context on top of
the page's (``request``, ``user``, ``event``, ``csp_nonce`` stay available).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest

from conferences.models import Event


@dataclass(frozen=True)
class EventFragment:
    template_name: str
    context: dict = field(default_factory=dict)
    order: int = 100


EventFragmentProvider = Callable[[HttpRequest, Event], EventFragment | None]

_providers: list[EventFragmentProvider] = []


def register_event_fragment(provider: EventFragmentProvider) -> EventFragmentProvider:
    """Add ``provider`` to the event page; registering it twice has no further effect.

    Returns the provider, so it also works as a decorator.
    """
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister_event_fragment(provider: EventFragmentProvider) -> None:
    """Remove ``provider`` (for tests that register their own)."""
    if provider in _providers:
        _providers.remove(provider)


def event_fragments(request: HttpRequest, event: Event) -> list[EventFragment]:
    """Collect what the registered providers show for ``event``, in their order."""
    fragments = [provider(request, event) for provider in _providers]
    return sorted((f for f in fragments if f is not None), key=lambda f: f.order)
