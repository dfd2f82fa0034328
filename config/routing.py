"""WebSocket routes; each app that speaks WebSocket contributes its own list."""

from streaming.routing import websocket_urlpatterns as streaming_routes

websocket_urlpatterns = [*streaming_routes]
