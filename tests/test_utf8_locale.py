"""Qt gets a UTF-8 character type even when started from a bare environment."""

import locale

import pytest

from reader.utf8_locale import ensure_utf8_locale

pytestmark = pytest.mark.skipif(not hasattr(locale, "nl_langinfo"), reason="POSIX locales")


def test_a_c_locale_gets_a_utf8_character_type():
    env = {"HOME": "/home/ana"}
    chosen = ensure_utf8_locale(env)
    assert chosen is not None and "utf" in chosen.lower()
    assert env == {"HOME": "/home/ana", "LC_CTYPE": chosen}


def test_a_utf8_locale_is_left_alone():
    env = {"LANG": "C.UTF-8"}
    assert ensure_utf8_locale(env) is None
    assert env == {"LANG": "C.UTF-8"}


def test_a_non_utf8_lc_all_keeps_its_other_categories():
    env = {"LC_ALL": "C", "LC_TIME": "ignored-under-lc-all"}
    chosen = ensure_utf8_locale(env)
    assert "LC_ALL" not in env
    assert env["LC_CTYPE"] == chosen
    assert env["LC_TIME"] == "C" and env["LC_MESSAGES"] == "C" and env["LC_COLLATE"] == "C"


def test_an_unknown_locale_is_treated_as_not_utf8():
    env = {"LANG": "xx_NOWHERE.ISO-8859-1"}
    assert ensure_utf8_locale(env) is not None
    assert env["LANG"] == "xx_NOWHERE.ISO-8859-1"
