"""Answer a request that needed an unreachable service with a 503 page, not a bare 500."""

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from core.cache import UNREACHABLE

logger = logging.getLogger(__name__)

# Seconds after which a browser or proxy may try again.
RETRY_AFTER = 60


class ServiceUnavailableMiddleware:
    """Turn a Redis connection error that escaped a view into the layout's 503 page.

    The cache already falls back to local memory (core/cache.py); this catches what else
    may need Redis, so a person learns that the form was not saved and may send it again.
    The page renders without a request context, like the 500 page: the failing service may
    be one the context needs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, UNREACHABLE):
            return None
        logger.warning("Service unreachable, answered 503: %s", exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
