"""Language evidence for telling legacy encodings apart: :func:`evidence` rates how
plausible a reading of some bytes is as text someone wrote.

Frequency models (charset_normalizer's) rate several readings nearly alike; three
things they weigh too lightly tell them apart:

* **one alphabet** (below);
* **one script per word**: a word that mixes scripts ("Ѓgthe", a Shift-JIS quote mark
  read as Windows-1251 before an English word) is a misreading;
* **no stray symbols**: box-drawing and block characters, private-use and unassigned
  code points and control characters are what bytes read in the wrong code page become.

One alphabet:

Windows-1250, -1252 and -1257 (and ISO-8859-1/-2) put different accented letters on the
same bytes, and a text read in the wrong one still looks like letters: Czech
"středu" in Windows-1252 is "støedu". Frequency models rate such readings nearly alike.
What tells them apart is that a real text's accented letters come from one language's
alphabet, while a misreading mixes letters no single language uses together (ø beside
è, ù and š). :func:`alphabet_fit` is the share of a text's accented Latin letters that
the best-fitting alphabet below accounts for.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

# The letters beyond ASCII each language writes (lower case), from their alphabets.
ALPHABETS = {
    "Catalan": "àçèéíïòóúü",
    "Croatian": "čćđšž",
    "Czech": "áčďéěíňóřšťúůýž",
    "Danish": "æøåé",
    "Dutch": "éëïóöüèáà",
    "Estonian": "äõöüšž",
    "Finnish": "äöåšž",
    "French": "àâæçéèêëîïôœùûüÿ",
    "German": "äöüß",
    "Hungarian": "áéíóöőúüű",
    "Icelandic": "áðéíóúýþæö",
    "Italian": "àèéìíîòóùú",
    "Latvian": "āčēģīķļņšūž",
    "Lithuanian": "ąčęėįšųūž",
    "Norwegian": "æøåéèêóòô",
    "Polish": "ąćęłńóśźż",
    "Portuguese": "áâãàçéêíóôõú",
    "Romanian": "ăâîșțşţ",
    "Slovak": "áäčďéíĺľňóôŕšťúýž",
    "Slovene": "čšž",
    "Spanish": "áéíñóúü",
    "Swedish": "åäöé",
    "Turkish": "çğıöşü",
    "Welsh": "âêîôûŵŷáéíóúẁýäëïöüÿàèìòù",
}


def _accented_latin(text: str) -> Counter[str]:
    letters: Counter[str] = Counter()
    for char in text:
        if char > "\x7f" and char.isalpha() and unicodedata.name(char, "").startswith("LATIN"):
            letters[char.lower()] += 1
    return letters


def alphabet_fit(text: str) -> float:
    """1.0 when one language's alphabet accounts for every accented Latin letter in
    ``text`` (or there are none), less the more letters fall outside the best one."""
    letters = _accented_latin(text)
    total = sum(letters.values())
    if not total:
        return 1.0
    best = max(sum(n for c, n in letters.items() if c in alpha) for alpha in ALPHABETS.values())
    return best / total


_WORD = re.compile(r"[^\W\d_]+")
# Scripts that share words: Japanese writes kanji and kana together.
_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "IDEOGRAPHIC": "CJK"}


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str:
    if char < "\x80":
        return "LATIN"
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0]
    if first == "CJK":
        return "CJK"
    return _SCRIPT_GROUPS.get(first, first)


def mixed_script_share(text: str) -> float:
    """The share of words holding non-ASCII letters that mix scripts."""
    seen = mixed = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        seen += 1
        if len({_script(c) for c in word}) > 1:
            mixed += 1
    return mixed / seen if seen else 0.0


def stray_symbol_share(text: str) -> float:
    """The share of non-ASCII characters that are box drawing, blocks, private-use,
    unassigned or control characters."""
    wide = [c for c in text if c > "\x7f"]
    if not wide:
        return 0.0
    stray = sum(
        1
        for c in wide
        if "\u2500" <= c <= "\u25ff" or unicodedata.category(c) in ("Co", "Cn", "Cc")
    )
    return stray / len(wide)


def evidence(text: str) -> float:
    """How plausible ``text`` is as written text: 1.0 at best, lower the more of its
    letters and symbols only a misreading would produce. A long text is judged by three
    slices of it (its start, middle and end), which say as much and cost far less."""
    if len(text) > 3 * SLICE:
        middle = len(text) // 2
        text = "\n".join((text[:SLICE], text[middle : middle + SLICE], text[-SLICE:]))
    return alphabet_fit(text) - mixed_script_share(text) - stray_symbol_share(text)


SLICE = 20_000
