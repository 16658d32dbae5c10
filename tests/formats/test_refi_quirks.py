"""REFI-QDA projects shaped as QualCoder, NVivo and MAXQDA write them (issue 17).

No redistributable ``.qdpx`` written by those tools was found (searched: files ending
``.qdpx``, ``project.qde`` files, ``<Project`` elements with an ``origin`` of NVivo,
MAXQDA, ATLAS.ti or QualCoder in public repositories; the two ATLAS.ti samples found, in
enricllagostera/ponte, carry no licence and no sources). So each file here is written by
the test, following what is known of the tool's output, and each quirk names its source:

* QualCoder's exporter, ``src/qualcoder/refi.py`` in ccbogel/QualCoder at commit
  c3204641e0a997c08219d2377eb5736cd94504bc (``project_xml``, ``codebook_xml``,
  ``code_xml``, ``sources_xml``, ``text_selection_xml``, ``export_project``);
* what QualCoder's importer (same file) documents of NVivo and MAXQDA files:
  ``name_creating_user_create_date_source_path_helper`` ("MAXQDA uses sources, NVIVO
  uses Sources"), ``load_text_source`` (a Windows NVivo export's text has CRLF line ends
  that positions count as two characters; ATLAS.ti's count one), ``parse_links`` and
  ``parse_notes_for_plaintextselection_link`` (NVivo keeps an annotation as a ``Note``
  whose text is a file of its own, ``Link``-ed to a ``PlainTextSelection`` that has no
  ``Coding``), ``load_codings_for_text`` (MAXQDA writes selections with a
  ``Description`` and no ``Coding``; a coding whose code guid is a case's is case
  text), ``parse_case_for_file_variables`` (MAXQDA and Quirkos put a source's variables
  in a ``Case`` with no name and one ``SourceRef``), ``parse_sources`` (MAXQDA can write
  two text sources of the same name);
* QualCoder issues #106 and #156: NVivo codings that came in shifted.

Every coding must land on its words.
"""

from __future__ import annotations

import html
import shutil
import zipfile
from pathlib import Path

import pytest

from reader.store.project import Project

NS = "urn:QDA-XML:project:1.0"

INTERVIEW = (
    "Interview with a ferry user\n"
    "\n"
    "Q: How do you get to work?\n"
    "A: I take the 7.10 ferry — or I did, until they cut it. Now I drive round the bay.\n"
    "Q: What did the council say?\n"
    "A: Nothing. A notice on the terminal door, that's all we got. 😠\n"
)
CODED = {
    "sel-1": ("I take the 7.10 ferry", "code-ferry"),
    "sel-2": ("Now I drive round the bay", "code-car"),
    "sel-3": ("A notice on the terminal door", "code-council"),
}


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _landed(project: Project) -> dict[str, tuple[str, tuple[str, ...], str]]:
    """Each annotation: (the words it covers, its tag names, its note)."""
    names = {t.id: t.name for t in project.tags()}
    out = {}
    for a in project.annotations():
        assert not a.orphan
        text = project.load(a.document_id).text
        assert text[a.start : a.end] == a.exact
        out[a.exact] = (a.exact, tuple(names[t] for t in a.tags), a.note)
    return out


# ---- QualCoder ----------------------------------------------------------------------------


def _qualcoder_qdpx(folder: Path, maxqda_line_ends: bool) -> Path:
    """As QualCoder's ``export_project`` writes one: ``project.qde`` and a ``sources/``
    folder zipped by ``shutil.make_archive`` (so the zip holds the folder's own entry),
    each text as UTF-8 *with a BOM* (``encoding="utf-8-sig"``), and with the "MAXQDA"
    line-ending choice each "\\n" written as "\\r\\n" while the positions stay those of
    the "\\n" text."""
    prep = folder / "prep"
    (prep / "sources").mkdir(parents=True)
    text = INTERVIEW.replace("\n", "\r\n") if maxqda_line_ends else INTERVIEW
    (prep / "sources" / "src-1.txt").write_text(text, encoding="utf-8-sig", newline="")
    selections = ""
    for guid, (words, code) in CODED.items():
        start, end = _span(INTERVIEW, words)
        memo = "<Description>Said with feeling &amp; at length</Description>\n" if (
            guid == "sel-3") else ""  # fmt: skip
        selections += (
            f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}" '
            f'name="{html.escape(words)}" creatingUser="user-1" '
            'creationDateTime="2026-03-01T10:00:00Z">\n'
            f'{memo}<Coding guid="c-{guid}" creatingUser="user-1" >\n'
            f'<CodeRef targetGUID="{code}" />\n</Coding>\n</PlainTextSelection>\n'
        )
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>\n<Project '
        'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="ferry.qda" '
        'origin="QualCoder 3.6" creatingUserGUID="user-0" '
        'creationDateTime="2026-03-01T09:00:00Z" xmlns="urn:QDA-XML:project:1.0">\n'
        '<Users>\n<User guid="user-1" name="Ann" />\n</Users>\n'
        "<CodeBook>\n<Codes>\n"
        '<Code guid="code-council" name="Council" isCodable="true" color="#F7C8D0" />\n'
        '<Code guid="cat-1" name="Transport" isCodable="false">\n'
        "<Description>How people travel</Description>\n"
        '<Code guid="code-ferry" name="Ferry" isCodable="true" color="#9BD1FF" />\n'
        '<Code guid="code-car" name="Car" isCodable="true" color="#FFE08A" />\n'
        "</Code>\n</Codes>\n</CodeBook>\n"
        "<Sources>\n"
        '<TextSource plainTextPath="internal://src-1.txt" creatingUser="user-1" '
        'creationDateTime="2026-03-01T09:30:00Z" guid="src-1" name="ferry interview.txt">\n'
        f"{selections}</TextSource>\n</Sources>\n</Project>"
    )
    (prep / "project.qde").write_text(qde, encoding="utf-8")
    archive = shutil.make_archive(str(folder / "ferry"), "zip", prep)
    return Path(archive).rename(folder / "ferry.qdpx")


@pytest.mark.parametrize("maxqda_line_ends", [False, True])
def test_a_qualcoder_project_lands_every_coding_on_its_words(tmp_path, maxqda_line_ends):
    path = _qualcoder_qdpx(tmp_path, maxqda_line_ends)
    assert "sources/" in zipfile.ZipFile(path).namelist()  # make_archive's folder entry
    with Project.open(tmp_path / "p.reader") as project:
        outcomes = project.import_files([path])
        assert [(o.status, o.item) for o in outcomes] == [("imported", "ferry interview.txt")]
        doc = project.load(outcomes[0].document_id)
        assert not doc.text.startswith("\ufeff") and "\r" not in doc.text
        assert _landed(project) == {
            "I take the 7.10 ferry": ("I take the 7.10 ferry", ("Ferry",), ""),
            "Now I drive round the bay": ("Now I drive round the bay", ("Car",), ""),
            "A notice on the terminal door": (
                "A notice on the terminal door", ("Council",), "Said with feeling & at length",
            ),
        }  # fmt: skip
        tags = {t.name: t for t in project.tags()}
        # A category (isCodable="false", no colour) is the parent of its codes.
        assert tags["Ferry"].parent == tags["Transport"].id
        assert tags["Transport"].description == "How people travel"
        assert tags["Ferry"].colour == "#9bd1ff"
        assert {a.coder for a in project.annotations()} == {"Ann"}


# ---- NVivo --------------------------------------------------------------------------------


def _nvivo_qdpx(path: Path) -> None:
    """As an NVivo for Windows export is known to be: ``Sources/`` with a capital S, the
    text with CRLF line ends counted as two characters, no quoted text in the selections'
    names, an annotation as a ``Note`` with its text in a file of its own ``Link``-ed to a
    selection without ``Coding``, and a case's text coded with the case's guid."""
    crlf = INTERVIEW.replace("\n", "\r\n")
    selections = ""
    for guid, (words, code) in CODED.items():
        start, end = _span(crlf, words)
        selections += (
            f'<PlainTextSelection guid="{guid}" name="" startPosition="{start}" '
            f'endPosition="{end}" creatingUser="user-1">'
            f'<Coding guid="c-{guid}" creatingUser="user-1"><CodeRef targetGUID="{code}" />'
            "</Coding></PlainTextSelection>"
        )
    start, end = _span(crlf, "until they cut it")
    selections += (
        f'<PlainTextSelection guid="sel-ann" name="" startPosition="{start}" '
        f'endPosition="{end}" creatingUser="user-1" />'
    )
    start, end = _span(crlf, "A: Nothing.")
    selections += (
        f'<PlainTextSelection guid="sel-case" name="" startPosition="{start}" '
        f'endPosition="{end}"><Coding guid="c-case"><CodeRef targetGUID="case-1" />'
        "</Coding></PlainTextSelection>"
    )
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" name="Ferry" '
        'origin="NVivo for Windows 14.23" creatingUserGUID="user-1" basePath="" '
        f'xmlns="{NS}">'
        '<Users><User guid="user-1" name="Coder One" /></Users>'
        "<CodeBook><Codes>"
        '<Code guid="code-transport" name="Transport" isCodable="true">'
        '<Code guid="code-ferry" name="Ferry" isCodable="true" />'
        '<Code guid="code-car" name="Car" isCodable="true" /></Code>'
        '<Code guid="code-council" name="Council" isCodable="true" />'
        '<Code guid="case-1" name="Respondent 1" isCodable="true" />'
        "</Codes></CodeBook>"
        '<Cases><Case guid="case-1" name="Respondent 1"><SourceRef targetGUID="src-1" />'
        "</Case></Cases>"
        '<Sources><TextSource guid="src-1" name="Ferry interview" '
        'richTextPath="internal://src-1.docx" plainTextPath="internal://src-1.txt">'
        f"{selections}</TextSource></Sources>"
        '<Notes><Note guid="note-1" name="Annotation" '
        'plainTextPath="internal://note-1.txt" /></Notes>'
        '<Links><Link guid="link-1" name="" direction="OneWay" originGUID="note-1" '
        'targetGUID="sel-ann" /></Links>'
        "</Project>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", qde.encode("utf-8"))
        z.writestr("Sources/src-1.txt", crlf.encode("utf-8"))
        z.writestr("Sources/src-1.docx", b"PK not read")
        z.writestr("Sources/note-1.txt", b"He means the 7.10 winter sailing.\r\n")


def test_an_nvivo_project_lands_every_coding_and_its_annotation(tmp_path):
    path = tmp_path / "nvivo.qdpx"
    _nvivo_qdpx(path)
    with Project.open(tmp_path / "p.reader") as project:
        outcomes = project.import_files([path])
        assert [o.status for o in outcomes] == ["imported"]
        landed = _landed(project)
        assert landed == {
            "I take the 7.10 ferry": ("I take the 7.10 ferry", ("Ferry",), ""),
            "Now I drive round the bay": ("Now I drive round the bay", ("Car",), ""),
            "A notice on the terminal door": (
                "A notice on the terminal door", ("Council",), "",
            ),
            "until they cut it": ("until they cut it", (), "He means the 7.10 winter sailing."),
        }  # fmt: skip
        # The case's text is not a coding, and the case is not a code.
        assert "Respondent 1" not in {t.name for t in project.tags()}
        assert {a.coder for a in project.annotations()} == {"Coder One"}


# ---- MAXQDA -------------------------------------------------------------------------------


