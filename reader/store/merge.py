"""Merging another project file into this one: a colleague's coding joins ours, nothing lost.

:func:`merge` reads the other file from a private copy (so it is never migrated or
written to) and adds, in one transaction:

* **documents**, matched by content: the same text (content hash) is the same document
  wherever it was imported from; otherwise the same source path, else the same file name
  (when only one document on each side has it), is a *differing version* of ours, and
  the other project's passages on it are found again in our text with the re-anchoring a
  re-import uses; a document we do not have is copied.
* **the codebook**: a tag is matched by its id, then by its path of names (case
  ignored); one matched by id under another name keeps ours and is reported as renamed;
  others are added (same id, under the matched parent, at the end).
* **annotations** with their ids, times, notes and coders (an annotation the other file
  made before coders were recorded is given the other file's name, e.g. ``ben`` for
  ``ben.reader``); one whose id we have already is left as ours, so merging the same file
  twice adds nothing. One that cannot be placed in our version of its document becomes
  an orphan (kept with its quote) and is listed.
* **structure corrections** we do not have, placed again in a differing version; one
  whose words are gone there is listed, not applied.

The returned :class:`MergeReport` says what happened and is what :func:`unmerge` takes
to take it all back (the window's undo).
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from reader.core import anchoring
from reader.core.corrections import Correction, relocate
from reader.store import annotations, coders, corrections_store
from reader.store.errors import ProjectError
from reader.store.opening import SQLITE_HEADER
from reader.store.records import Annotation, Tag
from reader.store.retrieval import PATH_SEPARATOR, tag_paths
from reader.store.schema import write

Progress = Callable[[int, int], bool]
_DOCUMENT_COLUMNS = (
    "title, text, content_hash, imported_at, parser_version, structure, site, date,"
    " comment_count, declared_comment_count, source_path"
)


class MergeCancelled(ProjectError):
    """The progress callback asked to stop; nothing was merged."""


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What a merge did. Titles and names are for the summary; the ``added_*`` ids are
    what :func:`unmerge` removes."""

    source: str
    documents_matched: tuple[str, ...] = ()
    documents_reanchored: tuple[str, ...] = ()
    documents_added: tuple[str, ...] = ()
    tags_matched: tuple[str, ...] = ()
    tags_renamed: tuple[tuple[str, str], ...] = ()  # (their name, ours)
    tags_added: tuple[str, ...] = ()
    annotations_added: int = 0
    annotations_present: int = 0
    orphans: tuple[str, ...] = ()  # "title: “quote”" of each passage not placed
    corrections_added: int = 0
    corrections_not_placed: tuple[str, ...] = ()
    coders: tuple[str, ...] = ()
    added_document_ids: tuple[int, ...] = field(default=(), repr=False)
    added_tag_ids: tuple[str, ...] = field(default=(), repr=False)
    added_annotation_ids: tuple[str, ...] = field(default=(), repr=False)
    added_correction_ids: tuple[int, ...] = field(default=(), repr=False)
    touched_document_ids: tuple[int, ...] = field(default=(), repr=False)

    def summary(self) -> list[str]:
        """Lines for a person: what was matched, renamed, added and left as orphans."""
        lines = [
            f"Merged {self.source}: {self.annotations_added} annotations added"
            f" ({self.annotations_present} already here)"
            + (f" by {', '.join(self.coders)}" if self.coders else "")
            + ".",
            f"Documents: {len(self.documents_matched)} the same, "
            f"{len(self.documents_reanchored)} another version (passages found again), "
            f"{len(self.documents_added)} added.",
            f"Codebook: {len(self.tags_matched)} tags matched, {len(self.tags_renamed)} "
            f"named differently (ours kept), {len(self.tags_added)} added.",
        ]
        lines += [f"  tag “{theirs}” is “{ours}” here" for theirs, ours in self.tags_renamed]
        lines += [f"  tag added: {name}" for name in self.tags_added]
        lines += [f"  document added: {title}" for title in self.documents_added]
        if self.corrections_added:
            lines.append(f"Structure corrections added: {self.corrections_added}.")
        if self.orphans:
            lines.append(
                f"{len(self.orphans)} passages could not be found in this project's version "
                "of their document; they are kept as orphans:"
            )
            lines += [f"  {o}" for o in self.orphans]
        if self.corrections_not_placed:
            lines.append("Structure corrections whose words are not in this version:")
            lines += [f"  {c}" for c in self.corrections_not_placed]
        return lines


