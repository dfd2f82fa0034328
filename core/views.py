import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.enums import LegalPageKind
from core.models import LegalPage, SignLanguageFilm

logger = logging.getLogger(__name__)


def legal_page(request: HttpRequest, kind: str) -> HttpResponse:
    page = get_object_or_404(LegalPage, kind=kind)
    return render(request, "core/legal_page.html", {"page": page})


def sign_language(request: HttpRequest) -> HttpResponse:
    """The site explained in Deutsche Gebärdensprache, or where to ask while the film is made."""
    film = SignLanguageFilm.objects.order_by("-updated_at").first()
    statement = LegalPage.objects.filter(kind=LegalPageKind.ACCESSIBILITY).first()
    return render(
        request,
        "core/sign_language.html",
        {"film": film, "contact_email": statement.contact_email if statement else ""},
    )


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the database (and Redis, when configured) answer, for load balancers."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        logger.exception("Health check: database unreachable")
        checks["database"] = "error"
    if settings.REDIS_URL:
        import redis

        try:
            client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
            client.ping()
            checks["redis"] = "ok"
        except Exception:
            logger.exception("Health check: Redis unreachable")
            checks["redis"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )
