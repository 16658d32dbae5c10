"""Agreement between coders on a project's coding: per tag and overall, and where they differ.

Input is plain data: each coder's :class:`Coding` (a tag applied to a span of a document,
in code points), each document's length, and for natural units each document's
:class:`Part` list (its comments and article paragraphs). :func:`measure` gives a
:class:`Report`. The coefficients are in ``reader.core.reliability``.

Which documents count: a coder *coded* a document when they made at least one coding in
it. A coder who did not code a document has no values there (missing), rather than
"did not apply any tag", so a colleague who coded only half the corpus is compared on
that half.

Two views of the unit:

``character``
    Every code point of a document is a unit, per tag: did the coder's passages with
    that tag cover it. Percent agreement and Cohen's and Fleiss' κ count characters (as
    QualCoder and ATLAS.ti's character-based figures do); α is Krippendorff's unitizing
    |uα, which weighs how far segments are off rather than counting characters. Only the
    documents every chosen coder coded enter (|uα and Fleiss need each unit seen by all);
    their texts are laid end to end as one continuum.
``comment`` / ``paragraph`` (natural units)
    Each comment (``comment``) or each comment *and* each article paragraph
    (``paragraph``) is a unit, per tag: did the coder apply the tag anywhere in it.
    α is nominal Krippendorff's α with missing values; Fleiss' κ uses the units all
    coders coded, Cohen's κ the first two coders.

"Overall" pools every tag's units (a unit × tag pair is one decision; for |uα the tags'
disagreements are summed). A :class:`Disagreement` is a place where the coders' values
differ: a run of characters coded alike by each, or a natural unit, with who applied
the tag and who did not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reader.core import reliability
from reader.core.reliability import Rated

UNITS = ("character", "comment", "paragraph")


@dataclass(frozen=True, slots=True)
class Coding:
    coder: str
    document: int
    tag: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Part:
    """A natural unit: a comment or an article paragraph, ``label`` as users read it."""

    document: int
    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Figures:
    """The coefficients for one tag (``tag`` None: all tags pooled). ``units`` counts
    what was compared (characters, or comments and paragraphs, times tags when pooled);
    a coefficient is None when the data leave it undefined."""

    tag: str | None
    units: int
    percent: float | None
    cohen: float | None
    fleiss: float | None
    alpha: float | None


@dataclass(frozen=True, slots=True)
class Disagreement:
    document: int
    tag: str
    start: int
    end: int
    where: str  # "comment 2.1", "paragraph 3", or "" for a run of characters
    applied_by: tuple[str, ...]
    not_applied_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Report:
    unit: str
    coders: tuple[str, ...]
    documents: tuple[int, ...]  # the documents compared
    overall: Figures
    tags: tuple[Figures, ...]
    disagreements: tuple[Disagreement, ...]


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping ones joined (touching ones stay two segments)."""
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def _coded_documents(codings: Iterable[Coding]) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for c in codings:
        found.setdefault(c.coder, set()).add(c.document)
    return found


