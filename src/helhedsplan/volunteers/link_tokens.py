"""The personal link's token: the link's row id and a random nonce, signed. Made when a link
is issued (``services``, which stores only the nonce's hash) and read when it is opened
(``queries``, which hashes the nonce it was given to compare): one module for both, so the
two sides never disagree on the salt or the hash."""

from __future__ import annotations

import hashlib
import secrets

from django.core import signing

# The personal link's own salt: a value signed for anything else never passes as a token.
SALT = "helhedsplan.volunteers.personal-link"
# 16 random bytes (128 bits) of nonce per link: with the row's id under the signature, a
# token nobody was given is never guessed, even by someone who learnt the signing key.
NONCE_BYTES = 16


def new_nonce() -> str:
    return secrets.token_urlsafe(NONCE_BYTES)


def nonce_hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def token(link_id: int, nonce: str) -> str:
    """The token of the link's address: the row's id and the nonce, signed."""
    return signing.dumps([link_id, nonce], salt=SALT)


def read(token: str) -> tuple[int, str] | None:
    """The row id and nonce a token carries, None for a token that is not ours."""
    try:
        found = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    match found:
        case [int(link_id), str(nonce)]:
            return link_id, nonce
        case _:
            return None
