"""What QualCoder's REFI-QDA project import makes of a ``.qdpx``: a reproduction, for tests.

QualCoder (``ccbogel/QualCoder``, GPL-3.0) imports a project in
``src/qualcoder/refi.py`` (``RefiImport.import_project``; read at commit
c3204641e0a997c08219d2377eb5736cd94504bc). Its code needs PyQt6 and a running QualCoder,
so this module is not it: it repeats, step by step and in the same order, the checks and
the reading that decide what arrives in QualCoder's database, into the tables QualCoder
creates (``__main__.py``, the same columns and unique constraints), and nothing else
(progress dialogs, messages, audio/video/pdf/picture sources, Notes and Links, Sets left
out: Reader writes none of them). What it repeats:

* the zip is extracted to a folder; the sources folder is ``/Sources`` unless an entry
  named exactly ``sources`` exists; the project file is the last ``*.qde`` listed;
* the namespace version is taken from the children's tags (``{urn:QDA-XML:project:V}``);
* ``Users``: guid and name; ``CodeBook``: ``list(CodeBook)[0]`` is the ``Codes`` element,
  each ``Code`` walked by ``sub_codes``: a category only when ``isCodable="false"``, a
  codable code under a code gets ``supercid``; a name already taken (``unique(name)``)
  reuses that code's cid; the ``Description`` child's text is the memo; the ``color``
  attribute is kept as written (QualCoder then maps it to the nearest colour of its own
  palette with ``color_matcher``, which is not reproduced);
* ``TextSource``: a name already used gets a numbered prefix; the text file is
  ``folder + sources_name + plainTextPath.split('internal:/')[1]``; if the file's first line
  ends in CRLF every LF is followed by a space (unless the origin contains "ATLAS"); the text
  is read with ``open(encoding='utf-8', errors='replace')`` (universal newlines) and the file
  is then copied to ``documents/<name>.<ext>`` (an error is reported, as QualCoder does);
* ``PlainTextSelection``: ``seltext = fulltext[pos0:pos1]``; ``Description``'s text is the
  memo; each ``Coding`` inserts a ``code_text`` row for ``list(Coding)[0]``'s code
  (``unique(cid,fid,pos0,pos1,owner)``: a duplicate is reported and dropped); a selection
  without a coding becomes an ``annotation`` with the memo;
* ``Cases``: a named case is inserted (``unique(name)``) with its ``Description`` as memo;
  then every code whose guid is a case's guid is deleted and its ``code_text`` rows become
  that case's ``case_text`` rows (``clean_up_case_codes_and_case_text``).

XML is parsed with ``xml.etree.ElementTree``, as QualCoder does.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import zipfile
from pathlib import Path
from xml.etree import ElementTree as etree

TABLES = (
    "CREATE TABLE source (id integer primary key, name text, fulltext text, mediapath text, "
    "memo text, owner text, date text, av_text_id integer, risid integer, unique(name))",
    "CREATE TABLE annotation (anid integer primary key, fid integer,pos0 integer, pos1 integer, "
    "memo text, owner text, date text, unique(fid,pos0,pos1,owner))",
    "CREATE TABLE case_text (id integer primary key, caseid integer, fid integer, pos0 integer, "
    "pos1 integer, owner text, date text, memo text)",
    "CREATE TABLE cases (caseid integer primary key, name text, memo text, owner text,date text, "
    "constraint ucm unique(name))",
    "CREATE TABLE code_cat (catid integer primary key, name text, owner text, date text, "
    "memo text, supercatid integer, unique(name))",
    "CREATE TABLE code_text (ctid integer primary key, cid integer, fid integer,seltext text, "
    "pos0 integer, pos1 integer, owner text, date text, memo text, avid integer, "
    "important integer, unique(cid,fid,pos0,pos1, owner))",
    "CREATE TABLE code_name (cid integer primary key, name text, memo text, catid integer, "
    "owner text,date text, color text, supercid integer, unique(name))",
)


class QualCoderImport:
    """Import ``qdpx`` into a fresh database under ``workdir``; ``conn`` holds the result and
    ``messages`` what QualCoder would have shown in its import log as errors."""

    def __init__(self, qdpx: Path, workdir: Path) -> None:
        self.conn = sqlite3.connect(":memory:")
        for sql in TABLES:
            self.conn.execute(sql)
        self.project_path = workdir / "project.qda"
        (self.project_path / "documents").mkdir(parents=True)
        self.folder_name = str(workdir / "extracted_temporary")
        self.messages: list[str] = []
        self.users: list[dict] = []
        self.codes: list[dict] = []
        self.cases: list[dict] = []
        self.sources: list[dict] = []
        self.source_name_prefix = 0
        self.xmlns_version = "1.0"
        with zipfile.ZipFile(qdpx) as z:
            z.extractall(self.folder_name)
        contents = os.listdir(self.folder_name)
        self.sources_name = "/sources" if "sources" in contents else "/Sources"
        projectqde = "project.qde"
        for c in contents:
            if Path(c).suffix == ".qde":
                projectqde = c
        root = etree.parse(os.path.join(self.folder_name, projectqde)).getroot()
        for child in root:
            self.xmlns_version = child.tag.split("{urn:QDA-XML:project:")[1].split("}")[0]
        self.software_name = root.get("origin") or ""
        ns = f"{{urn:QDA-XML:project:{self.xmlns_version}}}"
        self.ns = ns
        for c in root:
            if c.tag == f"{ns}Users":
                for el in c:
                    self.users.append({"name": el.get("name"), "guid": el.get("guid")})
            if c.tag == f"{ns}CodeBook":
                for code in list(c)[0]:
                    self._sub_codes(code, None)
        for c in root:
            if c.tag == f"{ns}Sources":
                for el in c:
                    if el.tag == f"{ns}TextSource":
                        self._load_text_source(el)
        for c in root:
            if c.tag == f"{ns}Cases":
                self._parse_cases(c)
        self._clean_up_case_codes_and_case_text()
        shutil.rmtree(self.folder_name)

    # -- the steps, in QualCoder's order --------------------------------------------------

    def _sub_codes(self, parent, cat_id, super_cid=None) -> None:
        ns = self.ns
        description = ""
        for el in parent:
            if el.tag == f"{ns}Description":
                description = el.text
        children = [el for el in parent if el.tag == f"{ns}Code"]
        cur = self.conn.cursor()
        if parent.get("isCodable") == "false":
            last = None
            name = parent.get("name")
            if name is not None:
                try:
                    cur.execute(
                        "insert into code_cat (name, memo, owner, date, supercatid) "
                        "values(?,?,'','',?)", [name, description, cat_id],
                    )  # fmt: skip
                    last = cur.lastrowid
                except sqlite3.IntegrityError:
                    row = cur.execute("select catid from code_cat where name=?", [name]).fetchone()
                    last = row[0] if row else None
            for el in children:
                self._sub_codes(el, last, None)
            return
        name = parent.get("name")
        link_catid, link_supercid = (None, super_cid) if super_cid is not None else (cat_id, None)
        cid = None
        if name is not None:
            try:
                cur.execute(
                    "insert into code_name (name,memo,owner,date,catid,color,supercid) "
                    "values(?,?,'','',?,?,?)",
                    [name, description, link_catid, parent.get("color"), link_supercid],
                )
                cid = cur.lastrowid
                self.codes.append({"guid": parent.get("guid"), "cid": cid})
            except sqlite3.IntegrityError:
                row = cur.execute("select cid from code_name where name=?", [name]).fetchone()
                cid = row[0] if row else None
        for el in children:
            self._sub_codes(el, None, cid)

    def _load_text_source(self, element) -> None:
        ns = self.ns
        name = element.get("name")
        for s in self.sources:
            if name == s["name"]:
                self.source_name_prefix += 1
                name = f"{self.source_name_prefix}_{name}"
                break
        source_path = (
            self.folder_name
            + self.sources_name
            + element.get("plainTextPath").split("internal:/")[1]
        )
        memo = ""
        for el in element:
            if el.tag == f"{ns}Description":
                memo = el.text
        add_ending = False
        with open(source_path, "rb") as f:
            while True:
                c = f.read(1)
                if not c or c == b"\n":
                    break
                if c == b"\r" and f.read(1) == b"\n":
                    add_ending = True
        if "ATLAS" in self.software_name:
            add_ending = False
        with open(source_path, encoding="utf-8", errors="replace") as f:
            fulltext = f.read()
        if add_ending:
            fulltext = fulltext.replace("\n", "\n ")
        cur = self.conn.cursor()
        cur.execute(
            "insert into source(name,fulltext,memo,owner,date) values(?,?,?,?,?)",
            (name, fulltext, memo, "", ""),
        )
        source = {"name": name, "id": cur.lastrowid, "fulltext": fulltext,
                  "guid": element.get("guid")}  # fmt: skip
        self.sources.append(source)
        destination = f"{self.project_path}/documents/{name}.{source_path.split('.')[-1]}"
        try:
            shutil.copyfile(source_path, destination)
        except Exception as err:
            self.messages.append(f"Cannot copy TextSource file from: {source_path}\nto: "
                                 f"{destination}\n{err}")  # fmt: skip
        for el in element:
            if el.tag == f"{ns}PlainTextSelection":
                self._load_codings_for_text(source, el)

    def _load_codings_for_text(self, source: dict, element) -> None:
        ns = self.ns
        pos0 = int(element.get("startPosition"))
        pos1 = int(element.get("endPosition"))
        seltext = source["fulltext"][pos0:pos1]
        owner = next(
            (u["name"] for u in self.users if u["guid"] == element.get("creatingUser")), "default"
        )
        memo = ""
        for el in element:
            if el.tag == f"{ns}Description" and el.text is not None:
                memo = el.text
        annotation = True
        cur = self.conn.cursor()
        for el in element:
            if el.tag == f"{ns}Coding":
                annotation = False
                code_ref = list(el)[0]
                cid = None
                for c in self.codes:
                    if c["guid"] == code_ref.get("targetGUID"):
                        cid = c["cid"]
                try:
                    cur.execute(
                        "insert into code_text (cid,fid,seltext,pos0,pos1,owner,memo,date) "
                        "values(?,?,?,?,?,?,?,?)",
                        (cid, source["id"], seltext, pos0, pos1, owner, memo, ""),
                    )
                except sqlite3.IntegrityError:
                    self.messages.append(f"Duplicated text coding for code and coder: cid {cid}")
        if annotation:
            cur.execute(
                "insert into annotation (fid,pos0,pos1,memo,owner,date) values (?,?,?,?,?,?)",
                [source["id"], pos0, pos1, memo, owner, ""],
            )

    def _parse_cases(self, element) -> None:
        ns = self.ns
        cur = self.conn.cursor()
        for el in element:
            item = {"name": el.get("name"), "guid": el.get("guid"), "memo": ""}
            if item["name"] is None:
                continue
            for d in el:
                if d.tag == f"{ns}Description":
                    item["memo"] = d.text
            try:
                cur.execute(
                    "insert into cases (name,memo,owner,date) values(?,?,?,?)",
                    (item["name"], item["memo"], "", ""),
                )
                item["caseid"] = cur.lastrowid
                self.cases.append(item)
            except sqlite3.Error as err:
                self.messages.append(f"Error entering Case into database\n{err}")

    def _clean_up_case_codes_and_case_text(self) -> None:
        cur = self.conn.cursor()
        case_texts = []
        for case in self.cases:
            for code in self.codes:
                if case["guid"] == code["guid"]:
                    cur.execute("delete from code_name where cid=?", (code["cid"],))
                    case_texts += cur.execute(
                        "select ? as 'caseid', fid, pos0,pos1, owner, date, memo from code_text "
                        "where cid=?", (case["caseid"], code["cid"]),
                    ).fetchall()  # fmt: skip
                    cur.execute("delete from code_text where cid=?", (code["cid"],))
        for c in case_texts:
            cur.execute(
                "insert into case_text (caseid,fid,pos0,pos1,owner, date, memo) "
                "values(?,?,?,?,?,?,?)", c,
            )  # fmt: skip
