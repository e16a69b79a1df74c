"""Verification codes and file fingerprints."""

import hashlib
import secrets

VERIFICATION_CODE_BYTES = 24  # 192 random bits: 32 URL-safe characters, not guessable nor enumerable


def new_verification_code() -> str:
    return secrets.token_urlsafe(VERIFICATION_CODE_BYTES)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
