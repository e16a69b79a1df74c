"""Words a page repeats, translated once per process and language."""

import functools

from django.utils.translation import get_language


def once_per_language(build):
    """``build()`` (no arguments) called once per process and active language; its result is kept and returned on
    every later call in that language. For words the same on every page: keep it read-only."""
    kept = {}

    @functools.wraps(build)
    def current():
        language = get_language()
        value = kept.get(language)
        if value is None:
            value = kept[language] = build()
        return value

    return current
