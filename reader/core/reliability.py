"""Inter-coder reliability coefficients, on plain Python data (no Qt, no store).

Data for the coefficients of coded units is a sequence of :class:`Rated`: a unit's
weight (how many units it stands for: 1 for a comment, the length of a run of characters
all coded alike) and one value per coder, ``None`` where that coder gave none (missing).
Each function returns None when the coefficient is undefined for the data (too few
units, or no variation to correct for chance).

* :func:`percent_agreement`: the share of agreeing pairs of values within each unit,
  averaged over the units that have two or more values (weighted).
* :func:`cohen_kappa`: Cohen (1960), "A coefficient of agreement for nominal scales",
  Educational and Psychological Measurement 20(1):37-46. Two coders, units both coded:
  ``κ = (p_o − p_e) / (1 − p_e)`` with ``p_e = Σ_k p_A(k) · p_B(k)`` from each coder's own
  marginals.
* :func:`fleiss_kappa`: Fleiss (1971), "Measuring nominal scale agreement among many
  raters", Psychological Bulletin 76(5):378-382. Units coded by all ``m`` coders:
  ``P_i = (Σ_j n_ij² − m) / (m(m − 1))``, ``P̄`` their mean, ``p_j`` the share of all
  values in category j, ``P̄_e = Σ_j p_j²``, ``κ = (P̄ − P̄_e) / (1 − P̄_e)``.
* :func:`krippendorff_alpha`: nominal α with missing values (Krippendorff 2011,
  "Computing Krippendorff's Alpha-Reliability", Annenberg School for Communication,
  section C): the coincidences within each unit of ``m_u ≥ 2`` values,
  ``o_ck = Σ_u (number of c–k pairs in u) / (m_u − 1)``, their marginals ``n_c`` and
  total ``n``; for nominal data ``α = 1 − (n − 1)(n − Σ_c o_cc) / (n² − Σ_c n_c²)``.
  Written here rather than taken from the ``krippendorff`` package: that package needs
  numpy (35 MB in the download) and a row per unit, where a run of characters is one
  weighted unit here.
* :func:`unitizing_alpha`: Krippendorff's |uα for segments of a continuum (Krippendorff
  1995, "On the reliability of unitizing continuous data", Sociological Methodology
  25:47-76; Content Analysis, 2nd ed. 2004, sec. 12.4), for one category, written here
  because no package offers it. Each coder's continuum of length L is cut into sections:
  the coder's segments (units) and the gaps between them. With ``m`` coders::

      D_o = 2 / (m(m − 1) L²) · Σ_{coders i<j} Σ_{sections g of i, h of j that overlap} δ²(g, h)

  where δ²(g, h) is ``(b_g − b_h)² + (e_g − e_h)²`` for two overlapping units, the
  unit's length squared for a unit lying wholly inside the other coder's gap, else 0;
  and, with N the number of units of all coders and l their lengths::

      D_e = (2/L) Σ_units [ (N − 1)(2l³ − 3l² + l)/3 + l² Σ_{gaps G with |G| ≥ l} (|G| − l + 1) ]
            / ( mL(mL − 1) − Σ_units l(l − 1) )

  ``α = 1 − D_o / D_e``. :func:`unitizing_disagreements` gives D_o and D_e so that
  several categories pool into one α (``1 − ΣD_o / ΣD_e``), as the 1995 paper does.

Hand-computed case (the tests check it): two coders, five comments, whether each applied
a tag: A = 1 1 0 0 1, B = 1 0 0 0 1. Four of five agree: 80 %. Cohen:
p_e = .6·.4 + .4·.6 = .48, κ = (.8 − .48)/(1 − .48) = .615. Krippendorff: ten values,
five 1s and five 0s; the coincidences o_10 = o_01 = 1, so D_o = 2/10 and
D_e = 2·5·5/(10·9) = .556, α = 1 − .2/.556 = .640.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import combinations

Value = Hashable


@dataclass(frozen=True, slots=True)
class Rated:
    """One unit: how many units it stands for, and each coder's value (None: missing)."""

    weight: int
    values: tuple[Value | None, ...]


def compress(units: Sequence[Rated]) -> list[Rated]:
    """The same data with units of the same values joined (their weights added): every
    coefficient here is a sum over units, so the figures do not change, and thousands
    of comments coded alike become a handful of patterns."""
    weights: Counter = Counter()
    for u in units:
        weights[u.values] += u.weight
    return [Rated(w, values) for values, w in weights.items()]


def percent_agreement(units: Sequence[Rated]) -> float | None:
    total = agreeing = 0.0
    for u in units:
        present = [v for v in u.values if v is not None]
        if len(present) < 2:
            continue
        pairs = len(present) * (len(present) - 1) / 2
        same = sum(n * (n - 1) / 2 for n in Counter(present).values())
        total += u.weight
        agreeing += u.weight * same / pairs
    return agreeing / total if total else None


