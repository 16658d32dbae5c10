"""The search query language: reading a query, and editing its filters as text.

Words (all must occur), ``"a phrase"``, ``prefix*``, ``AND``, ``OR``, ``NOT`` or ``-word``,
brackets; filters ``in:article``, ``in:comments``, ``in:notes`` (several: any of them),
``tag:NAME`` or ``tag:"two words"`` (several: all of them), ``author:NAME`` (any of them),
``coder:NAME`` (passages that coder made, and their notes; any of them),
``meta:VALUE`` or ``meta:NAME=VALUE`` or ``meta:"NAME=TWO WORDS"`` (documents whose
properties, as ``core.properties.described`` lists them, hold that value: an outlet, a
QDA variable, a capture URL; several: all of them).
:func:`parse_query` turns a query into a :class:`Query` or raises :class:`QueryError` with
a sentence for the user; :meth:`Query.fts` is the FTS5 expression the store matches (every
word quoted, so no FTS5 syntax gets through). ``query_parts``/``query_tag``/``with_parts``
/``with_tag`` read and rewrite a query's filters as the user typed them (the search pane's
toggles), tolerating a query that is still being typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

PARTS = ("article", "comment", "note")


class QueryError(ValueError):
    """A query that cannot be read; the message says why, for the user."""


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    prefix: bool = False
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


Node = Term | And | Or | Not


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: the words to match and the filters."""

    expression: Node | None  # None: filters alone (the passages a tag: or coder: names)
    parts: frozenset[str] = frozenset()  # empty: every part
    tags: tuple[str, ...] = ()  # tag names, each must hold
    authors: tuple[str, ...] = ()  # any of them
    coders: tuple[str, ...] = ()  # any of them (names as stored, compared ignoring case)
    # (property name or None for any, value held), each must hold
    meta: tuple[tuple[str | None, str], ...] = ()

    def fts(self) -> str:
        """The FTS5 MATCH expression (every word quoted: no FTS5 syntax gets through);
        "" for a query of filters alone."""
        return _compile(self.expression) if self.expression is not None else ""

    def passages_only(self) -> bool:
        """Filters alone, naming passages (``tag:blame``): the hits are those passages."""
        return self.expression is None


_IN = {
    "article": "article",
    "articles": "article",
    "comment": "comment",
    "comments": "comment",
    "note": "note",
    "notes": "note",
}


_FILTERS = ("in", "tag", "author", "coder", "meta")


_OPERATORS = ("AND", "OR", "NOT")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # 'term', 'op', '(', ')', '-', 'filter'
    value: str = ""
    prefix: bool = False
    phrase: bool = False
    key: str = ""


def _quoted(query: str, i: int) -> tuple[str, int]:
    """The text of the quotation starting at ``query[i] == '"'`` and the index after it."""
    close = query.find('"', i + 1)
    if close < 0:
        raise QueryError(
            f'A quotation mark is not closed: {query[i:][:30]!r}. Put a second " after the phrase.'
        )
    return query[i + 1 : close], close + 1


