"""Trim the ICU data library Qt bundles to what Qt uses: about 22 of its 30 MiB go.

Stock Qt (the PySide6 wheels) links ICU, and ICU's data library ``libicudata.so.NN``
is the largest file of the bundle. Qt asks ICU for collation (``QCollator``, a
locale-aware sort), case mapping and normalisation (ICU's code and its ``icu/``
items), and locale fall-back (``res``). Qt draws its locale names, currencies, units,
time-zone names and text boundaries from its own CLDR tables and Unicode code, and
decodes UTF-8/16/32 and Latin-1 itself (Reader decodes other encodings in Python), so
the ICU items for those (``REMOVED``) are never read. Removing them is ICU's own
documented way to shrink its data ("ICU Data Build Tool", data filtering); here it is
done on the built library with ICU's ``icupkg`` (Debian: icu-devtools), and the
result is linked back into a library of the same soname exporting the same one
symbol, ``icudtNN_dat``.

What the trimmed data must still do is checked by ``reader --self-test`` (a collation
that only ICU's data gives) and by the packaging tests.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

REMOVED = ("cnv", "brkitr", "unit", "zone", "curr", "lang", "region", "translit", "rbnf")
"""Item folders (and ``*.cnv`` conversion tables) of the ICU data Qt never reads."""


class IcuDataError(Exception):
    """The data library could not be trimmed; the message says why."""


def _symbol(library: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the ``icudtNN_dat`` symbol in ``library``."""
    syms = subprocess.run(
        ["readelf", "-W", "--dyn-syms", str(library)], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(
        r"([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\S+\s+\d+\s+(icudt\d+_dat)", syms
    )
    if match is None:
        raise IcuDataError(f"{library.name} exports no icudtNN_dat symbol")
    address, size, name = int(match.group(1), 16), int(match.group(2), 0), match.group(3)
    sections = subprocess.run(
        ["readelf", "-W", "-S", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in sections.splitlines():
        fields = line.replace("[", " ").replace("]", " ").split()
        if len(fields) > 5 and fields[2] == "PROGBITS":
            start, offset, length = int(fields[3], 16), int(fields[4], 16), int(fields[5], 16)
            if start <= address < start + length:
                return name, offset + (address - start), size
    raise IcuDataError(f"cannot find the section of {name} in {library.name}")


def _removed_items(listing: list[str]) -> list[str]:
    removed = []
    for item in listing:
        parts = item.split("/")
        if (len(parts) > 1 and parts[0] in REMOVED) or item.endswith(".cnv"):
            removed.append(item)
    return removed


def trim(library: Path) -> tuple[int, int]:
    """Replace ``library`` by one with the trimmed data; return (bytes before, after)."""
    for tool in ("icupkg", "gcc", "readelf"):
        if shutil.which(tool) is None:
            raise IcuDataError(
                f"{tool} is missing to trim ICU's data (Debian: apt-get install icu-devtools gcc)"
            )
    before = library.stat().st_size
    name, offset, size = _symbol(library)
    soname = re.search(
        r"SONAME\)\s+Library soname: \[([^\]]+)\]",
        subprocess.run(["readelf", "-d", str(library)], capture_output=True, text=True).stdout,
    )
    with tempfile.TemporaryDirectory(prefix="reader-icu-") as tmp:
        work = Path(tmp)
        # icupkg takes the package's name from the file's: icudtNNl.dat (l: little-endian)
        (work / "in").mkdir()
        (work / "out").mkdir()
        data = work / "in" / f"{name.removesuffix('_dat')}l.dat"
        with open(library, "rb") as f:
            f.seek(offset)
            data.write_bytes(f.read(size))
        listing = subprocess.run(
            ["icupkg", "-l", str(data)], capture_output=True, text=True, check=True
        ).stdout.split()
        removed = _removed_items(listing)
        (work / "removed.txt").write_text("\n".join(removed) + "\n")
        trimmed = work / "out" / data.name
        subprocess.run(
            ["icupkg", "-r", str(work / "removed.txt"), str(data), str(trimmed)],
            check=True, capture_output=True,
        )  # fmt: skip
        (work / "data.S").write_text(
            "\t.section .rodata\n"
            f"\t.globl {name}\n\t.type {name}, @object\n\t.balign 16\n"
            f'{name}:\n\t.incbin "{trimmed}"\n\t.size {name}, .-{name}\n'
            '\t.section .note.GNU-stack,"",@progbits\n'
        )
        out = work / library.name
        subprocess.run(
            ["gcc", "-shared", "-nostdlib", "-Wl,--build-id=sha1", "-Wl,-s",
             f"-Wl,-soname,{soname.group(1) if soname else library.name}",
             "-o", str(out), str(work / "data.S")],
            check=True, capture_output=True,
        )  # fmt: skip
        shutil.copyfile(out, library)
    return before, library.stat().st_size
