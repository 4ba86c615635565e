"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106's recommendation)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from app.errors import ValidationError

_hasher = PasswordHasher()

MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    """The hash of a newly chosen password, which must meet the strength rules."""
    check_password_strength(password)
    return _hasher.hash(password)


def rehash_password(password: str) -> str:
    """A fresh hash of a password that has just been verified. No strength rules: a password set
    before the rules were tightened is still the user's password until they change it."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "password.too_short", min_length=MIN_PASSWORD_LENGTH, field="password"
        )
    if password.isdigit() or password.isalpha():
        raise ValidationError("password.needs_letters_and_digits", field="password")


@cache
def dummy_hash() -> str:
    """A hash of nothing anyone types, to spend the same time on unknown usernames. Made on first
    use: hashing costs ~64 MiB and tens of milliseconds, not something to pay at every start."""
    return _hasher.hash("halldesk-no-such-user-0")