def _maxqda_qdpx(path: Path) -> None:
    """As MAXQDA's exports are known to be: lowercase ``sources/``, CRLF counted as two,
    the selected text as each selection's name, a comment as a selection with a
    ``Description`` and no ``Coding``, a source's variables in a ``Case`` with no name and
    one ``SourceRef``, and two text sources of the same name."""
    crlf = INTERVIEW.replace("\n", "\r\n")
    other = "Second interview\r\n\r\nA: The bus takes an hour longer.\r\n"

    def selection(guid, text, words, code=None, description=None):
        start, end = _span(text, words)
        inner = f"<Description>{description}</Description>" if description else ""
        if code:
            inner += f'<Coding guid="c-{guid}"><CodeRef targetGUID="{code}"/></Coding>'
        return (
            f'<PlainTextSelection guid="{guid}" name="{html.escape(words)}" '
            f'startPosition="{start}" endPosition="{end}" creatingUser="user-1">{inner}'
            "</PlainTextSelection>"
        )

    first = "".join(selection(g, crlf, w, c) for g, (w, c) in CODED.items())
    first += selection("sel-comment", crlf, "until they cut it", description="Check the date")
    second = selection("sel-bus", other, "The bus takes an hour longer", "code-car")
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<Project origin="MAXQDA 24 (Release 24.4.0)" name="Ferry" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="{NS}">'
        '<Users><User guid="user-1" name="MAXQDA user" /></Users>'
        "<CodeBook><Codes>"
        '<Code guid="code-ferry" name="Ferry" isCodable="true" color="#FF0000"/>'
        '<Code guid="code-car" name="Car" isCodable="true" color="#00FF00"/>'
        '<Code guid="code-council" name="Council" isCodable="true" color="#0000FF"/>'
        "</Codes></CodeBook>"
        '<Variables><Variable guid="var-age" name="Age" typeOfVariable="Integer"/>'
        '<Variable guid="var-place" name="Village" typeOfVariable="Text"/></Variables>'
        '<Cases><Case guid="case-src-1"><VariableValue><VariableRef targetGUID="var-age"/>'
        "<IntegerValue>54</IntegerValue></VariableValue><VariableValue>"
        '<VariableRef targetGUID="var-place"/><TextValue>Harbourside</TextValue>'
        '</VariableValue><SourceRef targetGUID="src-1"/></Case></Cases>'
        "<Sources>"
        f'<TextSource guid="src-1" name="Interview" plainTextPath="internal://src-1.txt">'
        f"{first}</TextSource>"
        f'<TextSource guid="src-2" name="Interview" plainTextPath="internal://src-2.txt">'
        f"{second}</TextSource>"
        "</Sources></Project>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", qde.encode("utf-8"))
        z.writestr("sources/src-1.txt", crlf.encode("utf-8"))
        z.writestr("sources/src-2.txt", other.encode("utf-8"))


def test_a_maxqda_project_lands_codings_comments_and_variables(tmp_path):
    path = tmp_path / "maxqda.qdpx"
    _maxqda_qdpx(path)
    with Project.open(tmp_path / "p.reader") as project:
        outcomes = project.import_files([path])
        assert [(o.status, o.item) for o in outcomes] == [
            ("imported", "Interview"), ("imported", "Interview"),
        ]  # fmt: skip
        assert _landed(project) == {
            "I take the 7.10 ferry": ("I take the 7.10 ferry", ("Ferry",), ""),
            "Now I drive round the bay": ("Now I drive round the bay", ("Car",), ""),
            "A notice on the terminal door": (
                "A notice on the terminal door", ("Council",), "",
            ),
            "until they cut it": ("until they cut it", (), "Check the date"),
            "The bus takes an hour longer": ("The bus takes an hour longer", ("Car",), ""),
        }  # fmt: skip
        first = dict(project.load(outcomes[0].document_id).metadata)
        assert first["Age"] == "54" and first["Village"] == "Harbourside"
        assert "Age" not in dict(project.load(outcomes[1].document_id).metadata)
