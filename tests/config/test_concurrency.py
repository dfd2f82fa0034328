import asyncio

from config.concurrency import HttpConcurrencyLimit


class SlowApp:
    """An ASGI app that records how many requests it serves at once."""

    def __init__(self) -> None:
        self.running = 0
        self.peak = 0
        self.order: list[int] = []

    async def __call__(self, scope, receive, send) -> None:
        self.running += 1
        self.peak = max(self.peak, self.running)
        self.order.append(scope["n"])
        await asyncio.sleep(0.01)
        self.running -= 1


async def call(app, scope_type: str, n: int) -> None:
    await app({"type": scope_type, "n": n}, None, None)


async def test_http_requests_beyond_the_limit_wait_their_turn_in_order():
    inner = SlowApp()
    app = HttpConcurrencyLimit(inner, limit=3)

    await asyncio.gather(*(call(app, "http", n) for n in range(20)))

    assert inner.peak == 3
    assert inner.order == list(range(20))


async def test_websockets_are_not_limited():
    inner = SlowApp()
    app = HttpConcurrencyLimit(inner, limit=3)

    await asyncio.gather(*(call(app, "websocket", n) for n in range(10)))

    assert inner.peak == 10
