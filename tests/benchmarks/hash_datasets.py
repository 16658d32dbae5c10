"""What an import of comment data stores, as one hash per file: to show that a change
to the dataset reader, the quotation finder or the store leaves the documents the same.

    uv run python -m tests.benchmarks.hash_datasets [FOLDER]

Writes (once, into FOLDER, default a folder in the temporary directory) the bench's
20,000 comments (``bench_formats.write_comments``) and a file made to differ from them
(punctuation, apostrophes and quotation marks of several kinds, accented, Turkish, Greek
and emoji text, line breaks inside comments, empty texts, duplicate and missing ids,
orphans, times of every kind, comments quoting the article, lines out of order),
imports each into a fresh project and prints a hash of every document's title, text,
content hash, parser version, structure, site, date and counts, the addresses, the
decodings and the sidebar filter's answers to a few queries. Run it before and after a
change (on main and on a branch) and compare the lines.
"""

import hashlib
import json
import random
import sqlite3
import sys
import tempfile
import zlib
from pathlib import Path

from reader.store.project import Project
from tests.benchmarks.bench_formats import write_comments


def diverse(path: Path, n: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    from reader.resources_path import seed_files

    text = "".join(p.read_text(encoding="utf-8") for p in sorted(seed_files()))
    words = text.split() + [
        "naïve",
        "Straße",
        "İstanbul",
        "café",
        "“quoted”",
        "«guillemets»",
        "it’s",
        "don't",
        "'tis",
        "rock'n'roll",
        "x_y",
        "😀",
        "e-mail",
        "U.S.",
        "‘single’",
        "Ǆemal",
        "ΣΊΣΥΦΟΣ",
    ]
    lines = [line for line in text.splitlines() if len(line.split()) > 12]
    out = []
    cid = 0
    for art in range(max(1, n // 120)):
        ids, texts = [], []
        size = rng.randint(1, 240)
        body = "\n\n".join(rng.sample(lines, 3))
        for i in range(size):
            cid += 1
            k = rng.randint(1, 60)
            t = " ".join(rng.choices(words, k=k))
            r = rng.random()
            if texts and r < 0.15:
                src = rng.choice(texts).split()
                a = rng.randint(0, max(0, len(src) - 5))
                t = (
                    t
                    + " "
                    + " ".join(src[a : a + rng.randint(4, 14)])
                    + " "
                    + " ".join(rng.choices(words, k=5))
                )
            elif texts and r < 0.3:
                src = rng.choice(texts).split()
                a = rng.randint(0, max(0, len(src) - 4))
                q = rng.choice(['"%s"', "“%s”", "«%s»", "„%s“"])
                t = t + " " + q % " ".join(src[a : a + rng.randint(2, 8)])
            elif r < 0.4:
                src = body.split()
                a = rng.randint(0, max(0, len(src) - 12))
                t = (
                    " ".join(src[a : a + rng.randint(3, 16)])
                    + ("\n\n" if rng.random() < 0.5 else "\n")
                    + t
                )
            elif r < 0.45:
                t = t.upper()
            elif r < 0.47:
                t = ""
            rec = {
                "id": rng.choice([f"c{cid}", cid, None, f"c{cid - 1}"])
                if rng.random() < 0.1
                else f"c{cid}",
                "text": t,
                "author": rng.choice(["ann", "bob", None, "", "Zoë"]),
                "time": rng.choice(
                    [
                        1700000000 + cid,
                        1700000000.5 + cid,
                        "2024-01-02T03:04:05Z",
                        None,
                        1700000000123 + cid,
                        "1700000000",
                        1700000000.9996,
                    ]
                ),
                "article_id": f"https://site{art % 5}.example/a/{art}"
                if rng.random() > 0.02
                else "",
            }
            if ids and rng.random() < 0.6:
                rec["parent_id"] = rng.choice(ids)
            elif rng.random() < 0.03:
                rec["parent_id"] = f"missing{cid}"
            if i == 0:
                rec["article_title"] = f"Article {art}"
                rec["article_text"] = body
            out.append(json.dumps(rec, ensure_ascii=rng.random() < 0.5))
            ids.append(rec["id"] if isinstance(rec["id"], str) else f"c{cid}")
            texts.append(t)
    head = out[: len(out) // 3]  # articles interleaved, as a file in time order has them
    rng.shuffle(head)
    out[: len(head)] = head
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def digest(project_path: Path) -> tuple[str, int]:
    from reader.store import documents

    c = sqlite3.connect(project_path)
    h = hashlib.sha256()
    n = 0
    for row in c.execute(
        "SELECT id, source_path, title, text, content_hash, parser_version, structure, site,"
        " date, comment_count, declared_comment_count FROM documents ORDER BY id"
    ):
        row = list(row)
        row[1] = row[1].rsplit("/", 1)[-1]
        row[6] = zlib.decompress(row[6]).decode() if isinstance(row[6], bytes) else row[6]
        h.update(repr(row).encode())
        n += 1
    for row in c.execute("SELECT * FROM document_urls ORDER BY 1, 2"):
        h.update(repr(row).encode())
    for row in c.execute("SELECT * FROM document_decoding ORDER BY 1"):
        h.update(repr(row).encode())
    for q in (
        "the",
        "THE QUICK",
        "naïve",
        "NAÏVE",
        "straße",
        "İstanbul",
        "café",
        "CAFÉ",
        "Zoë",
        "it’s",
        "comment",
        "e-mail",
        "ΣΊΣΥΦΟΣ",
        "σίσυφος",
        "ǆemal",
        "a",
        "ab",
        "Er",
        "%",
        "_y",
        "x_y",
        "😀",
        '"',
    ):
        h.update(repr((q, documents.matching(c, q))).encode())
    return h.hexdigest(), n


if __name__ == "__main__":
    out = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(tempfile.gettempdir()) / "reader-hash-datasets"
    )
    out.mkdir(exist_ok=True)
    files = [out / "bench20000.jsonl", out / "diverse.jsonl"]
    if not files[0].exists():
        write_comments(files[0], 20000)
    if not files[1].exists():
        diverse(files[1], 30000)
    for f in files:
        with tempfile.TemporaryDirectory() as tmp:
            p = Path(tmp) / "p.reader"
            with Project.open(p, backup_dir=Path(tmp) / "b") as project:
                outcomes = project.import_files([f])
            print(f.name, *digest(p), sum(o.status == "imported" for o in outcomes))
