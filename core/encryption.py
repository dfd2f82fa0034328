"""Encryption at rest for second-factor secrets (TOTP keys, recovery-code seeds).

A copy of the database (a backup, a dump handed to support) must not be enough to produce
an organiser's second factor. allauth passes every such secret through its MFA adapter's
``encrypt``/``decrypt`` (``core.adapters.MFAAdapter``), which use the functions here.

Keys come from ``MFA_ENCRYPTION_KEYS``: comma-separated Fernet keys, the first encrypts and
all decrypt, so a key can be rotated without downtime (docs/operations.md). In development
without the variable a key is derived from ``SECRET_KEY``; production refuses to start
without it. A stored value that is not a Fernet token is a secret written before encryption
existed: it is read as it is, and ``manage.py rotate_mfa_keys`` encrypts it (a command,
not a data migration, so that it can run again after every key rotation).
"""

import base64
import functools
import hashlib
from collections.abc import Iterable

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

# Every Fernet token starts with its version byte and a 64-bit timestamp whose high bytes
# are zero; base32 TOTP keys (upper case) and hex seeds (no "g") never start like this.
_TOKEN_PREFIX = "gAAAAA"  # noqa: S105 -- the start of every token, not a secret


def development_key(secret_key: str) -> str:
    """Derive a Fernet key from ``SECRET_KEY``, for development only."""
    digest = hashlib.sha256(f"kommunalforum.mfa-encryption:{secret_key}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def configured_keys() -> tuple[str, ...]:
    """Return the keys in use, newest (encrypting) first."""
    keys = tuple(getattr(settings, "MFA_ENCRYPTION_KEYS", ()) or ())
    return keys or (development_key(settings.SECRET_KEY),)


@functools.lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    """Return the cipher for the configured keys (read at call time, so tests can switch)."""
    return _fernet(configured_keys())


def is_encrypted(value: str) -> bool:
    return value.startswith(_TOKEN_PREFIX)


def encrypt_secret(text: str) -> str:
    """Encrypt ``text`` with the first configured key."""
    return fernet().encrypt(text.encode()).decode()


def decrypt_secret(value: str) -> str:
    """Decrypt ``value`` with any configured key; a value stored in clear is returned as is.

    A token that no configured key opens raises ``cryptography.fernet.InvalidToken``: a
    missing key must fail loudly, not pass as a wrong secret.
    """
    if not is_encrypted(value):
        return value
    return fernet().decrypt(value.encode()).decode()


def rotated(value: str) -> str:
    """Return ``value`` encrypted with the first key, whatever key or none it had."""
    if not is_encrypted(value):
        return encrypt_secret(value)
    return fernet().rotate(value.encode()).decode()


def rotated_data(data: dict) -> dict:
    """Return an authenticator's ``data`` with every secret in it encrypted with the first key.

    TOTP keeps ``secret``; recovery codes keep ``seed`` and, if migrated from another
    library, ``migrated_codes``.
    """
    changed = dict(data)
    for name in ("secret", "seed"):
        if isinstance(changed.get(name), str):
            changed[name] = rotated(changed[name])
    if isinstance(changed.get("migrated_codes"), list):
        changed["migrated_codes"] = [rotated(code) for code in changed["migrated_codes"]]
    return changed


def rotate_all(authenticators: Iterable) -> int:
    """Re-encrypt the secrets of ``authenticators`` with the first key; return how many."""
    count = 0
    for authenticator in authenticators:
        authenticator.data = rotated_data(authenticator.data)
        authenticator.save(update_fields=["data"])
        count += 1
    return count
