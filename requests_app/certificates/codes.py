"""Verification codes and file fingerprints.

A verification code is printed on paper and typed back by people, so it uses
Crockford's base-32 alphabet (no I, L, O or U; case does not matter) in groups of
five: ``7KQ2M-X9D4R-T0WZC-8HN5P-V3B6J`` carries 125 random bits, unguessable and
not enumerable. Typed input is read leniently (spaces, hyphens, lower case, O for
0, I or L for 1). Certificates issued before this format keep their older,
URL-safe codes: those are looked up exactly, as they appear in their QR codes.
"""

import hashlib
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS, GROUP_LENGTH = 5, 5
CODE_LENGTH = GROUPS * GROUP_LENGTH
_TYPING_MISTAKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.·]+")


def group(characters: str) -> str:
    return "-".join(characters[i : i + GROUP_LENGTH] for i in range(0, len(characters), GROUP_LENGTH))


def new_verification_code() -> str:
    return group("".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH)))


def normalize_typed_code(typed: str) -> str | None:
    """The code someone typed, in its printed form; None when it cannot be one of ours."""
    characters = _SEPARATORS.sub("", typed or "").upper().translate(_TYPING_MISTAKES)
    if len(characters) != CODE_LENGTH or any(character not in ALPHABET for character in characters):
        return None
    return group(characters)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
