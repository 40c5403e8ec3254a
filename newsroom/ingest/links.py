"""Source URLs from untrusted pages, made safe to put in an href: http(s) only, percent-encoded."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

SCHEMES = ("http", "https")
# RFC 3986 path characters, minus the quote characters (valid, but encoded to be safe in any attribute).
PATH_SAFE = "/:@!$&()*+,;=-._~%"
QUERY_SAFE = PATH_SAFE + "?"
LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.?$")


def safe_source_url(value: object) -> str | None:
    """An absolute http(s) URL with every unsafe character percent-encoded; None when it is not one."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:  # a malformed IPv6 host or port
        return None
    host = _host(parts.hostname)
    if parts.scheme.lower() not in SCHEMES or host is None:
        return None
    netloc = host if port is None else f"{host}:{port}"  # user names and passwords are dropped
    return urlunsplit((parts.scheme.lower(), netloc, _encode(parts.path, PATH_SAFE) or "/",
                       _encode(parts.query, QUERY_SAFE), _encode(parts.fragment, QUERY_SAFE)))


def _encode(part: str, safe: str) -> str:
    """Percent-encode a URL part, keeping escapes that are already there and encoding lone '%'."""
    return quote(LONE_PERCENT.sub("%25", part), safe=safe)


def _host(hostname: str | None) -> str | None:
    """The host in ASCII (IDNA for international names), or None when it is not a valid host name."""
    if not hostname:
        return None
    try:
        host = hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    return host if HOST.match(host) and len(host) <= 253 else None