def _copy_of(path: Path, folder: Path) -> Path:
    """A private copy of the project at ``path`` (SQLite's backup: consistent even if
    another Reader is writing it)."""
    path = Path(path)
    if not path.is_file():
        raise ProjectError(f"There is no project at {path}.")
    with path.open("rb") as f:
        if f.read(16) != SQLITE_HEADER:
            raise ProjectError(f"{path.name} is not a Reader project.")
    copy = folder / "other.reader"
    try:
        src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        dst = sqlite3.connect(copy)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
    except sqlite3.Error as error:
        raise ProjectError(f"{path.name} cannot be read ({error}).") from error
    return copy


def merge(
    conn: sqlite3.Connection, into, path: Path, *, progress: Progress | None = None
) -> MergeReport:
    """Merge the project file at ``path`` into the open project ``into`` (its connection
    ``conn``; see the module's notes). Raises ``ProjectError`` for a file that cannot be
    read, ``MergeCancelled``."""
    from reader.store.project import Project

    path = Path(path)
    if path.resolve() == Path(into.path).resolve():
        raise ProjectError("A project cannot be merged into itself.")
    with tempfile.TemporaryDirectory(prefix="reader-merge-") as folder:
        copy = _copy_of(path, Path(folder))
        with Project.open(copy, backup_dir=Path(folder) / "backups") as other:
            theirs = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
            try:
                return _merge(conn, into, other, theirs, path.stem, path.name, progress)
            finally:
                theirs.close()


def merge_project(conn: sqlite3.Connection, into, other, shown: str) -> MergeReport:
    """Merge the open project ``other`` (a shared project, for ``reader shared pull``) into
    ``into`` (its connection ``conn``), as :func:`merge` merges a file; ``other`` is only
    read."""
    return _merge(conn, into, other, other._conn, "", shown, None)


