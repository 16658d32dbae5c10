"""Who may do what in a shared project, and how the others hear of a change.

Three group roles (cluster-wide, created once; a login is made a member by the DBA,
``GRANT reader_coder TO ann``):

* ``reader_reader`` reads everything (and keeps the derived search index current);
* ``reader_coder`` also adds annotations and notes, and changes or deletes **only its
  own**: row-level security on ``annotations``, ``annotation_tags`` and ``coders``
  compares a row's coder with :sql:`reader_coder()` (the login's name, or the coder
  ``coder_logins`` maps it to);
* ``reader_owner`` also manages the codebook, documents and structure corrections, and
  may change anyone's annotations (deleting a tag or a document takes its passages).

The database owner (who ran ``reader shared init``) bypasses row-level security, as
PostgreSQL's table owners do; ``push`` uses that to bring in every coder's annotations.

Every change to documents, corrections, the codebook or annotations bumps the sequence
``reader_change_seq`` and sends ``NOTIFY reader_changes`` with ``table document_id`` (at
commit); ``live.py`` listens. :func:`install` is idempotent and run after each migration.
"""

from __future__ import annotations

from reader.store.postgres.connection import Connection

ROLES = ("reader_reader", "reader_coder", "reader_owner")
CHANNEL = "reader_changes"
# Tables each role may write (beyond reading all).
_READER_WRITES = ("search_state", "search_segments")
_CODER_WRITES = ("annotations", "annotation_tags")
_NOTIFYING = ("documents", "corrections", "tags", "annotations", "annotation_tags")

_ROLES_SQL = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reader_reader') THEN
        CREATE ROLE reader_reader NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reader_coder') THEN
        CREATE ROLE reader_coder NOLOGIN IN ROLE reader_reader;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reader_owner') THEN
        CREATE ROLE reader_owner NOLOGIN IN ROLE reader_coder;
    END IF;
END $$;
"""

_FUNCTIONS_SQL = """
CREATE TABLE IF NOT EXISTS coder_logins (login TEXT PRIMARY KEY, coder TEXT NOT NULL);
CREATE OR REPLACE FUNCTION reader_coder() RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT coder FROM coder_logins WHERE login = current_user::text),
                    current_user::text)
$$;
CREATE SEQUENCE IF NOT EXISTS reader_change_seq;
CREATE OR REPLACE FUNCTION reader_notify() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    doc TEXT := '';
    hit RECORD;
BEGIN
    IF TG_OP = 'DELETE' THEN hit := OLD; ELSE hit := NEW; END IF;
    IF TG_TABLE_NAME IN ('annotations', 'corrections') THEN
        doc := hit.document_id::text;
    ELSIF TG_TABLE_NAME = 'documents' THEN
        doc := hit.id::text;
    END IF;
    PERFORM nextval('reader_change_seq');
    PERFORM pg_notify('reader_changes', TG_TABLE_NAME || ' ' || doc);
    RETURN NULL;
END $$;
"""


def install(conn: Connection) -> None:
    """Roles, grants, row-level security and change notifications (inside the caller's
    transaction; run again after a migration adds tables)."""
    conn.run(_ROLES_SQL)
    conn.run(_FUNCTIONS_SQL)
    tables = [
        r[0]
        for r in conn.run(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchall()
    ]
    schema = conn.run("SELECT current_schema()").fetchone()[0]
    statements = [
        f'GRANT USAGE ON SCHEMA "{schema}" TO reader_reader',
        f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO reader_reader',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO reader_reader',
        f'GRANT ALL ON ALL TABLES IN SCHEMA "{schema}" TO reader_owner',
        f'GRANT ALL ON ALL SEQUENCES IN SCHEMA "{schema}" TO reader_owner',
        "GRANT INSERT ON coders TO reader_coder",
    ]
    statements += [f"GRANT INSERT, UPDATE, DELETE ON {t} TO reader_reader" for t in _READER_WRITES]
    statements += [f"GRANT INSERT, UPDATE, DELETE ON {t} TO reader_coder" for t in _CODER_WRITES]
    for table in _NOTIFYING:
        statements += [
            f"DROP TRIGGER IF EXISTS reader_notify_{table} ON {table}",
            f"CREATE TRIGGER reader_notify_{table} AFTER INSERT OR UPDATE OR DELETE ON {table}"
            " FOR EACH ROW EXECUTE FUNCTION reader_notify()",
        ]
    own = "coder = reader_coder()"
    own_link = (
        "EXISTS (SELECT 1 FROM annotations a WHERE a.id = annotation_id"
        " AND a.coder = reader_coder())"
    )
    policies = {
        "annotations": {
            "insert": f"FOR INSERT TO reader_coder WITH CHECK ({own})",
            "update": f"FOR UPDATE TO reader_coder USING ({own}) WITH CHECK ({own})",
            "delete": f"FOR DELETE TO reader_coder USING ({own})",
        },
        "annotation_tags": {
            "insert": f"FOR INSERT TO reader_coder WITH CHECK ({own_link})",
            "update": f"FOR UPDATE TO reader_coder USING ({own_link}) WITH CHECK ({own_link})",
            "delete": f"FOR DELETE TO reader_coder USING ({own_link})",
        },
        "coders": {"insert": "FOR INSERT TO reader_coder WITH CHECK (name = reader_coder())"},
    }
    for table, kinds in policies.items():
        statements.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        kinds = {
            "read": "FOR SELECT USING (true)",
            "owner": "FOR ALL TO reader_owner USING (true) WITH CHECK (true)",
            **kinds,
        }
        for kind, rule in kinds.items():
            statements += [
                f"DROP POLICY IF EXISTS {table}_{kind} ON {table}",
                f"CREATE POLICY {table}_{kind} ON {table} {rule}",
            ]
    assert set(tables) >= {"annotations", "coders"}
    for statement in statements:
        conn.run(statement)


def may_write_as_anyone(conn: Connection) -> bool:
    """True for the database's owner, superusers and ``reader_owner`` members: they may
    write annotations in any coder's name (``push``, merging)."""
    row = conn.run(
        "SELECT rolsuper OR pg_has_role(current_user, 'reader_owner', 'USAGE')"
        " OR pg_has_role(current_user,"
        " (SELECT tableowner FROM pg_tables WHERE schemaname = current_schema()"
        "  AND tablename = 'annotations'), 'USAGE')"
        " FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    return bool(row and row[0])


def coder_name(conn: Connection) -> str:
    """The coder this login writes as (``reader_coder()``)."""
    return conn.run("SELECT reader_coder()").fetchone()[0]