def cohen_kappa(units: Sequence[Rated]) -> float | None:
    """Cohen's κ of the first two coders' values (units both coded)."""
    joint: Counter = Counter()
    for u in units:
        a, b = u.values[0], u.values[1]
        if a is not None and b is not None:
            joint[(a, b)] += u.weight
    n = sum(joint.values())
    if not n:
        return None
    first: Counter = Counter()
    second: Counter = Counter()
    for (a, b), w in joint.items():
        first[a] += w
        second[b] += w
    observed = sum(w for (a, b), w in joint.items() if a == b) / n
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def fleiss_kappa(units: Sequence[Rated]) -> float | None:
    """Fleiss' κ over the units every coder coded (it needs the same number of raters
    for each unit)."""
    complete = [u for u in units if u.values and all(v is not None for v in u.values)]
    if not complete:
        return None
    m = len(complete[0].values)
    if m < 2:
        return None
    n = 0
    p_bar = 0.0
    totals: Counter = Counter()
    for u in complete:
        counts = Counter(u.values)
        p_bar += u.weight * (sum(c * c for c in counts.values()) - m) / (m * (m - 1))
        n += u.weight
        for k, c in counts.items():
            totals[k] += u.weight * c
    p_bar /= n
    p_e = sum((c / (n * m)) ** 2 for c in totals.values())
    if p_e >= 1.0:
        return None
    return (p_bar - p_e) / (1.0 - p_e)


def krippendorff_alpha(units: Sequence[Rated]) -> float | None:
    """Nominal α with missing values; a unit of weight w counts as w units."""
    agreeing = 0.0  # Σ_c o_cc: the coincidences of a value with itself
    totals: Counter = Counter()  # n_c: how often each value is pairable
    for u in units:
        values = [v for v in u.values if v is not None]
        m = len(values)
        if m < 2:
            continue  # a value no other coder's value pairs with says nothing
        for value, count in Counter(values).items():
            totals[value] += u.weight * count
            agreeing += u.weight * count * (count - 1) / (m - 1)
    if len(totals) < 2:
        return None  # every value the same: nothing to tell agreement from chance
    n = sum(totals.values())
    return 1.0 - (n - 1) * (n - agreeing) / (n * n - sum(c * c for c in totals.values()))


# ---- unitizing --------------------------------------------------------------------------


Segment = tuple[int, int]


def _sections(length: int, units: Sequence[Segment]) -> list[tuple[int, int, bool]]:
    """(start, end, is_unit) covering [0, length): the units and the gaps between them."""
    out: list[tuple[int, int, bool]] = []
    pos = 0
    for start, end in units:
        if start > pos:
            out.append((pos, start, False))
        out.append((start, end, True))
        pos = end
    if pos < length:
        out.append((pos, length, False))
    return out


def _delta(g: tuple[int, int, bool], h: tuple[int, int, bool]) -> int:
    (bg, eg, ug), (bh, eh, uh) = g, h
    if ug and uh:
        return (bg - bh) ** 2 + (eg - eh) ** 2
    if ug and bh <= bg and eg <= eh:  # g a unit inside h's gap
        return (eg - bg) ** 2
    if uh and bg <= bh and eh <= eg:
        return (eh - bh) ** 2
    return 0


def _pair_disagreement(a: list, b: list) -> int:
    """Σ δ² over the overlapping sections of two coders (both cover the continuum)."""
    total = i = j = 0
    while i < len(a) and j < len(b):
        total += _delta(a[i], b[j])
        a_end, b_end = a[i][1], b[j][1]
        i += a_end <= b_end
        j += b_end <= a_end
    return total


def unitizing_disagreements(
    length: int, coders: Sequence[Sequence[Segment]]
) -> tuple[float, float] | None:
    """(D_o, D_e) of |uα for one category on a continuum [0, length) (see the module's
    docstring); ``coders`` gives each coder's segments of that category, sorted and not
    overlapping one another. None when there are fewer than two coders or no continuum."""
    m, big_l = len(coders), length
    if m < 2 or big_l <= 0:
        return None
    sections = [_sections(big_l, segs) for segs in coders]
    pairs = combinations(range(m), 2)
    observed = sum(_pair_disagreement(sections[i], sections[j]) for i, j in pairs)
    d_o = 2 * observed / (m * (m - 1) * big_l * big_l)
    lengths = [e - s for segs in coders for s, e in segs]
    gaps = sorted(e - s for secs in sections for s, e, unit in secs if not unit)
    # Σ over gaps G with |G| ≥ l of (|G| − l + 1), for each l, from suffix sums.
    suffix = [0] * (len(gaps) + 1)
    for k in range(len(gaps) - 1, -1, -1):
        suffix[k] = suffix[k + 1] + gaps[k]
    n_units = len(lengths)
    numerator = 0.0
    for ln in lengths:
        k = bisect.bisect_left(gaps, ln)
        fits = suffix[k] - (ln - 1) * (len(gaps) - k)
        numerator += (n_units - 1) * (2 * ln**3 - 3 * ln**2 + ln) / 3 + ln * ln * fits
    denominator = m * big_l * (m * big_l - 1) - sum(ln * (ln - 1) for ln in lengths)
    if denominator <= 0:
        return None
    d_e = 2 / big_l * numerator / denominator
    return d_o, d_e


def alpha_of(pooled: Sequence[tuple[float, float]]) -> float | None:
    """α = 1 − ΣD_o / ΣD_e over one or more categories; None when ΣD_e is 0."""
    d_o = sum(p[0] for p in pooled)
    d_e = sum(p[1] for p in pooled)
    return None if d_e <= 0 else 1.0 - d_o / d_e


def unitizing_alpha(length: int, coders: Sequence[Sequence[Segment]]) -> float | None:
    """Krippendorff's |uα for one category (see :func:`unitizing_disagreements`)."""
    found = unitizing_disagreements(length, coders)
    return None if found is None else alpha_of([found])
