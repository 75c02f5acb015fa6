"""The channel and one-off charts say one thing: what is drawn, written on the chart and said in the
sentence are the same numbers, in both languages, with labelled axes and no text on top of other text.

The defect these guard against: a sentence and a chart that mixed two models ("pays 203 instead of
120 … the price rises to 90"; with 0 links the bars said 120 and the box 60).
"""

from __future__ import annotations

import itertools
import re
import warnings

import numpy as np
import pytest

from rolecomp import charts
from rolecomp.i18n import find_cjk_font
from rolecomp.scenario import Scenario

CJK = "\u3400-\u9fff\uff01-\uff5e\u3001-\u303f"
CONTRASTS = ("channel_dependence", "one_off_vs_ongoing")
needs_cjk = pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font: Chinese charts fall back to English")


def numbers(text: str) -> list[float]:
    """Every number in a text, thousands separators removed ('1,600' -> 1600)."""
    return [float(m.replace(",", "")) for m in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_visible() and t.get_text().strip()]


def scenarios(contrast):
    s = Scenario(contrast)
    return [s] + [Scenario(contrast, p) for p in s.presets]


# ------------------------------------------------------------------ channel: one model everywhere


@pytest.mark.parametrize("n", range(0, 7))
def test_channel_bars_box_and_sentence_agree(n):
    s = Scenario("channel_dependence", intermediaries=n)
    data = s.data
    fig = charts.draw("channel_dependence", "en", s)
    left, right = fig.axes
    end, direct = float(data["chain"]["end_price"]), float(data["direct"]["end_price"])
    tops = [t for t in texts(left) if "\n" in t or t.strip().isdigit()]
    assert numbers(tops[0])[0] == round(direct) and numbers(tops[1])[0] == round(end)
    # the stacked blocks of the right-hand bar reach what the customer pays
    heights = [p.get_y() + p.get_height() for p in left.patches if p.get_visible() and p.get_height() > 0]
    assert max(heights) == pytest.approx(end)
    # the box on the right is the chain's, the curves are the model's at every chain length
    box = next(t for t in texts(right) if t.startswith("now"))
    assert f"{float(data['chain']['maker_profit']):,.0f}" in box
    maker = next(ln for ln in right.lines if ln.get_label() == "maker's profit")
    np.testing.assert_allclose(maker.get_ydata()[n], data["chain"]["maker_profit"])
    np.testing.assert_allclose(maker.get_ydata(), data["by_links"]["maker_profit"])
    sentence = charts.sentence("channel_dependence", "en", s)
    assert f"{end:,.0f}" in sentence and f"{float(data['chain']['maker_profit']):,.0f}" in sentence
    if n == 0:
        assert end == direct == float(data["chain"]["maker_price"])  # every number agrees selling direct
        assert numbers(tops[0])[0] == numbers(tops[1])[0]
    else:
        assert f"instead of {direct:,.0f} direct" in sentence


def test_channel_defaults_show_the_customer_paying_more_and_the_maker_earning_less():
    """¶24 at the defaults: more cost for users, a burden for the firm."""
    data = Scenario("channel_dependence").data
    assert data["intermediaries"] > 0
    assert data["chain"]["end_price"] > data["direct"]["end_price"]
    assert data["chain"]["maker_profit"] < data["direct"]["maker_profit"]
    profit = data["by_links"]["maker_profit"]
    price = data["by_links"]["end_price"]
    assert np.all(np.diff(profit) < 0) and np.all(np.diff(price) > 0)


# ------------------------------------------------------------------ one-off: what selling after signing adds


def test_one_off_dashed_line_is_the_subscription_without_after_sales_work():
    s = Scenario("one_off_vs_ongoing")
    fig = charts.draw("one_off_vs_ongoing", "en", s)
    left = fig.axes[0]
    lines = {ln.get_label(): ln for ln in left.lines}
    dashed = lines["subscription if nobody sells after signing"]
    unserved = Scenario("one_off_vs_ongoing", touches=0).data
    np.testing.assert_allclose(dashed.get_ydata(), unserved[unserved.model == "ongoing"].cumulative)
    solid = lines["subscription (internet)"]
    df = s.data
    np.testing.assert_allclose(solid.get_ydata(), df[df.model == "ongoing"].cumulative)
    sentence = charts.sentence("one_off_vs_ongoing", "en", s)
    assert f"month {df.attrs['break_even_period']}" in sentence and "never catches up" in sentence
    # with no touches the two subscription lines are one
    fig0 = charts.draw("one_off_vs_ongoing", "en", Scenario("one_off_vs_ongoing", touches=0))
    l0 = {ln.get_label(): ln for ln in fig0.axes[0].lines}
    np.testing.assert_allclose(l0["subscription if nobody sells after signing"].get_ydata(),
                               l0["subscription (internet)"].get_ydata())


# ------------------------------------------------------------------ both: labels, languages, layout


@pytest.mark.parametrize("contrast", CONTRASTS)
@pytest.mark.parametrize("lang", ["en", pytest.param("zh", marks=needs_cjk)])
def test_every_axis_is_labelled_with_its_unit(contrast, lang):
    fig = charts.draw(contrast, lang)
    unit = "（元）" if lang == "zh" else "(currency)"
    for ax in fig.axes:
        assert ax.get_xlabel() or ax.get_xticklabels(), ax.get_title(loc="left")
        assert ax.get_ylabel().endswith(unit), (ax.get_title(loc="left"), ax.get_ylabel())


@pytest.mark.parametrize("contrast", CONTRASTS)
def test_chinese_sentences_read_natively(contrast):
    for s in scenarios(contrast) + [Scenario(contrast, **big) for big in _BIG[contrast]]:
        zh = charts.sentence(contrast, "zh", s)
        assert re.search(f"[{CJK}]", zh), zh
        assert not re.search(f"[{CJK}][,;:!?()]|[,;:!?()][{CJK}]", zh), f"half-width punctuation: {zh}"
        assert zh.endswith("。"), zh
        assert all(n < 10_000 for n in numbers(zh)), f"a number of 10,000 or more not written with 万 or 亿: {zh}"


_BIG = {"channel_dependence": [{"a": 300, "b": 0.1, "c": 0, "intermediaries": 1}],
        "one_off_vs_ongoing": [{"customers": 10000, "one_off_price": 100000}]}


@pytest.mark.parametrize("contrast", CONTRASTS)
def test_big_numbers_are_wan_in_chinese(contrast):
    s = Scenario(contrast, **_BIG[contrast][0])
    zh, en = charts.sentence(contrast, "zh", s), charts.sentence(contrast, "en", s)
    assert "万" in zh or "亿" in zh, zh
    assert any(n >= 10_000 for n in numbers(en)), en  # the same amounts, in English with separators


def test_the_overlap_check_sees_an_overlap():
    fig = charts.draw("channel_dependence", "en")
    fig.axes[1].text(0.97, 0.5, "a text on the box", transform=fig.axes[1].transAxes, ha="right")
    assert _overlaps(fig)


def _overlaps(fig) -> list[str]:
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    out = []
    for ax in fig.axes:
        boxes = [(t.get_text(), t.get_window_extent(r)) for t in ax.texts if t.get_visible() and t.get_text().strip()]
        legend = ax.get_legend()
        if legend is not None:
            boxes.append(("<legend>", legend.get_window_extent(r)))
        for (a, ba), (b, bb) in itertools.combinations(boxes, 2):
            if ba.overlaps(bb):
                out.append(f"{ax.get_title(loc='left')!r}: {a!r} overlaps {b!r}")
    return out


@pytest.mark.parametrize("contrast", CONTRASTS)
@pytest.mark.parametrize("lang", ["en", pytest.param("zh", marks=needs_cjk)])
def test_no_text_on_top_of_other_text(contrast, lang):
    cases = scenarios(contrast)
    if contrast == "channel_dependence":
        cases += [Scenario(contrast, intermediaries=n) for n in (0, 1, 6)]
    else:
        cases += [Scenario(contrast, touches=s) for s in (0, 4)]
    for s in cases:
        bad = _overlaps(charts.draw(contrast, lang, s))
        assert not bad, (s, bad)


@needs_cjk
@pytest.mark.parametrize("contrast", CONTRASTS)
def test_chinese_charts_have_every_glyph(contrast):
    """No tofu: matplotlib warns 'Glyph … missing from font' when a character cannot be drawn."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = charts.draw(contrast, "zh")
        fig.canvas.draw()
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert not missing, missing
