"""The structure development set: saved pages from public repositories, the truth about
their comment threads, and an unmarked plain-text rendering of each.

The pages are not in this repository (see ``tests/core/devset/README.md``): each entry of
``pages.json`` names a public repository, a commit and a path, and the page is read from a
local clone of that repository (``--mirror DIR`` holding ``owner+name/repo`` git
directories, as the search tool's ``fetch`` leaves them, or ``owner+name`` work trees).
The truth is derived from each page's markup with the XPath expressions in its entry
(items, body, author, date, and an indentation expression for flat lists), written to
``tests/core/devset/truth/NAME.json`` by ``python -m tests.benchmarks.devset --write`` and
checked by eye; it never comes from Reader's parser, whose text extraction is used only
to turn a body element into paragraphs.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree, html

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.core.html.visible import fold, is_hidden, paragraphs  # noqa: E402
from reader.core.textio import decode_bytes  # noqa: E402

DEVSET = ROOT / "tests" / "core" / "devset"
MANIFEST = DEVSET / "pages.json"
TRUTH = DEVSET / "truth"
UNMARKED = DEVSET / "unmarked"
DEFAULT_MIRROR = Path("/work/.mirror")


@dataclass(frozen=True)
class Page:
    name: str
    repo: str
    commit: str
    path: str
    site: str
    language: str
    spec: dict
    has_thread: bool

    truth_committed: bool = True

    @property
    def held_out(self) -> bool:
        return bool(self.spec.get("held_out"))

    @property
    def round(self) -> int:
        """1 for the pages of the first round, 2 and 3 for those added unseen in the second
        and third."""
        return {"round 2": 2, "round 3": 3}.get(self.spec.get("held_out"), 1)


def pages() -> list[Page]:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    sources = manifest["sources"]
    found = []
    for key, has_thread in (("pages", True), ("no_thread", False)):
        for entry in manifest[key]:
            source = sources[entry["repo"]]
            commit = entry.get("commit", source["commit"])
            found.append(
                Page(
                    entry["name"],
                    entry["repo"],
                    commit,
                    entry["path"],
                    entry["site"],
                    entry["language"],
                    entry,
                    has_thread,
                    source.get("truth_committed", True),
                )  # fmt: skip
            )
    return found


def page_bytes(page: Page, mirror: Path = DEFAULT_MIRROR) -> bytes | None:
    """The page as committed in its repository, or ``None`` when no clone is at hand."""
    name = page.repo.replace("/", "+")
    for git_dir in (mirror / name / "repo", mirror / name / ".git", mirror / name):
        if (git_dir / "HEAD").exists() or (git_dir / "objects").exists():
            done = subprocess.run(
                ["git", "--git-dir", str(git_dir), "show", f"{page.commit}:{page.path}"],
                capture_output=True,
                check=False,
            )
            if done.returncode == 0:
                return done.stdout
            done = subprocess.run(
                ["git", "--git-dir", str(git_dir), "show", f"HEAD:{page.path}"],
                capture_output=True,
                check=False,
            )
            if done.returncode == 0:
                return done.stdout
    work_tree = mirror / name / page.path
    return work_tree.read_bytes() if work_tree.is_file() else None


# ---- truth from markup ----------------------------------------------------------------


def _tree(data: bytes) -> html.HtmlElement:
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    root = html.document_fromstring(decode_bytes(data).text, parser=parser)
    etree.strip_elements(root, "script", "style", "noscript", "template", with_tail=False)
    return root


def _own(el, item, items: set) -> bool:
    """``el`` belongs to ``item``, not to a reply nested in it."""
    for a in el.iterancestors():
        if a is item:
            return True
        if a in items:
            return False
    return False


def _first(item, xpath: str, items: set) -> str | None:
    for found in item.xpath(xpath):
        if isinstance(found, str):
            owner = getattr(found, "getparent", lambda: None)()
            if owner is not None and owner is not item and not _own(owner, item, items):
                continue
            return fold(found) or None
        if not _own(found, item, items):
            continue
        text = fold(found.text_content())
        if text:
            return text
    return None


def truth_of(data: bytes, spec: dict) -> dict:
    root = _tree(data)
    items = [el for el in root.xpath(spec["items"]) if not is_hidden(el)]
    item_set = set(items)
    less = set()
    if spec.get("body_less"):
        for item in items:
            less.update(item.xpath(spec["body_less"]))
    comments = []
    index_of: dict = {}
    indented: list[tuple[float, int | None]] = []  # every item's indent, its comment
    by_id: dict[str, int] = {}
    for item in items:
        inner = item_set - {item}
        # A body may be the item itself (a reply that is one list item of text).
        bodies = [b for b in item.xpath(spec["body"]) if b is item or _own(b, item, inner)]

        def skip(e, inner=inner) -> bool:
            tag = e.tag if isinstance(e.tag, str) else ""
            return not tag or e in inner or e in less or tag in ("script", "style", "img")

        text = "\n\n".join(p for b in bodies for p in paragraphs(b, skip))
        indent = None
        if spec.get("indent"):
            indent = item.xpath(spec["indent"])
            indent = float(indent) if indent == indent else 0.0  # NaN: no indentation
            # The comment a reply at this indentation answers: the last item before it
            # less indented. An empty one ("Comment deleted by user") passes its own
            # parent on, so its replies are not given to the comment before it.
            answered = next((k for d, k in reversed(indented) if d < indent), None)
            indented.append((indent, answered if not text else len(comments)))
        if not text:
            continue
        parent = next((index_of[a] for a in item.iterancestors() if a in index_of), None)
        if parent is None and spec.get("reply_box"):
            # Replies in a box that follows the comment they answer (Drupal's div.indented).
            for box in item.xpath(spec["reply_box"]):
                before = next((s for s in box.itersiblings(preceding=True) if s in index_of), None)
                if before is not None:
                    parent = index_of[before]
        if spec.get("parent_id"):
            # Flat lists whose items name the item they answer (``data-parentid``).
            named = fold(str(item.xpath(spec["parent_id"])))
            parent = by_id.get(named, parent)
        if indent is not None:
            parent = answered
        index_of[item] = len(comments)
        if spec.get("item_id"):
            by_id[fold(str(item.xpath(spec["item_id"])))] = len(comments)
        kind = "comment"
        for token in (item.get("class") or "").split():
            if token in ("pingback", "trackback"):
                kind = token
        author = _first(item, spec["author"], item_set) if spec.get("author") else None
        if author and spec.get("author_pattern"):
            # The name inside a label such as 'NAME пишет:' ('NAME writes:').
            m = re.search(spec["author_pattern"], author)
            author = m.group(1) if m else author
        comments.append(
            {
                "text": text,
                "parent": parent,
                "author": author,
                "date": _first(item, spec["date"], item_set) if spec.get("date") else None,
                "kind": kind,
            }
        )
    return {"comments": comments}


_WORD = re.compile(r"\w+")
OPENING_WORDS = 8


def opening(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold())[:OPENING_WORDS])


_NOT_ARTICLE = ("nav", "footer", "aside", "header", "form", "li", "td", "blockquote")
_MIN_ARTICLE_PARAGRAPH = 80


def article_paragraphs(data: bytes, spec: dict) -> list[str]:
    """The page's long ``<p>`` paragraphs outside the comment items and page furniture,
    in page order: the article as the markup gives it, for the unmarked rendering."""
    root = _tree(data)
    if spec.get("article"):
        # Where the article's text is not in <p> elements (a post of <br>-separated
        # lines) or the long <p>s are page notices: the article's element, as given.
        return [p for el in root.xpath(spec["article"]) for p in paragraphs(el) if p.strip()]
    items = set(root.xpath(spec["items"])) if spec.get("items") else set()
    found = []
    for p in root.iter("p"):
        if any(a in items or a.tag in _NOT_ARTICLE for a in p.iterancestors()):
            continue
        text = fold(p.text_content())
        if len(text) >= _MIN_ARTICLE_PARAGRAPH and text not in found:
            found.append(text)
    return found


def unmarked_rendering(article: list[str], comments: list[dict]) -> str:
    """Article paragraphs, then each comment's text, blank lines between, no markers."""
    return "\n\n".join([*article, *(c["text"] for c in comments)]) + "\n"


