"""ASGI entry point: HTTP through Django, WebSockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Django must be set up before consumers (and their models) are imported.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402 - needs the app registry
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402 - needs the app registry
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402 - idem

from config.concurrency import HttpConcurrencyLimit  # noqa: E402 - reads settings
from config.routing import websocket_urlpatterns  # noqa: E402 - imports consumers

application = ProtocolTypeRouter(
    {
        "http": HttpConcurrencyLimit(django_asgi_app),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
