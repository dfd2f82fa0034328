"""WebSocket routes of the live layer (sessions' Q&A arrives with the streaming issue)."""

websocket_urlpatterns: list = []