def _tokens(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append(_Token(ch))
            i += 1
        elif ch == '"':
            text, i = _quoted(query, i)
            prefix = i < n and query[i] == "*"
            i += prefix
            tokens.append(_Token("term", text, prefix=prefix, phrase=True))
        elif ch == "-" and i + 1 < n and (query[i + 1] in '("' or query[i + 1].isalnum()):
            tokens.append(_Token("-"))
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '()"':
                j += 1
            word = query[i:j]
            key, colon, value = word.partition(":")
            if colon and key.lower() in _FILTERS:
                if not value and j < n and query[j] == '"':
                    value, j = _quoted(query, j)
                if not value.strip():
                    raise QueryError(f"'{key}:' needs something after it, as in 'tag:casualty'.")
                tokens.append(_Token("filter", value.strip(), key=key.lower()))
            elif word in _OPERATORS:
                tokens.append(_Token("op", word))
            else:
                prefix = word.endswith("*")
                text = word.rstrip("*")
                if not text:
                    raise QueryError("'*' goes after the beginning of a word, as in 'negotiat*'.")
                tokens.append(_Token("term", text, prefix=prefix))
            i = j
    return tokens


class _Parser:
    """or := and (OR and)* ; and := unary ((AND)? unary)* ; unary := (NOT|-) unary | primary"""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def parse(self) -> Node:
        node = self.or_expr()
        token = self.peek()
        if token is not None:
            if token.kind == ")":
                raise QueryError("A closing bracket ')' has no opening one.")
            raise QueryError(f"Reader could not read the query near {token.value!r}.")
        return node

    def or_expr(self) -> Node:
        children = [self.and_expr("OR")]
        while (t := self.peek()) is not None and t.kind == "op" and t.value == "OR":
            self.take()
            children.append(self.and_expr("OR"))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self, after: str | None) -> Node:
        children = [self.unary(after)]
        while (
            (t := self.peek()) is not None
            and t.kind != ")"
            and not (t.kind == "op" and t.value == "OR")
        ):
            if t.kind == "op" and t.value == "AND":
                self.take()
                children.append(self.unary("AND"))
            else:
                children.append(self.unary(None))
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self, after: str | None) -> Node:
        t = self.peek()
        if t is not None and (t.kind == "-" or (t.kind == "op" and t.value == "NOT")):
            self.take()
            return Not(self.unary("NOT"))
        return self.primary(after)

    def primary(self, after: str | None) -> Node:
        t = self.peek()
        if t is None or t.kind == ")" or t.kind == "op":
            if t is not None and t.kind == "op":
                after = t.value
            if after:
                example = f"drones {after} artillery"
                raise QueryError(f"'{after}' needs words on both sides, as in '{example}'.")
            if t is not None:
                raise QueryError("There is nothing between the brackets.")
            raise QueryError("Type words to search for.")
        self.take()
        if t.kind == "(":
            if (n := self.peek()) is not None and n.kind == ")":
                raise QueryError("There is nothing between the brackets.")
            node = self.or_expr()
            close = self.peek()
            if close is None or close.kind != ")":
                raise QueryError("A bracket '(' is not closed.")
            self.take()
            return node
        if not any(ch.isalnum() for ch in t.value):
            raise QueryError(f"{t.value!r} has no letters or digits to search for.")
        return Term(unicodedata.normalize("NFC", t.value), t.prefix, t.phrase)


def parse_query(query: str) -> Query:
    """Read a query; :class:`QueryError` says what is wrong with one that cannot be read."""
    tokens = _tokens(query)
    parts: set[str] = set()
    tags: list[str] = []
    authors: list[str] = []
    coders: list[str] = []
    meta: list[tuple[str | None, str]] = []
    words: list[_Token] = []
    after_filter = False
    for t in tokens:
        if t.kind != "filter":
            joins_filter = t.kind == "op" and t.value == "AND" and after_filter
            if not (joins_filter and (not words or words[-1].kind in ("(", "op", "-"))):
                words.append(t)  # ("in:comments AND word": the AND joins the filter)
            after_filter = False
            continue
        after_filter = True
        if words and words[-1].kind == "op" and words[-1].value == "AND":
            words.pop()  # "word AND in:comments": a filter needs no AND before it
        if t.key == "in":
            part = _IN.get(t.value.lower())
            if part is None:
                raise QueryError(
                    f"'in:{t.value}' is not a part of a document: use in:article, "
                    "in:comments or in:notes."
                )
            parts.add(part)
        elif t.key == "tag":
            tags.append(t.value)
        elif t.key == "coder":
            coders.append(" ".join(t.value.split()))
        elif t.key == "meta":
            meta.append(_meta_filter(t.value))
        else:
            authors.append(t.value)
    if not words:
        if tags or coders:  # the passages with that tag (or that coder made)
            if authors:
                raise QueryError("'author:' needs words to find in the comments.")
            return Query(None, frozenset(parts), tuple(tags), (), tuple(coders), tuple(meta))
        raise QueryError(
            "Type words to search for (filters alone find nothing, except tag: and coder:, "
            "which list their passages)."
        )
    expression = _Parser(words).parse()
    _compile(expression)  # report a NOT with nothing to leave it out of now
    return Query(
        expression, frozenset(parts), tuple(tags), tuple(authors), tuple(coders), tuple(meta)
    )


