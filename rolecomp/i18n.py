"""Two languages (English, 中文) and the CJK font that Chinese chart labels need.

The language is a setting of this module, changed only by :func:`set_language`. A kernel starts
in English, or in the language the environment variable ``ROLECOMP_LANG`` names (``en``, ``zh``
or any spelling :func:`normalize_language` reads; read once at import; any other value warns and
starts in English) until a notebook calls :func:`set_language`; ``python -m rolecomp handouts``
uses it to run notebooks in Chinese. Chart fonts are applied per figure with :func:`chart_rc`
inside ``matplotlib.rc_context``, never by changing the global ``rcParams`` (except through the
explicit :func:`use_cjk_font`).

Examples
--------
>>> set_language("zh")
>>> t("reset")
'重置'
>>> set_language("en")
>>> t("reset")
'Reset'
"""

from __future__ import annotations

import os
import unicodedata
import warnings
from functools import lru_cache
from pathlib import Path

__all__ = [
    "LANGUAGES",
    "LANG_ENV",
    "CJKFontWarning",
    "chart_language",
    "chart_rc",
    "find_cjk_font",
    "get_language",
    "normalize_language",
    "set_language",
    "t",
    "use_cjk_font",
    "zh_number",
    "zh_punct",
    "zh_punct_problems",
    "zh_table",
]

LANGUAGES = ("en", "zh")
#: The environment variable that sets the language a new kernel starts in.
LANG_ENV = "ROLECOMP_LANG"


_state = {"lang": "en", "warned": False}  # the language is set from ROLECOMP_LANG below

#: Families tried in order; the first one matplotlib can use wins.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei", "PingFang SC",
    "Heiti SC", "Hiragino Sans GB", "Arial Unicode MS", "Droid Sans Fallback",
)
# File-name fragments of CJK fonts, for registering fonts installed after matplotlib's cache was built.
_CJK_FILE_HINTS = ("notosanscjk", "notoserifcjk", "notosanssc", "sourcehansans", "wqy", "msyh",
                   "simhei", "pingfang", "hiragino", "droidsansfallback", "stheiti")

_INSTALL_HINT = (
    "Chinese chart labels need a CJK font; none was found, so charts use English labels. "
    "Install one and restart the kernel: Debian/Ubuntu `sudo apt-get install fonts-noto-cjk`; "
    "conda `conda install -c conda-forge font-ttf-noto-cjk`; Windows and macOS already have "
    "Microsoft YaHei / PingFang SC. Then run `python -m rolecomp doctor`."
)


class CJKFontWarning(UserWarning):
    """Chinese was asked for but no CJK font is available; charts fall back to English."""


#: Names accepted for each language, compared after NFKC, case folding and ``_`` -> ``-``;
#: besides these, any ``en-...`` or ``zh-...`` tag (``en-US``, ``zh-Hans-CN``, ``zh-TW``: the
#: Chinese texts are Simplified, but they serve a reader of Traditional better than English).
_LANGUAGE_NAMES = {
    "en": ("en", "eng", "english", "英文", "英语", "英語"),
    "zh": ("zh", "zho", "chi", "cn", "chinese", "中文", "汉语", "漢語", "简体中文", "簡體中文", "华语", "華語"),
}
_BY_NAME = {name: code for code, names in _LANGUAGE_NAMES.items() for name in names}
_ACCEPTED = ("Also accepted, in any case: English, en-US, en_GB, 英文, 英语 (or any en-… tag); "
             "Chinese, zh-CN, zh_CN, zh-Hans, cn, 中文, 汉语, 简体中文 (or any zh-… tag).")
_ACCEPTED_ZH = ("语言只能是 'en'（英文）或 'zh'（中文）；也可以写 English、en-US、英语，"
                "或 Chinese、zh-CN、cn、中文、汉语、简体中文（不分大小写）。")


def normalize_language(lang) -> str:
    """The code, ``"en"`` or ``"zh"``, of a language as people write its name.

    ``"EN"``, ``"en-US"``, ``"en_GB"``, ``"English"``, ``"英文"``, ``"英语"`` are English;
    ``"ZH"``, ``"zh-CN"``, ``"zh_CN"``, ``"zh-Hans"``, ``"cn"``, ``"Chinese"``, ``"中文"``,
    ``"汉语"``, ``"简体中文"`` are Chinese. Case, spaces and full-width letters do not matter.
    :func:`set_language` and the explorers (``lang=``, ``.set_language``) all read names here,
    so they accept the same spellings.

    Raises
    ------
    ValueError
        For anything else, listing the accepted spellings (in English and Chinese).

    Examples
    --------
    >>> normalize_language("zh-CN"), normalize_language("English"), normalize_language("中文")
    ('zh', 'en', 'zh')
    >>> normalize_language("fr")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: language must be 'en' or 'zh', not 'fr'. Also accepted, in any case: English, en-US, ...
    """
    if isinstance(lang, str):
        key = unicodedata.normalize("NFKC", lang).strip().casefold().replace("_", "-")
        code = _BY_NAME.get(key)
        if code is None and "-" in key and key.split("-", 1)[0] in LANGUAGES:
            code = key.split("-", 1)[0]
        if code is not None:
            return code
    try:
        shown = repr(lang)
    except Exception:
        shown = f"<{type(lang).__name__}>"
    raise ValueError(f"language must be 'en' or 'zh', not {shown}. {_ACCEPTED} {_ACCEPTED_ZH}")


def set_language(lang: str) -> None:
    """Switch every explorer, label and live sentence to English or Chinese.

    ``lang`` is ``"en"`` or ``"zh"``, or another common spelling (``"zh-CN"``, ``"English"``,
    ``"中文"``; see :func:`normalize_language`). :func:`get_language` then gives the code.

    Examples
    --------
    >>> set_language("中文"); get_language()
    'zh'
    >>> set_language("EN"); get_language()
    'en'
    >>> set_language("fr")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: language must be 'en' or 'zh', not 'fr'. Also accepted, in any case: English, en-US, ...
    """
    lang = normalize_language(lang)
    _state["lang"] = lang
    from rolecomp import _hub

    _hub.language_changed(lang)


def get_language() -> str:
    """The current language, ``"en"`` or ``"zh"``."""
    return _state["lang"]


def _starting_language(value: str | None) -> str:
    """The language ``ROLECOMP_LANG`` names (any spelling :func:`normalize_language` reads);
    English when it is unset or empty.

    Any other value warns (a typo must not stop ``import rolecomp`` in every notebook) and
    starts in English.

    Examples
    --------
    >>> _starting_language(" ZH "), _starting_language("zh-CN"), _starting_language(None)
    ('zh', 'zh', 'en')
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _starting_language("fr")
    'en'
    >>> print(caught[0].message)
    ROLECOMP_LANG='fr' is not a language rolecomp has: use 'en' or 'zh'. Starting in English.
    """
    if value is None or not value.strip():
        return "en"
    try:
        return normalize_language(value)
    except ValueError:
        warnings.warn(f"{LANG_ENV}={value!r} is not a language rolecomp has: use 'en' or 'zh'. "
                      "Starting in English.", UserWarning, stacklevel=2)
        return "en"


_state["lang"] = _starting_language(os.environ.get(LANG_ENV))


# ------------------------------------------------------------------------------- fonts


@lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    """Name of a usable CJK font family, or None.

    Fonts installed after matplotlib built its font cache are registered from the system's
    font folders (``font_manager.fontManager.addfont``), so a learner who installs a font
    mid-workshop needs only a kernel restart.
    """
    from matplotlib import font_manager

    def known() -> str | None:
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((fam for fam in CJK_FAMILIES if fam in names), None)

    found = known()
    if found:
        return found
    for path in font_manager.findSystemFonts():
        name = Path(path).name.lower().replace("-", "").replace("_", "")
        if any(h in name for h in _CJK_FILE_HINTS):
            try:
                font_manager.fontManager.addfont(path)
            except Exception:
                continue
    return known()


def chart_language(lang: str | None = None) -> str:
    """Language the charts can draw: ``"zh"`` only if a CJK font exists, else ``"en"``.

    Asking for Chinese without a font warns once (:class:`CJKFontWarning`) with install steps.
    """
    lang = lang or get_language()
    if lang == "zh" and find_cjk_font() is None:
        if not _state["warned"]:
            _state["warned"] = True
            warnings.warn(_INSTALL_HINT, CJKFontWarning, stacklevel=2)
        return "en"
    return lang


def chart_rc(lang: str | None = None, base_size: float = 13) -> dict:
    """rcParams for one figure (use with ``matplotlib.rc_context``): fonts and projector sizes.

    The font list falls back glyph by glyph (matplotlib >= 3.6): Latin from DejaVu Sans,
    Chinese from the CJK font.
    """
    family = ["DejaVu Sans"]
    if chart_language(lang) == "zh":
        family.append(find_cjk_font())
    return {
        "font.family": family,
        "font.size": base_size,
        "axes.titlesize": base_size + 2,
        "axes.labelsize": base_size,
        "legend.fontsize": base_size - 1,
        "xtick.labelsize": base_size - 1,
        "ytick.labelsize": base_size - 1,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.unicode_minus": False,
        "svg.fonttype": "none",
    }


def use_cjk_font() -> str | None:
    """Explicitly make the found CJK font a fallback in matplotlib's global settings.

    For learners' own plots in a notebook; rolecomp's charts do not need it.
    Returns the family used, or None when there is none.
    """
    import matplotlib as mpl

    fam = find_cjk_font()
    if fam is None:
        warnings.warn(_INSTALL_HINT, CJKFontWarning, stacklevel=2)
        return None
    current = list(mpl.rcParams["font.sans-serif"])
    if fam not in current:
        mpl.rcParams["font.sans-serif"] = [*current, fam]
    mpl.rcParams["axes.unicode_minus"] = False
    return fam


# ------------------------------------------------------------------------------- labels

_CJK = "\u3400-\u9fff\uff01-\uff5e\u3001-\u303f"
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}


def zh_punct(text: str) -> str:
    """Full-width punctuation next to Chinese text, as Chinese typesetting expects.

    Commas, colons, semicolons, exclamation and question marks touching a Chinese character
    become full-width, and so do brackets around, beside or before Chinese text and brackets
    around a paragraph mark (``(¶24)``); ``1,200`` and ``{x:.0%}`` stay as they are.

    Examples
    --------
    >>> zh_punct("26 周后,销售从 2,600 人中赢得客户(精准度 24%);市场:广撒网")
    '26 周后，销售从 2,600 人中赢得客户（精准度 24%）；市场：广撒网'
    >>> zh_punct("每件 203(¶24)，正确!")
    '每件 203（¶24），正确！'
    >>> zh_punct("CRM (customer relationship management)")
    'CRM (customer relationship management)'
    """
    import re

    cjk = f"[{_CJK}]"

    def brackets(m):
        before, inner, after = m.group(1), m.group(2), m.group(3)
        if re.search(cjk, inner) or "¶" in inner or re.match(cjk, before) or re.match(cjk, after):
            return f"{before}（{inner}）"
        return m.group(0)

    # the character after the bracket is looked at, not taken
    text = re.sub(r"(^|.)\(([^()]*)\)(?=(.?))", brackets, text)
    for half, full in _HALF_TO_FULL.items():
        h = re.escape(half)
        text = re.sub(rf"(?<={cjk}){h}|{h}(?={cjk})|(?<=）){h}|{h}(?=（)", full, text)
    return text


_CODE_OR_LINK = r"```.*?```|`[^`\n]*`|\]\([^)\s]*\)|<[^>\n]*>|https?://\S+|\{[^{}\n]*\}"


def zh_punct_problems(text: str) -> list[str]:
    """Where Chinese text uses half-width punctuation, or a space after a full-width mark.

    Code (fenced or inline), link targets, HTML tags, URLs and ``{fields}`` are not looked at. Each
    problem is the line number and the bit of text around it.

    Examples
    --------
    >>> zh_punct_problems("正确!当前:价格 90")
    ['line 1: 正确!当', 'line 1: 当前:价']
    >>> zh_punct_problems("第一句。 第二句")
    ['line 1: 句。 第']
    >>> zh_punct_problems("运行 `rolecomp.check('01-1', 0)`。价格是 1,200 元（约 0.12 万）。")
    []
    >>> zh_punct_problems("当前：{n} 个环节；还没选的：{rows}。"), zh_punct_problems("每件 203(¶24)")
    ([], ['line 1: 03(¶', 'line 1: 24)'])
    """
    import re

    cjk = f"[{_CJK}]"
    # code, links and fields become a neutral letter, not spaces: "当前：{n} 个" has no space after "："
    blanked = re.sub(_CODE_OR_LINK, lambda m: re.sub(r"[^\n]", "x", m.group(0)), text, flags=re.S)
    problems = []
    for number, (line, shown) in enumerate(zip(blanked.split("\n"), text.split("\n"), strict=True), start=1):
        fixed = zh_punct(line)
        same_length = len(fixed) == len(line)
        spots = [i for i, (a, b) in enumerate(zip(line, fixed, strict=False)) if a != b] if same_length else [0]
        spots += [m.start() + 1 for m in re.finditer(rf"[。，；：！？、）」] +(?={cjk})", line)]
        for i in sorted(set(spots)):
            problems.append(f"line {number}: {shown[max(0, i - 2):i + 2].strip() or shown.strip()[:12]}")
    return problems


def zh_table(table: dict) -> dict:
    """A label table with :func:`zh_punct` applied to every Chinese entry."""
    return {k: ({**v, "zh": zh_punct(v["zh"])} if isinstance(v, dict) and "zh" in v else v)
            for k, v in table.items()}


def zh_number(x: float, digits: int = 4) -> str:
    """A number as Chinese text writes it: below 万 with thousands separators, from 万 on in 万
    and from 亿 on in 亿, with at most ``digits`` significant digits.

    Examples
    --------
    >>> zh_number(1600), zh_number(12000), zh_number(1_228_125), zh_number(2.5e8), zh_number(-45000)
    ('1,600', '1.2万', '122.8万', '2.5亿', '-4.5万')
    >>> zh_number(9.6), zh_number(0)
    ('10', '0')
    """
    import math

    for div, unit in ((1e8, "亿"), (1e4, "万")):
        if abs(x) >= div:
            v = x / div
            decimals = max(0, digits - 1 - math.floor(math.log10(abs(v))))
            text = f"{v:.{decimals}f}"
            return (text.rstrip("0").rstrip(".") if "." in text else text) + unit
    return f"{x:,.0f}"


def t(key: str, lang: str | None = None, **fields) -> str:
    """The label ``key`` in ``lang`` (default: the current language), formatted with fields.

    Examples
    --------
    >>> t("reset", "zh")
    '重置'
    >>> t("no such key")
    Traceback (most recent call last):
    ...
    KeyError: "no label 'no such key' in rolecomp.i18n.LABELS"
    """
    lang = lang or get_language()
    try:
        entry = LABELS[key]
    except KeyError:
        raise KeyError(f"no label {key!r} in rolecomp.i18n.LABELS") from None
    text = entry[lang]
    return text.format(**fields) if fields else text


#: Every fixed text of the charts and widgets, in both languages.
LABELS: dict[str, dict[str, str]] = {
    "reset": {"en": "Reset", "zh": "重置"},
    "preset": {"en": "Preset", "zh": "预设"},
    "custom": {"en": "(custom)", "zh": "（自定义）"},
    "language": {"en": "Language", "zh": "语言"},
    "not_in_article": {"en": "not in the article", "zh": "文章未提及"},
}
