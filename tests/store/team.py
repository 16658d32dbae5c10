"""A two-coder project made from the seeds, with agreement figures worked out by hand.

Seed 000 has twelve comments. Ada and Ben each tag a few words in some of them:

* "Claim": Ada in comments 1 2 3 4 6 9, Ben in 1 2 3 7 9 10 (counting from 1). Both: 4,
  Ada only: 2, Ben only: 2, neither: 4. p_o = 8/12, each coder's "yes" share is .5, so
  p_e = .5 and Cohen's κ = (.667 − .5)/.5 = 1/3. Krippendorff: 24 values, 12 of each,
  8 off-diagonal coincidences: α = 1 − 23·8/(2·12·12) = .3611.
* "Source": Ada in comment 5, Ben in 5 and 8: p_o = 11/12, p_e = (1·2 + 11·10)/144,
  κ = (132 − 112)/(144 − 112) = .625; α = 1 − 23·2/(2·3·21) = .6349.
* Both tags pooled (24 decisions): 5 both, 2 Ada only, 3 Ben only, 14 neither:
  κ = (456 − 328)/(576 − 328) = .5161; α = 1 − 47·10/(2·15·33) = .5253.
"""

from __future__ import annotations

from pathlib import Path

from reader.store.project import Project

CLAIM = {"Ada": (0, 1, 2, 3, 5, 8), "Ben": (0, 1, 2, 6, 8, 9)}
SOURCE = {"Ada": (4,), "Ben": (4, 7)}
EXPECTED = {  # tag: (Cohen's kappa, Krippendorff's alpha), by comment
    "Claim": (1 / 3, 1 - 23 * 8 / (2 * 12 * 12)),
    "Source": (20 / 32, 1 - 46 / 126),
    None: (128 / 248, 1 - 470 / 990),
}


def build_copy(folder: Path, seed: Path, coder: str, shared_tags: dict | None = None) -> Path:
    """One coder's copy of the project: the seed imported, the codebook (the same tag ids
    when ``shared_tags`` maps names to ids) and that coder's coding."""
    path = folder / f"{coder.lower()}.reader"
    with Project.open(path, backup_dir=folder / "backups", coder=coder) as p:
        p.import_files([seed])
        doc_id = p.documents()[0].id
        ids = {}
        for name in ("Claim", "Source"):
            tag_id = (shared_tags or {}).get(name)
            ids[name] = p.add_tag(name, tag_id=tag_id).id
        doc = p.load(doc_id)
        for name, chosen in (("Claim", CLAIM[coder]), ("Source", SOURCE[coder])):
            for k in chosen:
                c = doc.comments[k]
                start = c.parts[0][0] if c.parts else c.start
                # Ben's passages are a little longer: the same comment, other characters.
                end = min(c.end, start + (12 if coder == "Ada" else 20))
                p.add_annotation(doc_id, start, end, [ids[name]])
    return path


def build_team(folder: Path, seeds: list[Path]) -> Project:
    """Both coders' coding in one project (as if Ada and Ben shared one file)."""
    seed = next(s for s in seeds if s.name.startswith("000_"))
    path = folder / "team.reader"
    with Project.open(path, backup_dir=folder / "backups", coder="Ada") as p:
        p.import_files([seed])
        doc_id = p.documents()[0].id
        ids = {name: p.add_tag(name).id for name in ("Claim", "Source")}
        doc = p.load(doc_id)
        for coder in ("Ada", "Ben"):
            for name, table in (("Claim", CLAIM), ("Source", SOURCE)):
                for k in table[coder]:
                    c = doc.comments[k]
                    start = c.parts[0][0] if c.parts else c.start
                    end = min(c.end, start + (12 if coder == "Ada" else 20))
                    p.add_annotation(doc_id, start, end, [ids[name]], coder=coder)
    return Project.open(path, backup_dir=folder / "backups", coder="Ada")