def _merge(
    conn: sqlite3.Connection,
    into,
    other,
    theirs_conn: sqlite3.Connection,
    stem: str,
    shown: str,
    progress: Progress | None,
) -> MergeReport:
    report: dict = {"source": shown}
    with write(conn):
        tag_map = _merge_tags(conn, into.tags(), other.tags(), report)
        ours = conn.execute("SELECT id, content_hash, source_path FROM documents").fetchall()
        by_hash = {h: i for i, h, _p in reversed(ours)}
        by_path = {p: i for i, _h, p in ours}
        names: dict[str, list[int]] = {}
        for i, _h, p in ours:
            names.setdefault(PurePath(p).name, []).append(i)
        their_docs = theirs_conn.execute(
            "SELECT id, content_hash, source_path, title FROM documents ORDER BY id"
        ).fetchall()
        their_names: dict[str, int] = {}
        for _i, _h, p, _t in their_docs:
            their_names[PurePath(p).name] = their_names.get(PurePath(p).name, 0) + 1
        present = {r[0] for r in conn.execute("SELECT id FROM annotations")}
        their_annotations: dict[int, list[Annotation]] = {}
        for a in other.annotations():
            their_annotations.setdefault(a.document_id, []).append(a)
        lists = {k: [] for k in ("matched", "reanchored", "added", "orphans", "not_placed",
                                 "doc_ids", "ann_ids", "corr_ids", "touched")}  # fmt: skip
        present_count = 0
        coders_seen: set[str] = set()
        for done, (their_id, digest, source, title) in enumerate(their_docs):
            if progress is not None and progress(done, len(their_docs)) is False:
                raise MergeCancelled("The merge was cancelled; nothing was merged.")
            name = PurePath(source).name
            same = digest in by_hash
            if same:
                doc_id = by_hash[digest]
                lists["matched"].append(title)
            elif source in by_path or (len(names.get(name, [])) == 1 and their_names[name] == 1):
                doc_id = by_path.get(source) or names[name][0]
                lists["reanchored"].append(title)
            else:
                doc_id = _copy_document(conn, theirs_conn, their_id)
                lists["added"].append(title)
                lists["doc_ids"].append(doc_id)
                same = True
                by_hash[digest] = doc_id
            parsed = into.parsed(doc_id)
            corr_ids, not_placed = _merge_corrections(
                conn, doc_id, other.corrections(their_id), parsed, same, stem
            )
            lists["corr_ids"] += corr_ids
            lists["not_placed"] += [f"{title}: “{q}”" for q in not_placed]
            doc = corrections_store.corrected(conn, doc_id, parsed)
            todo = []
            for a in their_annotations.get(their_id, []):
                if a.id in present:
                    present_count += 1
                    continue
                todo.append(a)
            placed = _place(doc, todo, same)
            for a, where in zip(todo, placed, strict=True):
                tags = tuple(dict.fromkeys(tag_map[t] for t in a.tags if t in tag_map))
                coder = a.coder or coders.tidy(stem)
                if where is None:
                    record = Annotation(
                        a.id, doc_id, a.start, a.end, a.exact, a.prefix, a.suffix, None, a.note,
                        a.created, a.modified, True, tags, coder, a.note_coder or coder,
                    )  # fmt: skip
                    lists["orphans"].append(f"{title}: “{_short(a.exact)}”")
                else:
                    q = where.quote
                    record = Annotation(
                        a.id, doc_id, where.start, where.end, q.exact, q.prefix, q.suffix,
                        where.comment_id, a.note, a.created, a.modified, False, tags, coder,
                        a.note_coder or coder,
                    )  # fmt: skip
                annotations.insert(conn, record)
                present.add(a.id)
                lists["ann_ids"].append(a.id)
                coders_seen.add(coder)
            if todo or corr_ids:
                corrections_store.follow(conn, doc_id, doc)
                lists["touched"].append(doc_id)
        if progress is not None:
            progress(len(their_docs), len(their_docs))
    return MergeReport(
        shown, tuple(lists["matched"]), tuple(lists["reanchored"]), tuple(lists["added"]),
        tuple(report["tags_matched"]), tuple(report["tags_renamed"]),
        tuple(report["tags_added"]), len(lists["ann_ids"]), present_count,
        tuple(lists["orphans"]), len(lists["corr_ids"]), tuple(lists["not_placed"]),
        tuple(sorted(coders_seen, key=str.casefold)), tuple(lists["doc_ids"]),
        tuple(report["tag_ids"]), tuple(lists["ann_ids"]), tuple(lists["corr_ids"]),
        tuple(lists["touched"]),
    )  # fmt: skip


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _place(doc, todo: list[Annotation], same: bool) -> list[anchoring.Anchor | None]:
    """Each annotation's anchor in ``doc``, or None where it cannot be found. Same text:
    its offsets hold (an orphan stays one); another version: found as a re-import would."""
    out: list[anchoring.Anchor | None] = [None] * len(todo)
    spans: list[tuple[int, int]] = []
    slots: list[int] = []
    search: list[int] = []
    for i, a in enumerate(todo):
        if a.orphan:
            search.append(i)  # its last place may not hold: look for its quote
        elif same and doc.text[a.start : a.end] == a.exact:
            spans.append((a.start, a.end))
            slots.append(i)
        else:
            search.append(i)
    if search:
        found = anchoring.reanchor([annotations.anchor_of(todo[i]) for i in search], doc)
        for i, place in zip(search, found, strict=True):
            if place is not None:
                spans.append((place.start, place.end))
                slots.append(i)
    for i, anchor in zip(slots, anchoring.make_anchors(doc, spans), strict=True):
        out[i] = anchor
    return out