def _meta_filter(value: str) -> tuple[str | None, str]:
    """``NAME=VALUE`` as (NAME, VALUE); a value alone as (None, VALUE)."""
    name, equals, wanted = value.partition("=")
    if not equals:
        return None, value
    if not wanted.strip():
        raise QueryError(f"'meta:{value}' needs a value after '=', as in 'meta:Outlet=Times'.")
    return (name.strip() or None), wanted.strip()


def _compile(node: Node) -> str:
    if isinstance(node, Term):
        text = '"' + node.text.replace('"', '""') + '"'
        return text + " *" if node.prefix else text
    if isinstance(node, Or):
        if any(isinstance(c, Not) for c in node.children):
            raise QueryError("'NOT' cannot stand alone beside 'OR': write 'a OR b NOT c'.")
        return "(" + " OR ".join(_compile(c) for c in node.children) + ")"
    if isinstance(node, And):
        keep = [_compile(c) for c in node.children if not isinstance(c, Not)]
        drop = [_compile(c.child) for c in node.children if isinstance(c, Not)]
        if not keep:
            raise QueryError("A search needs words to find, not only words to leave out.")
        text = "(" + " AND ".join(keep) + ")"
        for d in drop:
            text = f"({text} NOT {d})"
        return text
    raise QueryError("A search needs words to find, not only words to leave out.")


# ---- the filters as typed (the search pane edits them) ------------------------------


PART_WORDS = {"article": "article", "comment": "comments", "note": "notes"}


_TOKEN = re.compile(r'(?:[^\s"]+|"[^"]*"?)+')


def _raw_tokens(query: str) -> list[str]:
    """The query cut at white space outside quotation marks, each piece as typed."""
    return _TOKEN.findall(query)


def _filter(token: str) -> tuple[str, str] | None:
    """(key, value) of a filter token (``in:comments``, ``tag:"a b"``), else None."""
    key, colon, value = token.partition(":")
    if not colon or key.lower() not in ("in", "tag", "author"):
        return None
    return key.lower(), value.strip('"')


def query_parts(query: str) -> set[str]:
    """The parts ('article', 'comment', 'note') the query's ``in:`` filters name."""
    found = set()
    for token in _raw_tokens(query):
        f = _filter(token)
        if f and f[0] == "in" and f[1].lower() in _IN:
            found.add(_IN[f[1].lower()])
    return found


def query_tag(query: str) -> str | None:
    """The tag name of the query's first ``tag:`` filter."""
    for token in _raw_tokens(query):
        f = _filter(token)
        if f and f[0] == "tag" and f[1]:
            return f[1]
    return None


def with_parts(query: str, parts: Iterable[str]) -> str:
    """The query with its ``in:`` filters replaced by ``parts`` (none or all: no filter)."""
    kept = []
    for token in _raw_tokens(query):
        f = _filter(token)
        if f and f[0] == "in" and f[1].lower() in _IN:
            continue
        kept.append(token)
    chosen = [p for p in PARTS if p in set(parts)]
    if chosen and len(chosen) < len(PARTS):
        kept += [f"in:{PART_WORDS[p]}" for p in chosen]
    return " ".join(kept)


def with_tag(query: str, name: str | None) -> str:
    """The query with its ``tag:`` filters replaced by one for ``name`` (None: none)."""
    kept = [t for t in _raw_tokens(query) if not ((f := _filter(t)) and f[0] == "tag")]
    if name:
        kept.append(f'tag:"{name}"' if re.search(r'[\s()"]', name) else f"tag:{name}")
    return " ".join(kept)
