"""One shared number that changes whenever content that every page shows changes.

The menu and footer pages, the portal settings, the current terms of use and the
site itself change a few times a month but are read on every request. Each process
keeps its own copy of them (``memo``) and reuses it while the shared content version
is unchanged; reading that version is the one shared check a request makes (a cache
GET: Redis in production, so a change shows on every web node at the next request).
Publishing, unpublishing, moving or deleting a page, saving a site, a view restriction
or the portal settings changes the version (``bump``).

When the shared cache cannot answer, the version is unknown and every copy is read
again from the database: slower, never stale.
"""

import secrets
import threading

from django.core.cache import cache

KEY = "portal:content-version"
MAX_MEMO_ENTRIES = 500
_REQUEST_ATTRIBUTE = "_shared_versions"
_HOST_ATTRIBUTE = "_checked_host"


def _new_version() -> int:
    """A random number: the cache keeps a whole number as its digits, which it reads back without unpickling (and
    without the failed ``int()`` that each pickled value costs django-redis first), on every request."""
    return secrets.randbits(63)


def current(key: str = KEY) -> int | None:
    """The shared version (or the one named ``key``), made if there is none yet; None when the cache cannot answer."""
    version = cache.get(key)
    if version is None:
        cache.add(key, _new_version(), None)
        version = cache.get(key)
    return version


def for_request(request, key: str = KEY) -> int | None:
    """The version named ``key``, read once per request (with the session when ``config.sessions`` read it along)."""
    if request is None:
        return current(key)
    versions = getattr(request, _REQUEST_ATTRIBUTE, None)
    if versions is None:
        versions = {}
        setattr(request, _REQUEST_ATTRIBUTE, versions)
    if key not in versions:
        read_along = getattr(getattr(request, "session", None), "shared_versions", {}).get(key)
        versions[key] = read_along if read_along is not None else current(key)
    return versions[key]


def host(request) -> str:
    """``request.get_host()``, checked against ALLOWED_HOSTS once per request: the keys of a page's kept copies
    (its site, its kept rendering, its rows) each name it."""
    checked = getattr(request, _HOST_ATTRIBUTE, None)
    if checked is None:
        checked = request.get_host()
        setattr(request, _HOST_ATTRIBUTE, checked)
    return checked


def bump(**kwargs) -> None:
    """Content changed: every process reads its copies again at its next request."""
    renew(KEY)


def renew(key: str) -> None:
    """Change the shared version named ``key``: copies kept under it are read again at the next request."""
    cache.set(key, _new_version(), None)


class ProcessMemo:
    """Values loaded once per process and content version."""

    def __init__(self):
        self._values: dict = {}
        self._lock = threading.Lock()

    def get(self, name, version: int | None, load, *, keep=None):
        """The value remembered for ``name`` at ``version``, or ``load()``'s (remembered unless ``keep`` says no)."""
        if version is not None:
            hit = self._values.get(name)
            if hit is not None and hit[0] == version:
                return hit[1]
        value = load()
        if version is not None and (keep is None or keep(value)):
            with self._lock:
                if len(self._values) >= MAX_MEMO_ENTRIES:
                    self._values.clear()  # bounded: a crawler's many URLs cannot grow it without limit
                self._values[name] = (version, value)
        return value

    def peek(self, name):
        """``(version, value)`` remembered for ``name``, whatever the version, or None."""
        return self._values.get(name)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


memo = ProcessMemo()


def remembered(request, name, load, *, keep=None):
    """``load()``'s value, computed once per process while the content stays the same."""
    return memo.get(name, for_request(request), load, keep=keep)
