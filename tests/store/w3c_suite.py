"""The W3C Web Annotation test suite's JSON schemas, run the way its harness runs them.

The suite (``w3c/web-annotation-tests``, vendored in ``data/w3c-annotation-tests``, see the
README there) describes each check as a draft-04 JSON schema with an ``assertionType``
(``must``/``should``/``may``) and an ``expectedResult`` (``valid``/``invalid``); a ``.test``
file lists the checks for one kind of object. :func:`failures` runs every check of a
``.test`` file on an object and gives the error message of each ``must`` that does not
hold (formats checked, ``uri`` included).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SUITE = Path(__file__).parent / "data" / "w3c-annotation-tests"
ANNOTATION_MUSTS = "annotations/annotationMusts.test"
PAGE_MUSTS = "collections/pages/pageMusts.test"


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted((SUITE / "definitions").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(schema, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


@cache
def _checks(test_file: str) -> tuple[dict, ...]:
    listed = json.loads((SUITE / test_file).read_text(encoding="utf-8"))["assertions"]
    return tuple(json.loads((SUITE / name).read_text(encoding="utf-8")) for name in listed)


def failures(test_file: str, instance: object) -> list[str]:
    """The messages of the ``must`` checks of ``test_file`` that ``instance`` fails."""
    failed = []
    for check in _checks(test_file):
        if check.get("assertionType", "must") != "must":
            continue
        validator = Draft4Validator(check, registry=_registry(), format_checker=FormatChecker())
        valid = validator.is_valid(instance)
        if valid != (check.get("expectedResult", "valid") == "valid"):
            failed.append(f"{check['id']}: {check.get('errorMessage', check.get('title'))}")
    return failed
