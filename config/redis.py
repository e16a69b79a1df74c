"""A circuit breaker for Redis: once Redis fails to answer, this process leaves it alone for
``REDIS_RETRY_AFTER`` seconds instead of waiting ``REDIS_TIMEOUT`` on every call.

A frozen or unreachable Redis (a host that does not answer, rather than refusing) would
otherwise cost each page one timeout per cache call. With the breaker open every Redis call
fails at once, which the caches already handle (the default cache reads a miss, sessions go
to the database); after ``REDIS_RETRY_AFTER`` seconds the next call tries Redis again.

Used as the connection class of the django-redis pools (``config.settings.base.redis_caches``).
"""

import logging
import threading
import time

from django.conf import settings
from redis.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("portal.cache")

_open_until = {}  # (host, port) → time.monotonic() until which Redis is not tried
_lock = threading.Lock()


def is_open(address) -> bool:
    return _open_until.get(address, 0.0) > time.monotonic()


def trip(address, error) -> None:
    with _lock:
        was_open = is_open(address)
        _open_until[address] = time.monotonic() + settings.REDIS_RETRY_AFTER
    if not was_open:
        logger.warning(
            "Redis %s:%s no responde (%s); no se usará durante %s s", *address, error, settings.REDIS_RETRY_AFTER
        )


def reset() -> None:
    with _lock:
        _open_until.clear()


class CircuitBreakerConnection(Connection):
    @property
    def address(self):
        return (self.host, self.port)

    def connect_check_health(self, *args, **kwargs):
        if self._sock is None and is_open(self.address):
            raise RedisConnectionError(f"Redis {self.host}:{self.port} en pausa tras una falla reciente")
        try:
            return super().connect_check_health(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            trip(self.address, error)
            raise

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            trip(self.address, error)
            raise
