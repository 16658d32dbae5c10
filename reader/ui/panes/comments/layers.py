"""The highlight layers over the thread, handed to the comments' laid-out texts.

A layer is either spans in document offsets (placed in the comment holding each, by
``Document.comment_at``) or spans already grouped by comment id (thousands of them, maybe
computed when asked: used as given, never copied). :meth:`CommentLayers.distribute` joins
every layer by comment and gives them to :class:`CommentTexts`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from reader.core.model import Document
from reader.ui.panes.comments.texts import CommentTexts, Span


class CommentLayers:
    def __init__(self, texts: CommentTexts) -> None:
        self._texts = texts
        self._spans: dict[str, list[Span]] = {}
        self._by_comment: dict[str, Mapping[str, Sequence[Span]]] = {}

    def set_spans(self, layer: str, spans: Sequence[Span]) -> None:
        if spans:
            self._spans[layer] = list(spans)
        else:
            self._spans.pop(layer, None)

    def set_by_comment(self, layer: str, by_comment: Mapping[str, Sequence[Span]]) -> None:
        if by_comment:
            self._by_comment[layer] = by_comment
        else:
            self._by_comment.pop(layer, None)

    def by_comment(self, layer: str) -> Mapping[str, Sequence[Span]]:
        """The spans of a layer given by comment id."""
        return self._by_comment.get(layer, {})

    def spans(self, layer: str) -> list[Span]:
        """The spans of a layer given in document offsets."""
        return list(self._spans.get(layer, ()))

    def distribute(self, doc: Document | None, changed: Iterable[str] | None = None) -> None:
        """Hand every layer to the texts; ``changed`` names the comments whose spans
        differ (None: any may), so only those are laid out again."""
        layers: list[Mapping[str, Sequence[Span]]] = []
        if doc is not None:
            layers = list(self._by_comment.values())
            placed: dict[str, list[Span]] = {}
            for spans in self._spans.values():
                for span in spans:
                    comment = doc.comment_at(span[0])
                    if comment is not None:
                        placed.setdefault(comment.id, []).append(span)
            if placed:
                layers.append(placed)
        by_comment = layers[0] if len(layers) == 1 else _JoinedSpans(layers)
        self._texts.set_overlays(by_comment, changed if not self._spans else None)


class _JoinedSpans(Mapping[str, Sequence[Span]]):
    """Several layers' spans by comment, joined when a comment's are asked for."""

    def __init__(self, layers: Sequence[Mapping[str, Sequence[Span]]]) -> None:
        self._layers = layers

    def __getitem__(self, comment_id: str) -> list[Span]:
        found = [s for layer in self._layers for s in layer.get(comment_id, ())]
        if not found:
            raise KeyError(comment_id)
        return found

    def __iter__(self):
        return iter({k: None for layer in self._layers for k in layer})

    def __len__(self) -> int:
        return len({k for layer in self._layers for k in layer})