def measure(
    codings: Sequence[Coding],
    lengths: Mapping[int, int],
    *,
    unit: str = "character",
    parts: Mapping[int, Sequence[Part]] | None = None,
    coders: Sequence[str] | None = None,
    tags: Sequence[str] | None = None,
) -> Report:
    """The agreement of ``coders`` (default: all who coded, by name) on ``tags``
    (default: every tag applied), in the ``unit`` view. ``lengths`` gives each
    document's length; ``parts`` the natural units (needed for comment/paragraph)."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    who = tuple(coders) if coders else tuple(sorted({c.coder for c in codings}, key=str.casefold))
    chosen = set(who)
    wanted = None if tags is None else set(tags)
    mine = [c for c in codings if c.coder in chosen and (wanted is None or c.tag in wanted)]
    coded = _coded_documents(c for c in codings if c.coder in chosen)
    tag_list = list(tags) if tags is not None else sorted({c.tag for c in mine})
    if unit == "character":
        docs = sorted(set.intersection(*(coded.get(w, set()) for w in who)) if who else set())
        return _characters(mine, lengths, who, docs, tag_list)
    docs = sorted(d for d in lengths if sum(d in coded.get(w, set()) for w in who) >= 2)
    keep = (lambda p: True) if unit == "paragraph" else (lambda p: p.label.startswith("comment"))
    units = {d: [p for p in (parts or {}).get(d, ()) if keep(p)] for d in docs}
    return _natural(mine, units, coded, who, docs, tag_list, unit)


def _figures(tag: str | None, rated: Sequence[Rated], alpha: float | None) -> Figures:
    rated = reliability.compress(rated)
    n = sum(r.weight for r in rated if sum(v is not None for v in r.values) >= 2)
    return Figures(
        tag, n, reliability.percent_agreement(rated), reliability.cohen_kappa(rated)
        if len(rated) and len(rated[0].values) >= 2 else None,
        reliability.fleiss_kappa(rated), alpha,
    )  # fmt: skip


def _characters(
    codings: Sequence[Coding],
    lengths: Mapping[int, int],
    who: tuple[str, ...],
    docs: list[int],
    tag_list: list[str],
) -> Report:
    index = {w: i for i, w in enumerate(who)}
    spans: dict[tuple[str, int, int], list[tuple[int, int]]] = {}
    for c in codings:
        if c.document in lengths and c.end > c.start:
            spans.setdefault((c.tag, c.document, index[c.coder]), []).append((c.start, c.end))
    offsets, total = {}, 0
    for d in docs:
        offsets[d] = total
        total += lengths[d]
    per_tag: list[Figures] = []
    pooled_rated: list[Rated] = []
    pooled_d: list[tuple[float, float]] = []
    places: list[Disagreement] = []
    for tag in tag_list:
        rated: list[Rated] = []
        continuum: list[list[tuple[int, int]]] = [[] for _ in who]
        for d in docs:
            per_coder = [_merged(spans.get((tag, d, i), ())) for i in range(len(who))]
            for i, segs in enumerate(per_coder):
                continuum[i] += [(s + offsets[d], e + offsets[d]) for s, e in segs]
            cuts = sorted({0, lengths[d], *(x for segs in per_coder for s in segs for x in s)})
            pointers = [0] * len(who)
            for a, b in zip(cuts, cuts[1:], strict=False):
                values = []
                for i, segs in enumerate(per_coder):
                    while pointers[i] < len(segs) and segs[pointers[i]][1] <= a:
                        pointers[i] += 1
                    inside = pointers[i] < len(segs) and segs[pointers[i]][0] <= a
                    values.append(1 if inside else 0)
                rated.append(Rated(b - a, tuple(values)))
                if len(set(values)) > 1:
                    yes = tuple(w for w, v in zip(who, values, strict=True) if v)
                    no = tuple(w for w, v in zip(who, values, strict=True) if not v)
                    places.append(Disagreement(d, tag, a, b, "", yes, no))
        found = reliability.unitizing_disagreements(total, continuum) if docs else None
        if found is not None:
            pooled_d.append(found)
        alpha = None if found is None else reliability.alpha_of([found])
        per_tag.append(_figures(tag, rated, alpha))
        pooled_rated += rated
    overall = _figures(None, pooled_rated, reliability.alpha_of(pooled_d) if pooled_d else None)
    return Report("character", who, tuple(docs), overall, tuple(per_tag), tuple(places))


def _natural(
    codings: Sequence[Coding],
    units: Mapping[int, Sequence[Part]],
    coded: Mapping[str, set[int]],
    who: tuple[str, ...],
    docs: list[int],
    tag_list: list[str],
    unit: str,
) -> Report:
    import bisect

    index = {w: i for i, w in enumerate(who)}
    # applied[(tag, doc)] = set of (part index, coder index)
    applied: dict[tuple[str, int], set[tuple[int, int]]] = {}
    starts = {d: [p.start for p in sorted(units[d], key=lambda p: p.start)] for d in docs}
    ordered = {d: sorted(units[d], key=lambda p: p.start) for d in docs}
    for c in codings:
        if c.document not in ordered:
            continue
        parts = ordered[c.document]
        k = max(0, bisect.bisect_right(starts[c.document], c.start) - 1)
        while k < len(parts) and parts[k].start < c.end:
            if parts[k].end > c.start:
                applied.setdefault((c.tag, c.document), set()).add((k, index[c.coder]))
            k += 1
    per_tag: list[Figures] = []
    pooled: list[Rated] = []
    places: list[Disagreement] = []
    for tag in tag_list:
        rated: list[Rated] = []
        for d in docs:
            present = [d in coded.get(w, set()) for w in who]
            # The parts nobody tagged share one pattern: counted, not listed one by one.
            by_part: dict[int, set[int]] = {}
            for k, i in applied.get((tag, d), ()):
                by_part.setdefault(k, set()).add(i)
            untouched = len(ordered[d]) - len(by_part)
            if untouched:
                rated.append(Rated(untouched, tuple(0 if p else None for p in present)))
            for k in sorted(by_part):
                part, hit = ordered[d][k], by_part[k]
                values = tuple(
                    (1 if i in hit else 0) if present[i] else None for i in range(len(who))
                )
                rated.append(Rated(1, values))
                if 0 in values:
                    yes = tuple(w for w, v in zip(who, values, strict=True) if v == 1)
                    no = tuple(w for w, v in zip(who, values, strict=True) if v == 0)
                    places.append(Disagreement(d, tag, part.start, part.end, part.label, yes, no))
        rated = reliability.compress(rated)
        per_tag.append(_figures(tag, rated, reliability.krippendorff_alpha(rated)))
        pooled += rated
    pooled = reliability.compress(pooled)
    overall = _figures(None, pooled, reliability.krippendorff_alpha(pooled))
    return Report(unit, who, tuple(docs), overall, tuple(per_tag), tuple(places))
