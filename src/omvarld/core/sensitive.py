"""Fields whose values are secrets: never shown, never searched or filtered on, never copied into the log."""

from __future__ import annotations

from django.db.models.constants import LOOKUP_SEP

# A password hash gives away its salt and parameters and can be attacked offline; session data holds
# whoever is signed in; a calendar feed's key gives its secret URL (with the site's key), and the digest
# of that URL is what it is looked up by. Matched by field name anywhere in a lookup path.
SECRET_FIELD_NAMES = frozenset({"password", "session_key", "session_data", "feed_key", "token_digest"})


def touches_secret(lookup: str) -> bool:
    """Whether a query lookup (``actor__password__startswith``) reads a secret field at any step."""
    return any(part in SECRET_FIELD_NAMES for part in lookup.split(LOOKUP_SEP))
