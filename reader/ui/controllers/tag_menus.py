"""The tagging part of the text panes' context menus: "Tag “…”" with the codebook's
tags (nested as the codebook is), "Tag Whole Comment/Paragraph", and for each annotation
under the mouse its note, tags and removal. The menus ask the tagging controller to act.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from reader.core.records import Tag
from reader.core.text import quoted
from reader.ui.commands.annotations import excerpt
from reader.ui.controllers.choosing import AddTagTo, ApplyTag
from reader.ui.controllers.passages import Passage, Passages, Source

if TYPE_CHECKING:
    from reader.ui.controllers.tagging import Annotator
    from reader.ui.models.codebook import CodebookModel
    from reader.ui.panes.article.pane import ArticlePane
    from reader.ui.panes.comments.pane import CommentPane
    from reader.ui.session import DocumentSession

MENU_ANNOTATIONS = 5  # annotations under the mouse offered in the menu


class TagMenus(QObject):
    """Adds tagging to the article's and the comments' context menus."""

    def __init__(
        self,
        tagging: Annotator,
        session: DocumentSession,
        passages: Passages,
        codebook_model: CodebookModel,
        article: ArticlePane,
        comments: CommentPane,
    ) -> None:
        super().__init__(tagging)
        self._tagging = tagging
        self._session = session
        self._passages = passages
        self._codebook_model = codebook_model
        self._menu_passage: Passage | None = None
        self._menu_unit: Passage | None = None
        article.context_menu_about_to_show.connect(self._on_article_context_menu)
        comments.context_menu_about_to_show.connect(self._on_comments_context_menu)

    def _fill_context_menu(
        self, menu: QMenu, source: Source, offset: int, passage: Passage | None
    ) -> None:
        self._menu_passage = passage
        self._menu_unit = unit = self._passages.unit(source)
        menu.addSeparator()
        if passage is not None:
            tag_menu = menu.addMenu(f"Tag {quoted(excerpt(self._tagging.quote(passage), 24))}")
            tag_menu.setObjectName("tag_selection_menu")
            self._fill_tag_menu(tag_menu, "apply")
        if unit is not None and unit != passage:
            unit_menu = menu.addMenu(f"Tag Whole {unit.what.split(' ')[0].capitalize()}")
            unit_menu.setObjectName("tag_unit_menu")
            unit_menu.setProperty("unit", True)
            self._fill_tag_menu(unit_menu, "apply_unit")
        found = self._session.index.at(offset) if offset >= 0 else []
        tags = self._tagging.tags()
        for a in self._session.records(found[:MENU_ANNOTATIONS]):  # with their quotes
            names = ", ".join(tags[t].name for t in a.tags if t in tags)
            sub = menu.addMenu(f"{quoted(excerpt(a.exact, 24))} ({names or 'no tag'})")
            sub.setObjectName(f"annotation_menu_{a.id}")
            note = sub.addAction("Edit Note…" if a.note else "Add Note…")
            note.setData(("note", a.id, ""))
            add = sub.addMenu("Add Tag")
            for tag in self._codebook_model.tags():
                if tag.id not in a.tags:
                    action = add.addAction(self._codebook_model.path(tag.id))
                    action.setData(("add_tag", a.id, tag.id))
            more = add.addAction("Other Tag…")
            more.setData(("choose_add", a.id, ""))
            if a.tags:
                remove = sub.addMenu("Remove Tag")
                for tag_id in a.tags:
                    if tag_id in self._tagging.tags():
                        action = remove.addAction(self._codebook_model.path(tag_id))
                        action.setData(("remove_tag", a.id, tag_id))
            sub.addSeparator()
            delete = sub.addAction("Remove Annotation")
            delete.setData(("delete", a.id, ""))
            sub.triggered.connect(self._on_annotation_menu_triggered)

    def _fill_tag_menu(self, menu: QMenu, kind: str) -> None:
        model = self._codebook_model
        tags = model.tags()
        children: dict[str | None, list[Tag]] = {}
        for tag in tags:
            children.setdefault(tag.parent, []).append(tag)

        def add(into: QMenu, parent: str | None) -> None:
            for tag in children.get(parent, ()):
                if tag.id in children:
                    sub = into.addMenu(tag.name)
                    own = sub.addAction(tag.name)
                    self._decorate(own, tag, kind)
                    sub.addSeparator()
                    add(sub, tag.id)
                else:
                    self._decorate(into.addAction(tag.name), tag, kind)

        add(menu, None)
        if tags:
            menu.addSeparator()
        other = menu.addAction("Other Tag…" if tags else "New Tag…")
        other.setData((kind, ""))
        if kind == "apply":
            other.setShortcut(self._tagging.actions["tag_selection"].shortcut())
        menu.triggered.connect(self._on_tag_menu_triggered)

    def _decorate(self, action: QAction, tag: Tag, kind: str) -> None:
        action.setData((kind, tag.id))
        index = self._codebook_model.index_of(tag.id)
        action.setIcon(self._codebook_model.data(index, Qt.ItemDataRole.DecorationRole))
        key = self._codebook_model.quick_key(tag.id)
        if key and kind == "apply":
            action.setShortcut(QKeySequence(f"Ctrl+{key}"))

    @Slot(QMenu, int)
    def _on_article_context_menu(self, menu: QMenu, offset: int) -> None:
        passage = self._passages.selected("article", to_code=True)
        self._fill_context_menu(menu, "article", offset, passage)

    @Slot(QMenu, str, int)
    def _on_comments_context_menu(self, menu: QMenu, comment_id: str, offset: int) -> None:
        passage = self._passages.selected_in_comment(comment_id, to_code=True)
        self._fill_context_menu(menu, "comments", offset, passage)

    @Slot(QAction)
    def _on_tag_menu_triggered(self, action: QAction) -> None:
        data = action.data()
        if not isinstance(data, tuple) or len(data) != 2:
            return
        kind, tag_id = data
        passage = self._menu_unit if kind == "apply_unit" else self._menu_passage
        if tag_id:
            self._tagging.apply_tag(tag_id, passage)
        elif passage is not None:
            self._tagging.choose_tag(ApplyTag(passage), "Tag with…")

    @Slot(QAction)
    def _on_annotation_menu_triggered(self, action: QAction) -> None:
        data = action.data()
        if not isinstance(data, tuple) or len(data) != 3:
            return
        kind, annotation_id, tag_id = data
        a = self._session.annotation(annotation_id)
        if a is None:
            return
        quote = excerpt(a.exact)
        if kind == "note":
            self._tagging.edit_note(annotation_id)
        elif kind == "add_tag" and tag_id in self._tagging.tags():
            self._tagging.add_tag_to(a, tag_id)
        elif kind == "choose_add":
            self._tagging.choose_tag(AddTagTo(annotation_id), f"Add a tag to {quoted(quote)}")
        elif kind == "remove_tag" and tag_id in self._tagging.tags():
            self._tagging.remove_tag(a, tag_id)
        elif kind == "delete":
            self._tagging.delete_annotations([annotation_id])
