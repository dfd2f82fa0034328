"""The production stack itself: the suite really runs on PostgreSQL when DATABASE_URL says so,
and Redis carries channel-layer messages between processes."""

import asyncio
import uuid

import pytest
from channels_redis.core import RedisChannelLayer
from django.db import connection


@pytest.mark.postgres
@pytest.mark.django_db
def test_suite_runs_on_postgresql_when_database_url_says_so(postgres_db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int")
        (version,) = cursor.fetchone()

    assert connection.vendor == "postgresql"
    assert connection.settings_dict["NAME"].startswith("test_")
    assert version >= 130000


@pytest.mark.redis
async def test_redis_channel_layer_delivers_a_group_message(redis_url):
    # Two layer instances stand for two worker processes sharing one Redis.
    sender = RedisChannelLayer(hosts=[redis_url], prefix="kf-test", capacity=1000, expiry=30)
    receiver = RedisChannelLayer(hosts=[redis_url], prefix="kf-test", capacity=1000, expiry=30)
    group = f"roundtrip-{uuid.uuid4().hex}"
    channel = await receiver.new_channel()
    await receiver.group_add(group, channel)
    try:
        await sender.group_send(group, {"type": "question.created", "seq": 7, "text": "Hallo"})

        message = await asyncio.wait_for(receiver.receive(channel), timeout=5)
    finally:
        await receiver.group_discard(group, channel)
        await sender.close_pools()
        await receiver.close_pools()

    assert message == {"type": "question.created", "seq": 7, "text": "Hallo"}
