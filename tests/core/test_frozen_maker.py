"""frozen.maker makes the same objects the dataclasses' own constructors make, and
refuses the classes it cannot make faithfully."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field

import pytest

from reader.core.frozen import maker
from reader.core.lines import Line
from reader.core.model import Block, BlockKind, Comment, Decision


def test_made_objects_equal_constructed_ones_and_stay_frozen() -> None:
    made = maker(Comment)("c1", None, 0, "Hello", 3, 8, "Ani", None, ((3, 8),), "comment")
    built = Comment("c1", None, 0, "Hello", 3, 8, author="Ani", parts=((3, 8),))
    assert made == built
    assert hash(made) == hash(built)
    assert repr(made) == repr(built)
    with pytest.raises(FrozenInstanceError):
        made.text = "changed"  # type: ignore[misc]
    assert maker(Line)(0, 1, 2, 0, "x", False) == Line(0, 1, 2, 0, "x", False)
    assert maker(Decision)("reply", 4, 0.85, "c1") == Decision("reply", 4, 0.85, "c1")
    block = maker(Block)(BlockKind.PARAGRAPH, 0, 2, "ab", "")
    assert block == Block(BlockKind.PARAGRAPH, 0, 2, "ab")


def test_classes_it_cannot_make_faithfully_are_refused() -> None:
    @dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclass(slots=True)
    class NotFrozen:
        a: int

    @dataclass(frozen=True, slots=True)
    class Checked:
        a: int
        b: list[int] = field(default_factory=list)

        def __post_init__(self) -> None:
            if self.a < 0:
                raise ValueError("negative")

    for cls in (NoSlots, NotFrozen, Checked, int):
        with pytest.raises(TypeError):
            maker(cls)
