"""Agreement on a two-coder project made from the seeds (numbers worked out in team.py),
from the store and from ``reader agreement``."""

from __future__ import annotations

import csv
import io
import json

import pytest

from reader.app import main
from reader.store import agreement_input as ai
from reader.store.export.agreement_export import write_xlsx
from tests.store.team import EXPECTED, build_team


@pytest.fixture
def team(tmp_path, seeds):
    p = build_team(tmp_path, seeds)
    yield p
    p.close()


def test_by_comment_gives_the_reference_kappa_and_alpha(team):
    result = ai.measure(team, unit="comment")
    report = result.report
    assert report.coders == ("Ada", "Ben")
    names = {f.tag: f for f in report.tags}
    by_name = {result.tag_names[t]: f for t, f in names.items()}
    for name in ("Claim", "Source"):
        kappa, alpha = EXPECTED[name]
        assert by_name[name].units == 12
        assert by_name[name].cohen == pytest.approx(kappa)
        assert by_name[name].alpha == pytest.approx(alpha)
    kappa, alpha = EXPECTED[None]
    assert report.overall.cohen == pytest.approx(kappa)
    assert report.overall.alpha == pytest.approx(alpha)
    # 4 comments differ on Claim, 1 on Source.
    assert len(report.disagreements) == 5
    assert {d.where for d in report.disagreements} >= {"comment 4", "comment 8"}


def test_by_character_every_character_and_the_unitizing_alpha(team):
    report = ai.measure(team, unit="character").report
    assert report.tags[0].units == len(team.load(team.documents()[0].id).text)
    # Where both tagged a comment, Ben's passage runs on 8 characters past Ada's.
    assert all(f.cohen is not None and 0 < f.cohen < 1 for f in report.tags)
    assert report.overall.alpha is not None and report.overall.alpha < 1


def test_cli_agreement_table_json_csv_and_filters(team, tmp_path, capsys):
    path = str(team.path)
    team.close()
    assert main(["agreement", path, "--unit", "comment"]) == 0
    out = capsys.readouterr().out
    assert "coders: Ada, Ben; unit: comment" in out
    assert "5 places where the coders differ" in out
    assert main(["agreement", path, "--unit", "comment", "--json", "--tags", "claim"]) == 0
    data = json.loads(capsys.readouterr().out)
    [claim, overall] = data["figures"]
    assert claim["tag"] == "Claim" and claim["Cohen's kappa"] == round(EXPECTED["Claim"][0], 4)
    assert overall["Krippendorff's alpha"] == round(EXPECTED["Claim"][1], 4)
    assert len(data["disagreements"]) == 4
    assert main(["agreement", path, "--unit", "comment", "--csv", "--disagreements"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["applied by"] for r in rows} == {"Ada", "Ben"}
    assert main(["agreement", path, "--coders", "ben,ADA", "--unit", "comment"]) == 0
    assert "coders: Ben, Ada; unit: comment" in capsys.readouterr().out
    assert main(["agreement", path, "--coders", "Ada,Zoe"]) == 2
    assert "no coder 'Zoe'" in capsys.readouterr().err
    assert main(["agreement", path, "--tags", "Nope"]) == 2


def test_the_tables_export_to_xlsx(team, tmp_path):
    import zipfile

    result = ai.measure(team, unit="paragraph")
    out = tmp_path / "agreement.xlsx"
    figures = ("Agreement", ai.FIGURE_COLUMNS, ai.figure_rows(result))
    places = ("Disagreements", ai.DISAGREEMENT_COLUMNS, ai.disagreement_rows(result))
    write_xlsx(out, [figures, places])
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
    assert "xl/worksheets/sheet2.xml" in names
    assert "Krippendorff" in strings and "comment 4" in strings
