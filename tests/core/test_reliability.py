"""The coefficients against published numbers: Cohen (1960), Fleiss (1971), Krippendorff
(2011, nominal and with missing values; 1995, unitizing) and a case worked by hand."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core import reliability as r
from reader.core.agreement import Coding, Part, measure
from reader.core.reliability import Rated


def _units(*rows):
    """Rated units from one row per coder (None: missing)."""
    return [Rated(1, values) for values in zip(*rows, strict=True)]


def test_hand_computed_case():
    """A = 1 1 0 0 1, B = 1 0 0 0 1 (see reliability's docstring): 80 % agreement,
    κ = (.8 − .48) / .52 = .6154, α = 1 − .2 / (50/90) = .64."""
    units = _units((1, 1, 0, 0, 1), (1, 0, 0, 0, 1))
    assert r.percent_agreement(units) == pytest.approx(0.8)
    assert r.cohen_kappa(units) == pytest.approx(0.32 / 0.52)
    assert r.krippendorff_alpha(units) == pytest.approx(0.64)
    # Fleiss' κ for two coders is Scott's π: p_e = .5² + .5² = .5, κ = (.8 − .5)/.5 = .6
    assert r.fleiss_kappa(units) == pytest.approx(0.6)


def test_cohen_1960_table_1():
    """Cohen (1960), Table 1: 200 items, three categories, proportions
    .44 .07 .09 / .05 .20 .05 / .01 .03 .06; p_o = .70, p_c = .41, κ = .492."""
    cells = {(0, 0): 88, (0, 1): 14, (0, 2): 18, (1, 0): 10, (1, 1): 40, (1, 2): 10,
             (2, 0): 2, (2, 1): 6, (2, 2): 12}  # fmt: skip
    units = [Rated(n, pair) for pair, n in cells.items()]
    assert r.percent_agreement(units) == pytest.approx(0.70)
    assert round(r.cohen_kappa(units), 3) == 0.492
    # The same table as 200 units of weight 1 gives the same κ.
    ones = [Rated(1, pair) for pair, n in cells.items() for _ in range(n)]
    assert r.cohen_kappa(ones) == pytest.approx(r.cohen_kappa(units))


# Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses
# (1 depression, 2 personality disorder, 3 schizophrenia, 4 neurosis, 5 other).
FLEISS_1971 = [
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5],
    [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4],
    [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4],
    [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5],
    [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4],
    [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
]  # fmt: skip


def test_fleiss_1971():
    """Fleiss (1971) reports κ = .430 for the table above."""
    units = [Rated(1, tuple(row)) for row in FLEISS_1971]
    assert round(r.fleiss_kappa(units), 3) == 0.430


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
# observers, twelve units, nominal values with missing ones; α = 0.743.
K2011 = [
    (1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None),
    (1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3),
    (None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None),
    (1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None),
]


def test_krippendorff_2011_nominal_with_missing_values():
    units = _units(*K2011)
    assert round(r.krippendorff_alpha(units), 3) == 0.743
    # Units with a single value are not pairable: leaving them out changes nothing.
    assert r.krippendorff_alpha([u for u in units if sum(v is not None for v in u.values) > 1]) == (
        pytest.approx(r.krippendorff_alpha(units))
    )


def test_undefined_coefficients_are_none():
    same = _units((1, 1, 1), (1, 1, 1))
    assert r.percent_agreement(same) == 1.0
    assert r.cohen_kappa(same) is None
    assert r.krippendorff_alpha(same) is None
    assert r.fleiss_kappa(same) is None
    assert r.percent_agreement(_units((1, None), (None, 1))) is None


def _k1995(stretch: float) -> tuple[int, dict[str, list[list[tuple[int, int]]]]]:
    """Krippendorff (1995), p. 57: four pairs of coders (A–D) on a continuum of 24, each
    section (offset, length); ``stretch`` scales it (his α assumes a long continuum)."""

    def s(x):
        return int(x * stretch)

    def seg(pairs):
        return [(s(a), s(a) + s(n)) for a, n in pairs]

    return s(24), {
        "A": [seg([(2, 8), (14, 6)]), seg([(4, 4), (15, 2)])],
        "B": [seg([(0, 18)]), seg([(0, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 3), (9, 1)])],
        "C": [seg([(2, 6), (10, 2), (14, 4), (20, 2)]),
              seg([(0, 2), (4, 4), (10, 4), (16, 2), (20, 2)])],
        "D": [seg([(0, 2), (2, 8), (10, 4), (14, 6), (20, 4)]),
              seg([(0, 4), (4, 4), (8, 7), (15, 2), (17, 7)])],
    }  # fmt: skip


def test_krippendorff_1995_unitizing():
    """Observed disagreements as published (exact), and α for each pair as published
    (.553, −.926, .679, .066; to .02: the paper's expected disagreement is known to be a
    little off, see Krippendorff 2004)."""
    length, pairs = _k1995(1)
    observed = {k: r.unitizing_disagreements(length, v)[0] for k, v in pairs.items()}
    assert observed == pytest.approx({"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715},
                                     abs=1e-5)  # fmt: skip
    length, pairs = _k1995(50_000)
    alphas = {k: r.unitizing_alpha(length, v) for k, v in pairs.items()}
    assert alphas == pytest.approx({"A": 0.553, "B": -0.926, "C": 0.679, "D": 0.066}, abs=0.02)


def test_identical_segments_agree_perfectly():
    assert r.unitizing_alpha(100, [[(10, 20), (50, 60)], [(10, 20), (50, 60)]]) == 1.0


def test_measure_by_characters_uses_the_1995_example():
    """Pair A of the 1995 example as two Reader coders on one document of 24 characters:
    per character (the 'digitized' comparison) Cohen's κ = .385 (Krippendorff 1995);
    α is the unitizing α of the pair."""
    length, pairs = _k1995(1)
    codings = [
        Coding(coder, 1, "tag", a, b)
        for coder, segs in zip(("Bertha", "Bill"), pairs["A"], strict=True)
        for a, b in segs
    ]
    report = measure(codings, {1: length}, unit="character")
    [fig] = report.tags
    assert round(fig.cohen, 3) == 0.385
    assert fig.units == 24
    assert fig.alpha == pytest.approx(r.unitizing_alpha(length, pairs["A"]))
    assert report.overall.alpha == pytest.approx(fig.alpha)
    # Where they differ: Bertha alone on 2-4, 8-10, 14-15 and 17-20.
    places = [(d.start, d.end, d.applied_by) for d in report.disagreements]
    assert places == [(2, 4, ("Bertha",)), (8, 10, ("Bertha",)), (14, 15, ("Bertha",)),
                      (17, 20, ("Bertha",))]  # fmt: skip


def test_measure_by_natural_units_with_a_coder_missing_a_document():
    parts = {
        1: [Part(1, f"comment {i}", i * 10, i * 10 + 10) for i in range(5)],
        2: [Part(2, f"comment {i}", i * 10, i * 10 + 10) for i in range(5)],
    }
    # Hand case: A tags comments 0, 1, 4 of document 1; B tags 0 and 4. B never coded
    # document 2, where A tagged comment 2: that is missing, not a disagreement.
    codings = [Coding("A", 1, "t", s, s + 3) for s in (0, 12, 40)]
    codings += [Coding("B", 1, "t", s, s + 3) for s in (1, 41)]
    codings += [Coding("A", 2, "t", 20, 25)]
    report = measure(codings, {1: 50, 2: 50}, unit="comment", parts=parts)
    assert report.documents == (1,)
    [fig] = report.tags
    assert fig.units == 5
    assert fig.percent == pytest.approx(0.8)
    assert fig.cohen == pytest.approx(0.32 / 0.52)
    assert fig.alpha == pytest.approx(0.64)
    [place] = report.disagreements
    assert (place.where, place.applied_by, place.not_applied_by) == ("comment 1", ("A",), ("B",))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=4),
            st.lists(st.sampled_from(["a", "b", "c", None]), min_size=3, max_size=3),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_nominal_alpha_agrees_with_the_krippendorff_package(rows):
    # The package (a test dependency only) as the reference, on weighted units with
    # missing values: a unit of weight w is w rows of its value counts.
    import krippendorff
    import numpy as np

    units = [Rated(w, tuple(values)) for w, values in rows]
    ours = r.krippendorff_alpha(units)
    domain = ["a", "b", "c"]
    pairable = [u for u in units if sum(v is not None for v in u.values) >= 2]
    counts = [
        [sum(v == d for v in u.values) for d in domain] for u in pairable for _ in range(u.weight)
    ]
    used = {v for u in pairable for v in u.values if v is not None}
    if len(used) < 2:
        assert ours is None
        return
    theirs = krippendorff.alpha(
        value_counts=np.array(counts, dtype=float), level_of_measurement="nominal"
    )
    assert ours == pytest.approx(float(theirs), abs=1e-9)
