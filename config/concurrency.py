"""A bound on the HTTP requests one ASGI process runs at once.

Django runs the synchronous code of every request in a thread of its own (asgiref's
``ThreadSensitiveContext`` gives each request its own executor), and each of those threads
opens its own database connection. Without a bound, a burst of a thousand registrations
becomes a thousand threads and a thousand connections: PostgreSQL refuses clients beyond
``max_connections`` ("sorry, too many clients already") and SQLite writers give up waiting
for the write lock ("database is locked"). Behind this bound the surplus requests wait as
coroutines in the event loop, which costs next to nothing, and go in first come, first
served (asyncio's semaphore wakes its waiters in order).

WebSockets are not limited: they live long, and their consumers touch the database only
briefly per message.
"""

import asyncio
import weakref

from django.conf import settings

# Measured with bench/pages.py and 8 clients: 1 left the process waiting on the database
# between requests, 8 let threads contend for the interpreter; 4 served most
# (docs/performance.md).
DEFAULT_LIMIT = 4


class HttpConcurrencyLimit:
    """ASGI middleware: at most ``settings.HTTP_CONCURRENCY`` HTTP requests in the app."""

    def __init__(self, app, limit: int | None = None) -> None:
        self.app = app
        self.limit = limit or getattr(settings, "HTTP_CONCURRENCY", DEFAULT_LIMIT)
        # One semaphore per event loop: a semaphore binds to the loop that first waits on it,
        # and tests run the application in more than one loop.
        self._semaphores: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]
        self._semaphores = weakref.WeakKeyDictionary()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        semaphore = self._semaphores.get(loop)
        if semaphore is None:
            semaphore = self._semaphores[loop] = asyncio.Semaphore(self.limit)
        async with semaphore:
            await self.app(scope, receive, send)
