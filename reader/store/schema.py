"""The project file's schema, its forward migrations, and how a connection is opened.

A project is one SQLite file. ``PRAGMA application_id`` marks it as Reader's and
``PRAGMA user_version`` is the number of migrations applied; a file with a higher
number was written by a newer Reader and is refused (see ``project.py``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# "Rdr1" as a big-endian integer: tells a Reader project from any other SQLite file.
APPLICATION_ID = 0x52647231
BUSY_TIMEOUT_MS = 5000

# Each entry moves the schema from version i to i + 1. Never edit a shipped entry;
# append a new one.
MIGRATIONS: tuple[str, ...] = (
    # 1: documents and the full-text index the sidebar filter uses.
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source_path TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        parser_version TEXT NOT NULL,
        structure TEXT NOT NULL,
        site TEXT,
        date TEXT,
        comment_count INTEGER NOT NULL,
        declared_comment_count INTEGER
    );
    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='id', tokenize='trigram'
    );
    CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END;
    CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    """,
    # 2: the codebook and the annotations.
    """
    CREATE TABLE tags (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        colour TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        parent TEXT REFERENCES tags(id),
        position INTEGER NOT NULL
    );
    CREATE INDEX tags_by_parent ON tags(parent, position);
    CREATE TABLE annotations (
        id TEXT PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        comment_id TEXT,
        note TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        orphan INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX annotations_by_document ON annotations(document_id, span_start);
    CREATE TABLE annotation_tags (
        annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
        tag_id TEXT NOT NULL REFERENCES tags(id),
        position INTEGER NOT NULL,
        PRIMARY KEY (annotation_id, tag_id)
    ) WITHOUT ROWID;
    CREATE INDEX annotation_tags_by_tag ON annotation_tags(tag_id);
    """,
    # 3: the word index corpus search uses (see search.py): article blocks, comments and
    # notes; triggers mark what to index again, search.refresh does it.
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        body, part UNINDEXED, comment_id UNINDEXED, author UNINDEXED, base UNINDEXED,
        parts UNINDEXED, annotation_id UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TABLE search_state (
        document_id INTEGER PRIMARY KEY,
        text_hash TEXT,
        notes_stale INTEGER NOT NULL DEFAULT 1
    );
    INSERT INTO search_state (document_id, text_hash, notes_stale)
        SELECT id, NULL, 1 FROM documents;
    CREATE TRIGGER search_documents_ai AFTER INSERT ON documents BEGIN
        INSERT OR REPLACE INTO search_state (document_id, text_hash, notes_stale)
        VALUES (new.id, NULL, 1);
    END;
    CREATE TRIGGER search_documents_au AFTER UPDATE OF text, structure ON documents BEGIN
        INSERT OR REPLACE INTO search_state (document_id, text_hash, notes_stale)
        VALUES (new.id, NULL, 1);
    END;
    CREATE TRIGGER search_documents_ad AFTER DELETE ON documents BEGIN
        DELETE FROM search_state WHERE document_id = old.id;
        DELETE FROM search_fts
        WHERE rowid BETWEEN old.id * 1048576 AND old.id * 1048576 + 1048575;
    END;
    CREATE TRIGGER search_annotations_ai AFTER INSERT ON annotations BEGIN
        UPDATE search_state SET notes_stale = 1 WHERE document_id = new.document_id;
    END;
    CREATE TRIGGER search_annotations_ad AFTER DELETE ON annotations BEGIN
        UPDATE search_state SET notes_stale = 1 WHERE document_id = old.document_id;
    END;
    CREATE TRIGGER search_annotations_au AFTER UPDATE OF note, comment_id ON annotations BEGIN
        UPDATE search_state SET notes_stale = 1 WHERE document_id = new.document_id;
    END;
    """,  # 4: the sidebar's list read from an index, not from rows that hold each whole text.
    """
    CREATE INDEX documents_summary ON documents(
        id, title, source_path, site, date, comment_count, declared_comment_count
    );
    """,
    # 5: the part, the comment's author and the tags of the passages in a segment become
    # indexed columns of the word index, so in:comments, author:NAME and tag:NAME are
    # answered by the index; a change to an annotation's tags or place marks its document.
    # Everything is indexed again. (Written so that running it twice does no harm.)
    """
    DROP TABLE IF EXISTS search_fts;
    CREATE VIRTUAL TABLE search_fts USING fts5(
        body, part, author, tags, comment_id UNINDEXED, base UNINDEXED, parts UNINDEXED,
        annotation_id UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    UPDATE search_state SET text_hash = NULL, notes_stale = 1;
    DROP TRIGGER IF EXISTS search_annotations_au;
    CREATE TRIGGER search_annotations_au
    AFTER UPDATE OF note, comment_id, span_start, span_end, orphan ON annotations BEGIN
        UPDATE search_state SET notes_stale = 1 WHERE document_id = new.document_id;
    END;
    CREATE TRIGGER IF NOT EXISTS search_annotation_tags_ai AFTER INSERT ON annotation_tags BEGIN
        UPDATE search_state SET notes_stale = 1
        WHERE document_id = (SELECT document_id FROM annotations WHERE id = new.annotation_id);
    END;
    CREATE TRIGGER IF NOT EXISTS search_annotation_tags_ad AFTER DELETE ON annotation_tags BEGIN
        UPDATE search_state SET notes_stale = 1
        WHERE document_id = (SELECT document_id FROM annotations WHERE id = old.annotation_id);
    END;
    """,
    # 6: the user's structure corrections (see corrections_store.py), replayed in
    # ``position`` order over the parse; a change makes the word index read the
    # document again (its comments may have been split, merged or moved).
    """
    CREATE TABLE IF NOT EXISTS corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        offset INTEGER NOT NULL,
        quote TEXT NOT NULL,
        prefix TEXT NOT NULL,
        target INTEGER,
        target_quote TEXT NOT NULL DEFAULT '',
        target_prefix TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS corrections_by_document ON corrections(document_id, position);
    CREATE TRIGGER IF NOT EXISTS search_corrections_ai AFTER INSERT ON corrections BEGIN
        UPDATE search_state SET text_hash = NULL WHERE document_id = new.document_id;
    END;
    CREATE TRIGGER IF NOT EXISTS search_corrections_ad AFTER DELETE ON corrections BEGIN
        UPDATE search_state SET text_hash = NULL WHERE document_id = old.document_id;
    END;
    CREATE TRIGGER IF NOT EXISTS search_corrections_au AFTER UPDATE ON corrections BEGIN
        UPDATE search_state SET text_hash = NULL WHERE document_id = new.document_id;
    END;
    """,
    # 7: the web addresses a saved page declares for itself (canonical, og:url, the
    # browser's saved-from mark; see page_urls.py), recorded at import, so annotations
    # made in a browser (Hypothesis) find their document.
    """
    CREATE TABLE IF NOT EXISTS document_urls (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        PRIMARY KEY (document_id, url)
    );
    """,
    # 8: coders (see coders.py). Each annotation, its note (who last wrote it) and each
    # structure correction records who made it; '' is "not yet assigned": rows written before this
    # migration, which the first coder to open the project claims (``Project.open(coder=)``).
    # ``coders`` lists the project's coders with when each was first seen.
    """
    ALTER TABLE annotations ADD COLUMN coder TEXT NOT NULL DEFAULT '';
    ALTER TABLE annotations ADD COLUMN note_coder TEXT NOT NULL DEFAULT '';
    ALTER TABLE corrections ADD COLUMN coder TEXT NOT NULL DEFAULT '';
    CREATE TABLE IF NOT EXISTS coders (
        name TEXT PRIMARY KEY,
        first_seen TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS annotations_by_coder ON annotations(coder, document_id);
    """,
    # 9 (issue 12): how each document's bytes were decoded: the encoding, whether the
    # user chose it (a later re-import of a changed file keeps it), and the sentence
    # about bytes that could not be read (NULL when all could). Documents imported
    # before have no row.
    """
    CREATE TABLE IF NOT EXISTS document_decoding (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        encoding TEXT NOT NULL,
        chosen INTEGER NOT NULL DEFAULT 0,
        problem TEXT
    );
    """,
    # 10 (issue 16): each annotation's tag ids, in their order, on its own row
    # (``tag_list``, joined by U+001F, see annotations.TAG_SEPARATOR), kept by triggers
    # from ``annotation_tags`` (which stays the truth: the tag filter and the counts query
    # it), so a document's annotations are read with their tags in one query. Filled
    # for the annotations already there. (Running it twice does no harm.)
    """
    ALTER TABLE annotations ADD COLUMN tag_list TEXT NOT NULL DEFAULT '';
    UPDATE annotations SET tag_list = coalesce((
        SELECT group_concat(tag_id, char(31)) FROM (
            SELECT l.tag_id FROM annotation_tags l
            WHERE l.annotation_id = annotations.id ORDER BY l.position)
    ), '');
    CREATE TRIGGER IF NOT EXISTS annotation_tag_list_ai AFTER INSERT ON annotation_tags BEGIN
        UPDATE annotations SET tag_list = coalesce((
            SELECT group_concat(tag_id, char(31)) FROM (
                SELECT l.tag_id FROM annotation_tags l
                WHERE l.annotation_id = new.annotation_id ORDER BY l.position)
        ), '') WHERE id = new.annotation_id;
    END;
    CREATE TRIGGER IF NOT EXISTS annotation_tag_list_ad AFTER DELETE ON annotation_tags BEGIN
        UPDATE annotations SET tag_list = coalesce((
            SELECT group_concat(tag_id, char(31)) FROM (
                SELECT l.tag_id FROM annotation_tags l
                WHERE l.annotation_id = old.annotation_id ORDER BY l.position)
        ), '') WHERE id = old.annotation_id;
    END;
    CREATE TRIGGER IF NOT EXISTS annotation_tag_list_au AFTER UPDATE ON annotation_tags BEGIN
        UPDATE annotations SET tag_list = coalesce((
            SELECT group_concat(tag_id, char(31)) FROM (
                SELECT l.tag_id FROM annotation_tags l
                WHERE l.annotation_id = annotations.id ORDER BY l.position)
        ), '') WHERE id IN (old.annotation_id, new.annotation_id);
    END;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit, see :func:`write`)."""
    if read_only:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    else:
        conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def prepare(conn: sqlite3.Connection) -> None:
    """Settings for a writing connection. WAL with synchronous=NORMAL never corrupts
    the file and never loses a committed write when the program crashes; only a power
    cut can take back the last few commits."""
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One transaction, committed on leaving the block, rolled back on an exception.

    ``BEGIN IMMEDIATE`` takes the write lock up front, so two instances on the same
    file wait for each other (up to the busy timeout) instead of failing halfway."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> None:
    """Apply every migration the file has not had yet, each in its own transaction."""
    with write(conn):
        # Read inside the write lock: another instance may be migrating the same file.
        version = user_version(conn)
        if version == 0:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        for number in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[number]):
                _run(conn, statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")


def _run(conn: sqlite3.Connection, statement: str) -> None:
    """One statement of a migration. SQLite has no ``ADD COLUMN IF NOT EXISTS``: an added
    column that is there already counts as added, so that a migration can run twice
    (a file whose version number was set back) like the ``IF NOT EXISTS`` ones."""
    try:
        conn.execute(statement)
    except sqlite3.OperationalError as error:
        adding = " ADD COLUMN " in " ".join(statement.upper().split())
        if not (adding and str(error).startswith("duplicate column name")):
            raise


def _statements(script: str) -> list[str]:
    """Split a migration into statements (``executescript`` would commit on its own)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements
