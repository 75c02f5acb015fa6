"""rolecomp.set_language: the common spellings of English and Chinese, or a list of them."""

from __future__ import annotations

import weakref

import pytest

import rolecomp
from rolecomp import _hub, i18n

ENGLISH = ["en", "EN", "en-US", "en_GB", "en-gb", "English", "english", "ENGLISH", " en ", "英文", "英语", "ｅｎ"]
CHINESE = ["zh", "ZH", "zh-CN", "zh_CN", "zh-cn", "zh-Hans", "zh_Hans_CN", "zh-TW", "cn", "CN", "chinese",
           "Chinese", "中文", "汉语", "简体中文", "ＺＨ", "\u3000中文\u3000"]
REFUSED = ["fr", "de-DE", "", " ", "e", "z", "zhx", "english-ish", "中国", "chinese simplified", None, 1, b"zh",
           ["zh"]]


@pytest.fixture(autouse=True)
def english(monkeypatch):
    # Explorers made by earlier test files stay alive (ipywidgets keeps their widgets), and every
    # switch would redraw them: these tests are about the language setting, not the explorers.
    monkeypatch.setattr(_hub, "_live", weakref.WeakSet())
    rolecomp.set_language("en")
    yield
    rolecomp.set_language("en")


@pytest.mark.parametrize(("name", "code"), [(n, "en") for n in ENGLISH] + [(n, "zh") for n in CHINESE])
def test_common_spellings_switch_the_language(name, code):
    other = "en" if code == "zh" else "zh"
    rolecomp.set_language(other)
    rolecomp.set_language(name)
    assert rolecomp.get_language() == code  # always the canonical code, whatever was typed
    assert i18n.normalize_language(name) == code


def test_messages_follow_a_language_given_by_name():
    from rolecomp.exercises import check

    rolecomp.set_language("中文")
    assert repr(check("02-2", 2)).startswith("✘ 02-2 还不对。")
    rolecomp.set_language("English")
    assert repr(check("02-2", 2)).startswith("✘ 02-2 Not yet.")


@pytest.mark.parametrize("name", REFUSED, ids=repr)
def test_anything_else_is_refused_with_the_accepted_spellings(name):
    rolecomp.set_language("zh")
    with pytest.raises(ValueError) as info:
        rolecomp.set_language(name)
    text = str(info.value)
    for spelling in ("'en'", "'zh'", "English", "en-US", "zh-CN", "cn", "中文", "汉语"):
        assert spelling in text, text
    assert repr(name) in text
    assert "语言" in text  # said in Chinese too
    assert rolecomp.get_language() == "zh"  # a refused name changes nothing
    with pytest.raises(ValueError):
        i18n.normalize_language(name)


def test_a_name_that_cannot_be_shown_is_still_refused_with_a_message():
    class Broken:
        def __repr__(self):
            raise RuntimeError("broken __repr__")

    with pytest.raises(ValueError, match="language must be"):
        rolecomp.set_language(Broken())


def test_explorers_accept_the_same_spellings():
    """The explorers read lang= and .set_language() through the same normaliser."""
    ex = rolecomp.ReachExplorer(lang="zh-CN")
    try:
        assert ex.language == "zh"
        assert ex.set_language("English").language == "en"
        with pytest.raises(ValueError, match="Also accepted"):
            ex.set_language("fr")
    finally:
        ex.close()
