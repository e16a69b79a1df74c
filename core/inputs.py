"""Checks for what people (or robots) type where the code expects a number."""

MAX_RECORD_ID = 2**31 - 1  # the largest key an ``integer`` column holds (PostgreSQL refuses more)


def is_ascii_number(value) -> bool:
    """``True`` for strings of ``0``-``9`` only: ``str.isdigit()`` also accepts ``"²"``, which ``int()`` refuses."""
    return isinstance(value, str) and value.isascii() and value.isdigit()


def is_record_id(value) -> bool:
    """A string that can be looked up as a primary key without the database overflowing."""
    return is_ascii_number(value) and int(value) <= MAX_RECORD_ID