def truth(page: Page, data: bytes) -> dict:
    """The page's truth: as committed (checked by eye), or, for sources whose licence
    does not let the derived text be committed, derived from the markup now."""
    path = TRUTH / f"{page.name}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    found = truth_of(data, page.spec) if page.has_thread else {"comments": []}
    found["article"] = article_paragraphs(data, page.spec)
    return found


def truth_and_rendering(page: Page, data: bytes) -> tuple[dict, str | None]:
    """The page's truth and its unmarked rendering (``None`` without a thread)."""
    found = truth(page, data)
    if not page.has_thread:
        return found, None
    path = UNMARKED / f"{page.name}.txt"
    if path.exists():
        return found, path.read_text(encoding="utf-8")
    return found, unmarked_rendering(found["article"], found["comments"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR)
    parser.add_argument("--write", action="store_true", help="write truth/*.json")
    parser.add_argument("--show", help="print one page's truth")
    args = parser.parse_args()
    TRUTH.mkdir(exist_ok=True)
    for page in pages():
        if args.show and page.name != args.show:
            continue
        data = page_bytes(page, args.mirror)
        if data is None:
            print(f"{page.name}: no clone of {page.repo} under {args.mirror}")
            continue
        truth = truth_of(data, page.spec) if page.has_thread else {"comments": []}
        truth["source"] = {"repo": page.repo, "commit": page.commit, "path": page.path}
        n = len(truth["comments"])
        replies = sum(c["parent"] is not None for c in truth["comments"])
        print(f"{page.name}: {n} comments, {replies} replies")
        if args.show:
            for c in truth["comments"]:
                print(f"  [{c['parent']}] {c['author']!r} {c['date']!r} {c['text'][:70]!r}")
        if args.write and page.truth_committed:
            truth["article"] = article_paragraphs(data, page.spec)
            (TRUTH / f"{page.name}.json").write_text(
                json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            if page.has_thread:
                UNMARKED.mkdir(exist_ok=True)
                (UNMARKED / f"{page.name}.txt").write_text(
                    unmarked_rendering(truth["article"], truth["comments"]), encoding="utf-8"
                )


if __name__ == "__main__":
    main()
