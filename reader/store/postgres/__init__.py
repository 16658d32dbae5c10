"""A shared project on PostgreSQL (issue 15): the same store API as a ``.reader`` file.

The store's modules speak SQLite's dialect through a DB-API connection; ``connection``
gives them a PostgreSQL connection that looks like one (``dialect`` rewrites the few
statements that differ). ``schema`` is the same schema history for PostgreSQL, with the
roles and row-level security of a team; ``search`` is corpus search on tsvector/GIN;
``project`` is :class:`SharedProject`; ``live`` hears other coders' changes.
psycopg is imported only here, so a user of project files never loads it.
"""

from urllib.parse import parse_qs, urlsplit, urlunsplit

URL_PREFIXES = ("postgresql://", "postgres://")


def is_shared_target(text: str) -> bool:
    """Whether a command-line argument or a recent entry names a database, not a file:
    a libpq URI, or ``key=value`` words naming a service or a database."""
    text = str(text).strip()
    if text.startswith(URL_PREFIXES):
        return True
    words = text.split()
    return bool(words) and all(w.split("=", 1)[0] in _KEYWORDS and "=" in w for w in words)


# libpq's connection keywords a ``key=value`` target is made of.
_KEYWORDS = frozenset({
    "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "service",
    "sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "options",
    "application_name", "target_session_attrs", "gssencmode", "channel_binding",
})  # fmt: skip


def _fields(target: str) -> dict[str, str]:
    """A target's connection keywords (a URI's or ``key=value`` words'), best effort."""
    target = target.strip()
    if target.startswith(URL_PREFIXES):
        parts = urlsplit(target)
        found = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if parts.hostname:
            found.setdefault("host", parts.hostname)
        if parts.username:
            found.setdefault("user", parts.username)
        if parts.path.strip("/"):
            found.setdefault("dbname", parts.path.strip("/"))
        return found
    return dict(w.split("=", 1) for w in target.split() if "=" in w)


def describe(target: str) -> str:
    """A short name for a database, for titles, menus and messages (never a password):
    "team on db.example", "service team"."""
    info = _fields(target)
    if "service" in info and "dbname" not in info:
        return f"service {info['service']}"
    db = info.get("dbname") or info.get("user") or "postgres"
    host = info.get("host") or "local"
    return f"{db} on {'local' if host.startswith('/') else host}"


def without_password(target: str) -> str:
    """``target`` as Reader may remember it: any password given in it taken out."""
    target = target.strip()
    if target.startswith(URL_PREFIXES):
        parts = urlsplit(target)
        netloc = parts.netloc
        if parts.password is not None:
            netloc = netloc.replace(f":{parts.password}@", "@", 1)
        query = "&".join(q for q in parts.query.split("&") if not q.startswith("password="))
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    return " ".join(w for w in target.split() if not w.startswith("password="))
