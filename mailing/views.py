from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from mailing.webhooks import mounted_tracking_view


@csrf_exempt
def tracking_webhook(request: HttpRequest, esp: str) -> HttpResponse:
    """Hand a provider's delivery events to anymail, if that provider's webhook is mounted.

    Unmounted (another provider, or no webhook secret) it answers 404 like any unknown path.
    """
    view = mounted_tracking_view(esp)
    if view is None:
        raise Http404
    return view(request)
