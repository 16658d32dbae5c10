from __future__ import annotations

import itertools

import pytest

from reader.core.palette import (
    BLACK,
    PALETTE,
    READABLE,
    WHITE,
    contrast_ratio,
    next_colour,
    parse_colour,
    relative_luminance,
    text_colour,
    themed,
)


def test_contrast_matches_the_wcag_reference_values():
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast_ratio("#777777", WHITE) == pytest.approx(4.48, abs=0.01)
    assert relative_luminance("#ff0000") == pytest.approx(0.2126)


def test_the_palette_has_a_dozen_distinct_colours():
    assert len(PALETTE) >= 12
    assert len({s.name for s in PALETTE}) == len(PALETTE)
    for a, b in itertools.combinations(PALETTE, 2):
        for shade_a, shade_b in ((a.light, b.light), (a.dark, b.dark)):
            ca = [int(shade_a[i : i + 2], 16) for i in (1, 3, 5)]
            cb = [int(shade_b[i : i + 2], 16) for i in (1, 3, 5)]
            distance = sum((x - y) ** 2 for x, y in zip(ca, cb, strict=True)) ** 0.5
            assert distance > 30, (a.name, b.name)


@pytest.mark.parametrize("swatch", PALETTE, ids=lambda s: s.name)
def test_every_swatch_has_readable_text_on_both_themes(swatch):
    light, dark = themed(swatch.light, dark=False), themed(swatch.light, dark=True)
    assert (light, dark) == (swatch.light, swatch.dark)
    assert text_colour(light) == BLACK and contrast_ratio(light, BLACK) >= READABLE
    assert text_colour(dark) == WHITE and contrast_ratio(dark, WHITE) >= READABLE
    # A light-theme highlight stands out from a white page, a dark one from a dark page.
    assert contrast_ratio(light, WHITE) > 1.15
    assert contrast_ratio(dark, "#1e1e1e") > 1.5


@pytest.mark.parametrize("colour", ["#ffff00", "#00ff00", "#f0f0f0", "#123456", "#ff00ff"])
def test_any_other_colour_gets_a_dark_shade_with_readable_white_text(colour):
    shade = themed(colour, dark=True)
    assert contrast_ratio(shade, WHITE) >= READABLE
    assert themed(colour, dark=False) == colour


def test_colours_are_read_in_the_forms_other_tools_write():
    assert parse_colour("#FFAA00") == "#ffaa00"
    assert parse_colour("ffaa00") == "#ffaa00"
    assert parse_colour("#fa0") == "#ffaa00"
    assert parse_colour("rgb(255, 170, 0)") == "#ffaa00"
    for bad in ("red", "#ggg000", "rgb(300,0,0)", ""):
        with pytest.raises(ValueError):
            parse_colour(bad)


def test_new_tags_get_the_least_used_colour():
    assert next_colour([]) == PALETTE[0].light
    assert next_colour([PALETTE[0].light]) == PALETTE[1].light
    everything_once = [s.light for s in PALETTE]
    assert next_colour(everything_once + [PALETTE[0].light]) == PALETTE[1].light