def _copy_document(conn: sqlite3.Connection, theirs: sqlite3.Connection, their_id: int) -> int:
    row = theirs.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (their_id,))
    values = row.fetchone()
    cur = conn.execute(
        f"INSERT INTO documents ({_DOCUMENT_COLUMNS}) VALUES ({', '.join('?' * len(values))})",
        values,
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def _key(c: Correction) -> tuple:
    return (c.kind, c.offset, c.quote, c.target)


def _merge_corrections(conn, doc_id, theirs, parsed, same: bool, stem: str):
    """Append the other project's corrections this document lacks; returns the new row
    ids and the quotes of those that could not be placed in this version."""
    if not theirs:
        return [], []
    wanted = [r.correction for r in theirs]
    placed = wanted if same else relocate(wanted, parsed)
    ours = {_key(r.correction) for r in corrections_store.of_document(conn, doc_id)}
    position = conn.execute(
        "SELECT coalesce(max(position) + 1, 0) FROM corrections WHERE document_id = ?",
        (doc_id,),
    ).fetchone()[0]
    added, lost = [], []
    for record, c in zip(theirs, placed, strict=True):
        if c is None:
            lost.append(_short(record.correction.quote))
            continue
        if _key(c) in ours:
            continue
        cur = conn.execute(
            "INSERT INTO corrections (document_id, position, kind, offset, quote, prefix,"
            " target, target_quote, target_prefix, created, coder)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, position, str(c.kind), c.offset, c.quote, c.prefix, c.target,
             c.target_quote, c.target_prefix, record.created, record.coder or coders.tidy(stem)),
        )  # fmt: skip
        coders.register(conn, record.coder or coders.tidy(stem), record.created)
        ours.add(_key(c))
        position += 1
        added.append(cur.lastrowid)
    return added, lost


def _merge_tags(conn, ours: list[Tag], theirs: list[Tag], report: dict) -> dict[str, str]:
    """Their tag ids mapped to ours (matched or added); fills the report's tag lists."""
    our_ids = {t.id: t for t in ours}
    our_paths = {p.casefold(): i for i, p in tag_paths(ours).items()}
    their_paths = tag_paths(theirs)
    mapping: dict[str, str] = {}
    matched, renamed, added, ids = [], [], [], []
    for t in theirs:  # parents before children
        if t.id in our_ids:
            mapping[t.id] = t.id
            if our_ids[t.id].name != t.name:
                renamed.append((their_paths[t.id], tag_paths(ours)[t.id]))
            else:
                matched.append(their_paths[t.id])
            continue
        parent = mapping.get(t.parent) if t.parent else None
        # Under a parent matched to ours, the path to look for is ours.
        path = their_paths[t.id]
        if parent is not None:
            path = tag_paths(list(our_ids.values()))[parent] + PATH_SEPARATOR + t.name
        found = our_paths.get(path.casefold())
        if found is not None:
            mapping[t.id] = found
            matched.append(path)
            continue
        position = conn.execute(
            "SELECT count(*) FROM tags WHERE parent IS ?", (parent,)
        ).fetchone()[0]
        tag = Tag(t.id, t.name, t.colour, t.description, parent, position)
        conn.execute(
            "INSERT INTO tags (id, name, colour, description, parent, position)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (tag.id, tag.name, tag.colour, tag.description, tag.parent, tag.position),
        )
        our_ids[tag.id] = tag
        our_paths[path.casefold()] = tag.id
        mapping[t.id] = tag.id
        added.append(path)
        ids.append(tag.id)
    report.update(tags_matched=matched, tags_renamed=renamed, tags_added=added, tag_ids=ids)
    return mapping


def unmerge(conn: sqlite3.Connection, into, record: MergeReport) -> None:
    """Take back what :func:`merge` added (the window's undo), in one transaction."""
    with write(conn):
        ids = list(record.added_annotation_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            conn.execute(f"DELETE FROM annotations WHERE id IN ({','.join('?' * len(chunk))})",
                         chunk)  # fmt: skip
        conn.executemany(
            "DELETE FROM corrections WHERE id = ?", [(i,) for i in record.added_correction_ids]
        )
        conn.executemany(
            "DELETE FROM tags WHERE id = ?", [(t,) for t in reversed(record.added_tag_ids)]
        )
        conn.executemany(
            "DELETE FROM documents WHERE id = ?", [(d,) for d in record.added_document_ids]
        )
        gone = set(record.added_document_ids)
        for doc_id in record.touched_document_ids:
            if doc_id not in gone:
                parsed = into.parsed(doc_id)
                corrections_store.follow(
                    conn, doc_id, corrections_store.corrected(conn, doc_id, parsed)
                )
