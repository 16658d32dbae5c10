"""Choose a UTF-8 character type for the process before Qt starts.

Qt 6 needs a UTF-8 locale. Started from a minimal environment (``env -i``, a cron job, a
service, some desktop launchers) the locale is "C" with ASCII, and Qt then switches to
C.UTF-8 itself but says so with a warning on every start (which ``--self-test`` rightly
counts as a fault). So when the locale the environment asks for does not use UTF-8,
``ensure_utf8_locale`` sets ``LC_CTYPE`` to the first UTF-8 locale the C library has,
before Qt reads the environment. Only the character type changes: the user's language,
number, date and sort settings stay (a non-UTF-8 ``LC_ALL``, which would override
``LC_CTYPE``, is spread over the other categories instead). Programs Reader starts
inherit the UTF-8 character type, which every current program expects.

Plain Python, no Qt.
"""

from __future__ import annotations

import locale
import logging
import os
from collections.abc import MutableMapping

log = logging.getLogger(__name__)

CANDIDATES = ("C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8")
"""UTF-8 locales to try, most neutral first (C.UTF-8 is in every current glibc)."""

OTHER_CATEGORIES = ("LC_COLLATE", "LC_MONETARY", "LC_NUMERIC", "LC_TIME", "LC_MESSAGES")


def _is_utf8(codeset: str) -> bool:
    return codeset.replace("-", "").lower() == "utf8"


def _codeset_for(name: str) -> str | None:
    """The codeset of locale ``name`` ("" = from the environment), or None if unavailable."""
    saved = locale.setlocale(locale.LC_CTYPE)
    try:
        locale.setlocale(locale.LC_CTYPE, name)
        return locale.nl_langinfo(locale.CODESET)
    except locale.Error:
        return None
    finally:
        locale.setlocale(locale.LC_CTYPE, saved)


def ensure_utf8_locale(environ: MutableMapping[str, str] | None = None) -> str | None:
    """Make the environment's character type UTF-8; return the locale chosen, or None.

    None when the environment already asks for UTF-8 (nothing changes), or on a platform
    without POSIX locales, or when no UTF-8 locale is installed (Qt then does its best).
    """
    if environ is None:
        environ = os.environ
    if os.name != "posix" or not hasattr(locale, "nl_langinfo"):
        return None
    wanted = environ.get("LC_ALL") or environ.get("LC_CTYPE") or environ.get("LANG") or "C"
    codeset = _codeset_for(wanted)
    if codeset is not None and _is_utf8(codeset):
        return None
    chosen = next((c for c in CANDIDATES if _is_utf8(_codeset_for(c) or "")), None)
    if chosen is None:
        log.warning("no UTF-8 locale is installed; Qt will choose one itself")
        return None
    all_categories = environ.pop("LC_ALL", None)
    if all_categories:
        for name in OTHER_CATEGORIES:
            environ[name] = all_categories
    environ["LC_CTYPE"] = chosen
    log.info("locale %r is not UTF-8; using %s for the character type", wanted, chosen)
    return chosen
