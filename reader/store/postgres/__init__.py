"""A shared project on PostgreSQL (issue 15): the same store API as a ``.reader`` file.

The store's modules speak SQLite's dialect through a DB-API connection; ``connection``
gives them a PostgreSQL connection that looks like one (``dialect`` rewrites the few
statements that differ). ``schema`` is the same schema history for PostgreSQL, with the
roles and row-level security of a team; ``search`` is corpus search on tsvector/GIN;
``project`` is :class:`SharedProject`; ``live`` hears other coders' changes.
psycopg is imported only here, so a user of project files never loads it.
"""

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
