"""Sessions kept in the database, with a short-lived copy in Redis (``SESSION_ENGINE`` when
``REDIS_URL`` is set).

The database is the truth: every save and delete goes there first, so a Redis outage loses
nothing and signs nobody out; reads come from Redis when it answers. What Redis could get
wrong after an outage is handled here:

- a session saved or ended while Redis was down leaves an older copy there. This process
  remembers those keys and drops them from Redis as soon as it answers again, and every copy
  lives at most ``SESSION_CACHE_TIMEOUT`` seconds anyway (so a copy missed by a process that
  restarted meanwhile is gone within that time);
- Redis errors are logged as warnings, never shown to the person.

Reading the session also reads the shared versions (``cms.content_version``: the content
version and the reference-data version of ``requests_app.reference_data``) in the same
round trip when they live in the same Redis, so a signed-in request costs one Redis read and
the user query.

The cache alias (``SESSION_CACHE_ALIAS``) must raise its errors (django-redis without
``IGNORE_EXCEPTIONS``), so that this store knows when a copy could not be written or dropped.
"""

import logging
import threading
from functools import lru_cache

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver

from cms.content_version import KEY as CONTENT_VERSION_KEY
from requests_app.reference_data import KEY as REFERENCE_VERSION_KEY

logger = logging.getLogger("portal.sessions")

KEY_PREFIX = "portal.sesion."
SHARED_VERSION_KEYS = (CONTENT_VERSION_KEY, REFERENCE_VERSION_KEY)
MAX_PENDING = 50_000  # keys to drop from Redis once it is back (a process's memory, not a queue)

_pending = set()
_pending_lock = threading.Lock()


def _remember_stale(cache_key):
    with _pending_lock:
        if len(_pending) < MAX_PENDING:
            _pending.add(cache_key)
        else:
            logger.error("Demasiadas sesiones por invalidar en la caché; caducan solas en SESSION_CACHE_TIMEOUT.")


def stale_keys():
    """Cache keys this process still has to drop from Redis (for tests and diagnostics)."""
    with _pending_lock:
        return set(_pending)


@lru_cache(maxsize=4)
def _shares_keys_with_default(alias) -> bool:
    """Whether a key read through ``alias`` is the same Redis key as through the default cache: decided once per
    process and alias (every signed-in request asks), again when the cache settings change."""
    if alias == "default":
        return True
    configured = settings.CACHES
    return configured[alias].get("LOCATION") == configured["default"].get("LOCATION") and caches[alias].make_key(
        KEY_PREFIX
    ) == caches["default"].make_key(KEY_PREFIX)


@receiver(setting_changed)
def _forget_shared_keys(*, setting, **kwargs):
    if setting in {"CACHES", "SESSION_CACHE_ALIAS"}:
        _shares_keys_with_default.cache_clear()


class SessionStore(CachedDBStore):
    cache_key_prefix = KEY_PREFIX
    shared_versions: dict = {}  # read along with the session (see the module's docstring)

    @staticmethod
    def cache_timeout(expiry_age):
        return max(0, min(expiry_age, settings.SESSION_CACHE_TIMEOUT))

    def _drop_stale_copies(self):
        if not _pending:
            return
        with _pending_lock:
            keys = list(_pending)
        try:
            self._cache.delete_many(keys)
        except Exception as error:
            logger.warning("La caché de sesiones sigue sin responder (%s)", error)
            return
        with _pending_lock:
            _pending.difference_update(keys)
        logger.warning("Caché de sesiones de vuelta: %d copias viejas descartadas", len(keys))

    def load(self):
        self._drop_stale_copies()
        try:
            if _shares_keys_with_default(settings.SESSION_CACHE_ALIAS):
                found = self._cache.get_many([self.cache_key, *SHARED_VERSION_KEYS])
                data = found.pop(self.cache_key, None)
                self.shared_versions = found
            else:
                data = self._cache.get(self.cache_key)
        except Exception as error:
            logger.warning("Caché de sesiones sin respuesta al leer; se usa la base de datos (%s)", error)
            data = None
            cache_answers = False
        else:
            cache_answers = True
        if data is not None:
            return data
        session = self._get_session_from_db()
        if session is None:
            return {}
        data = self.decode(session.session_data)
        if cache_answers:
            self._set_copy(data, self.get_expiry_age(expiry=session.expire_date))
        return data

    def _set_copy(self, data, expiry_age):
        try:
            self._cache.set(self.cache_key, data, self.cache_timeout(expiry_age))
        except Exception as error:
            logger.warning(
                "Caché de sesiones sin respuesta al guardar; la sesión queda en la base de datos (%s)", error
            )
            _remember_stale(self.cache_key)

    def exists(self, session_key):
        return DBStore.exists(self, session_key)  # the database decides, never a copy

    def save(self, must_create=False):
        DBStore.save(self, must_create)
        self._set_copy(self._session, self.get_expiry_age())

    def delete(self, session_key=None):
        DBStore.delete(self, session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        cache_key = self.cache_key_prefix + session_key
        try:
            self._cache.delete(cache_key)
        except Exception as error:
            logger.warning("Caché de sesiones sin respuesta al cerrar una sesión (%s)", error)
            _remember_stale(cache_key)

    # The portal runs on WSGI; under ASGI the same rules apply through the sync methods.
    async def aload(self):
        return await sync_to_async(self.load)()

    async def aexists(self, session_key):
        return await sync_to_async(self.exists)(session_key)

    async def asave(self, must_create=False):
        return await sync_to_async(self.save)(must_create)

    async def adelete(self, session_key=None):
        return await sync_to_async(self.delete)(session_key)
