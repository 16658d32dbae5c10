"""`reader parse`: the structure of a scrape, for people and for scripts."""

import json
import re
import subprocess
import sys
from pathlib import Path

from reader.app import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_001 = SEEDS / "001_975b6114f2d3a020.txt"


def test_parse_json_has_the_documented_shape(capsys):
    assert main(["parse", str(SEED_001), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {
        "format", "text", "title", "standfirst", "byline", "declared_comment_count",
        "site", "date", "metadata", "blocks", "comments", "links",
    }  # fmt: skip
    assert out["format"] == "a text scrape"
    assert out["declared_comment_count"] == 8
    assert len(out["comments"]) == 8
    text = out["text"]
    for block in out["blocks"]:
        assert text[block["start"] : block["end"]] == block["text"]
    for comment in out["comments"]:
        # The span covers the list marker ("1.", "•"); the text leaves it out.
        span = text[comment["start"] : comment["end"]]
        marker = span[: span.index(comment["text"][:30])]
        assert re.fullmatch(r"\d+\.\s+|•\s+", marker)
    ends = [link["from"] for link in out["links"]] + [link["to"] for link in out["links"]]
    assert all(("comment" in e) != ("block" in e) for e in ends)


def test_parse_outline_is_readable(capsys):
    assert main(["parse", str(SEED_001)]) == 0
    out = capsys.readouterr().out
    assert "comments (8):" in out
    assert "Calls for International Recognition" in out


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "reader.app", *args], capture_output=True, text=True, timeout=60
    )


def test_unreadable_files_give_one_line_and_status_2(tmp_path):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(bytes(range(256)) * 40)
    for path in (tmp_path / "missing.txt", tmp_path, binary):
        result = _run("parse", str(path))
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1
        assert "Traceback" not in result.stderr
        assert str(path) in result.stderr


def test_a_closed_pipe_is_not_an_error(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(SEED_001.read_text(encoding="utf-8") * 30, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "reader.app", "parse", str(big), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err
    assert process.returncode == 0
