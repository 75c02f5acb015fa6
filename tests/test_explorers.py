"""Explorers: driven through .set, their controls, presets and Reset, in both languages."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import rolecomp
from rolecomp import models
from rolecomp.explorers import (
    ChannelDependenceExplorer,
    OneOffVsOngoingExplorer,
    ReachExplorer,
    ThreeRolesExplorer,
    ValuePresentationExplorer,
)
from rolecomp.i18n import find_cjk_font
from rolecomp.scenario import Scenario

REPO = Path(__file__).resolve().parents[1]
GALLERY = REPO / "build" / "gallery"
CJK = re.compile(r"[\u4e00-\u9fff]")
PARAM_EXPLORERS = [ChannelDependenceExplorer, ReachExplorer, OneOffVsOngoingExplorer, ValuePresentationExplorer]
ALL_EXPLORERS = [ThreeRolesExplorer, *PARAM_EXPLORERS]


@pytest.fixture(autouse=True)
def english():
    rolecomp.set_language("en")
    yield
    rolecomp.set_language("en")


def other_value(slider):
    """A legal value different from the slider's current one."""
    lo, hi, step = slider.min, slider.max, slider.step
    target = slider.value + 3 * step
    if target > hi:
        target = slider.value - 3 * step
    return type(slider.value)(round(min(max(target, lo), hi) / step) * step) if isinstance(slider.value, int) \
        else float(min(max(target, lo), hi))


def expected_data(ex, preset=None):
    """What the model itself says for the explorer's current values: the parameters merged by
    Scenario (defaults, then the preset, then the sliders), the model functions called here."""
    v = Scenario(ex.contrast, preset, **ex.values).parameters
    if isinstance(ex, OneOffVsOngoingExplorer):
        effect = models.one_off_vs_ongoing.after_sales_effect(v["touches"], v["base_churn"], v["churn_cut"],
                                                              v["expansion_per_touch"])
        return models.one_off_vs_ongoing.revenue_streams(
            int(v["horizon"]), customers=int(v["customers"]), one_off_price=v["one_off_price"],
            after_sales_fee=v["after_sales_fee"], after_sales_periods=int(v["after_sales_periods"]),
            arpa=v["arpa"], churn=float(effect["churn"]), expansion=float(effect["expansion"]),
            discount=v["discount"])
    if isinstance(ex, ReachExplorer):
        kw = {k: v[k] for k in models.reach.reach_over_time.__kwdefaults__ if k in v}
        return models.reach.reach_over_time(int(v["weeks"]), **kw)
    if isinstance(ex, ChannelDependenceExplorer):
        return models.channel_dependence.channel_summary(v["a"], v["b"], v["c"], int(v["intermediaries"]))
    if isinstance(ex, ValuePresentationExplorer):
        return models.value_presentation.crm_value(
            reps=int(v["reps"]), hours_saved=v["hours_saved"], weeks=int(v["weeks"]), hourly_cost=v["hourly_cost"],
            deals_per_rep=v["deals_per_rep"], deal_margin=v["deal_margin"], conversion_lift=v["conversion_lift"])
    raise AssertionError(ex)


def shown_data(ex):
    if isinstance(ex, ChannelDependenceExplorer):
        return ex.data["chain"]
    if isinstance(ex, ValuePresentationExplorer):
        return ex.data["components"]
    return ex.data


def assert_same(a, b):
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    else:
        assert set(a) == set(b)
        for k in a:
            np.testing.assert_allclose(a[k], b[k])


def artist_state(ex):
    """A fingerprint of what is drawn: line data, bar sizes and texts of every axes."""
    out = []
    for ax in ex.figure.axes:
        for line in ax.lines:
            out.append(np.asarray(line.get_xydata(), dtype=float).round(6).tobytes())
        for p in ax.patches:
            out.append((round(p.get_width(), 6), round(p.get_height(), 6), p.get_visible()))
        out.extend(t.get_text() for t in ax.texts)
    return out


# ------------------------------------------------------------------ driving the explorers


@pytest.mark.parametrize("cls", PARAM_EXPLORERS, ids=lambda c: c.__name__)
def test_every_control_changes_data_as_the_model_says_and_reset_restores(cls):
    ex = cls()
    start_values, start_png, start_sentence = ex.values, ex.png, ex.sentence
    assert_same(shown_data(ex), expected_data(ex))
    for name, slider in ex._controls.items():
        before = artist_state(ex)
        slider.value = other_value(slider)  # as the learner's slider does
        assert ex.values[name] == slider.value
        assert_same(shown_data(ex), expected_data(ex))
        assert artist_state(ex) != before, f"{cls.__name__}: moving {name} changed nothing on the chart"
    assert ex.png != start_png and ex.sentence != start_sentence
    ex._reset_button.click()
    assert ex.values == start_values
    assert ex.sentence == start_sentence
    assert_same(shown_data(ex), expected_data(ex))


@pytest.mark.parametrize("cls", PARAM_EXPLORERS, ids=lambda c: c.__name__)
def test_set_validates_and_names_the_control(cls):
    ex = cls()
    name, slider = next(iter(ex._controls.items()))
    with pytest.raises(ValueError, match="has no control 'nope'"):
        ex.set(nope=1)
    with pytest.raises(ValueError, match=rf"{name} .* is outside its range"):
        ex.set(**{name: slider.max + 10 * slider.step})
    with pytest.raises(ValueError, match=rf"{name} .*must be a number"):
        ex.set(**{name: "ten"})
    with pytest.raises(ValueError, match="must be a number"):
        ex.set(**{name: float("nan")})
    assert ex.values[name] == slider.value  # nothing half-applied


@pytest.mark.parametrize("cls", PARAM_EXPLORERS, ids=lambda c: c.__name__)
def test_presets_load_and_show_in_the_menu(cls):
    ex = cls()
    assert len(ex.presets) >= 2
    start = shown_data(ex)
    for pid, preset in ex.presets.items():
        ex._preset.value = pid  # choosing it in the menu
        for k, v in preset["values"].items():
            if k in ex.values:
                assert ex.values[k] == pytest.approx(v)
            else:  # parameters without a slider come from the scenario too
                assert ex.parameters[k] == pytest.approx(v)
        assert_same(shown_data(ex), expected_data(ex, pid))
        assert ex._preset.value == pid
        # moving a slider keeps the scenario's other values
        slider = next(iter(ex._controls.values()))
        slider.value = other_value(slider)
        assert_same(shown_data(ex), expected_data(ex, pid))
        # now a custom scenario, unless the move lands exactly on another preset (a preset that changes
        # one parameter is one slider position away from the defaults): then the menu names that one
        others = [q for q in ex.presets if q != pid and ex.scenario.matches(q)]
        assert ex._preset.value == (others[0] if others else "")
    ex.reset()
    assert_same(shown_data(ex), start)
    with pytest.raises(ValueError, match="no preset"):
        ex.load_preset("no_such_preset")


def test_role_profile_selection_evidence_and_escaping(tmp_path):
    p = ThreeRolesExplorer(roles=["sales", "traditional_sales"], attributes=["channel_dependence", "reach_breadth"])
    assert list(p.data.index) == ["sales", "traditional_sales"]
    wide = rolecomp.attribute_matrix()
    assert p.data.loc["traditional_sales", "channel_dependence"] == wide.loc["traditional_sales",
                                                                             "channel_dependence"]
    p.set(evidence="channel_dependence")
    assert "¶23" in p.evidence_html or "¶22" in p.evidence_html
    before = artist_state(p)
    p._controls["roles"].value = ("sales", "marketing", "operations")
    assert artist_state(p) != before
    with pytest.raises(ValueError, match="unknown roles"):
        p.set(roles=["ceo"])
    p._reset_button.click()
    assert p.values["roles"] == tuple(rolecomp.load_roles().role_id)

    # a quote with markup in it is shown as text, not as HTML
    for f in ("roles", "scales", "attributes"):
        (tmp_path / f"{f}.csv").write_bytes((REPO / "data" / f"{f}.csv").read_bytes())
    df = pd.read_csv(tmp_path / "attributes.csv", dtype=str, keep_default_na=False)
    i = df.index[(df.score != "") & (df.attribute_id == "channel_dependence")][0]
    df.loc[i, "quote_en"] = "<script>alert('x')</script>"
    df.to_csv(tmp_path / "attributes.csv", index=False)
    q = ThreeRolesExplorer(path=tmp_path / "attributes.csv", evidence="channel_dependence")
    assert "<script>" not in q.evidence_html and "&lt;script&gt;" in q.evidence_html


def test_role_profile_with_nothing_chosen_explains_itself():
    p = ThreeRolesExplorer(roles=[])
    assert p.notes and "at least one role" in p.notes[0]
    assert p.png.startswith(b"\x89PNG")


# ------------------------------------------------------------------ extreme but legal values


@pytest.mark.parametrize(("cls", "values", "phrase"), [
    (OneOffVsOngoingExplorer, {"base_churn": 0.0, "touches": 0}, "no finite limit"),
    (OneOffVsOngoingExplorer, {"base_churn": 0.02, "touches": 4}, "no finite limit"),
    (OneOffVsOngoingExplorer, {"arpa": 0}, "earns nothing"),
    (ReachExplorer, {"budget": 0}, "no placement budget"),
    (ReachExplorer, {"reps": 0}, "no reps"),
    (ValuePresentationExplorer, {"hours_saved": 0, "conversion_lift": 0}, "no value"),
    (ChannelDependenceExplorer, {"c": 100, "a": 100}, "nobody buys"),
])
def test_extremes_explain_and_never_show_nan(cls, values, phrase):
    ex = cls(**values)
    assert any(phrase in n for n in ex.notes), ex.notes
    assert phrase in ex._note.value
    assert "nan" not in ex.sentence.lower() and "inf" not in ex.sentence.lower()
    frame = shown_data(ex)
    if isinstance(frame, pd.DataFrame):
        assert np.isfinite(frame.select_dtypes("number").to_numpy()).all()
    assert len(ex.png) > 5000  # a real chart, not an empty canvas


def test_revenue_break_even_is_the_models():
    ex = OneOffVsOngoingExplorer(touches=4)
    assert ex.data.attrs["break_even_period"] == models.one_off_vs_ongoing.break_even_period(expected_data(ex))
    assert f"month {ex.data.attrs['break_even_period']}" in ex.sentence


# ------------------------------------------------------------------ display


@pytest.mark.parametrize("cls", ALL_EXPLORERS, ids=lambda c: c.__name__)
def test_displays_as_a_widget_with_a_static_png(cls):
    ex = cls()
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    png = base64.b64decode(bundle["image/png"])
    assert png == ex.png and png.startswith(b"\x89PNG")
    # the Image widget on the page (not some other object) carries the same chart
    assert ex._chart_w in ex.widget.children and ex._chart_w.value == ex.png
    first = ex.png
    ex.set_language("zh")
    assert ex._chart_w.value == ex.png != first
    classes = ex.widget._dom_classes
    assert "rolecomp-explorer" in classes
    # the static copy matches the live figure
    import io

    from PIL import Image

    img = Image.open(io.BytesIO(png))
    w, h = ex.figure.get_size_inches() * ex.figure.dpi
    assert img.size == (round(w), round(h))


# ------------------------------------------------------------------ two languages


def texts_of(fig):
    fig.canvas.draw()
    out = []
    for ax in fig.axes:
        out += [ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()]
        out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        out += [t.get_text() for t in ax.texts]
        leg = ax.get_legend()
        if leg:
            out += [t.get_text() for t in leg.get_texts()]
    return [t for t in out if t]


def overflowing_texts(fig):
    """Axes whose drawn labels, ticks, titles or legends stick out of the figure (cut off)."""
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    box = fig.bbox
    bad = []
    for ax in fig.axes:
        e = ax.get_tightbbox(r)  # only what is drawn: ticks in view, visible texts
        if e.x0 < box.x0 - 1 or e.x1 > box.x1 + 1 or e.y0 < box.y0 - 1 or e.y1 > box.y1 + 1:
            bad.append((ax.get_title(loc="left"), tuple(round(v) for v in e.extents)))
    return bad


# in CI (CI=true) a missing font fails these tests instead of skipping them
needs_cjk = pytest.mark.skipif(find_cjk_font() is None and not os.environ.get("CI"),
                               reason="no CJK font here: apt-get install fonts-noto-cjk (CI installs it)")


@needs_cjk
@pytest.mark.parametrize("cls", ALL_EXPLORERS, ids=lambda c: c.__name__)
def test_language_switch_relabels_everything_without_missing_glyphs(cls, caplog):
    GALLERY.mkdir(parents=True, exist_ok=True)
    ex = cls()
    en_texts, en_sentence = texts_of(ex.figure), ex.sentence
    labels_en = [c.description for c in ex._controls.values()]
    (GALLERY / f"{cls.__name__}-en.png").write_bytes(ex.png)
    assert not overflowing_texts(ex.figure), overflowing_texts(ex.figure)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        caplog.set_level("WARNING", logger="matplotlib")
        ex._lang_toggle.value = "zh"  # the learner clicks 中文
        for slider in list(ex._controls.values())[:2]:
            if hasattr(slider, "step"):
                slider.value = other_value(slider)
        zh_texts = texts_of(ex.figure)
        ex.figure.savefig(GALLERY / f"{cls.__name__}-zh.svg")
    glyph = [str(w.message) for w in caught if "Glyph" in str(w.message) or "missing" in str(w.message)]
    assert not glyph, glyph
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
    (GALLERY / f"{cls.__name__}-zh.png").write_bytes(ex.png)
    assert rolecomp.get_language() == "zh"
    assert CJK.search(ex.sentence) and not CJK.search(en_sentence)
    assert sum(bool(CJK.search(t)) for t in zh_texts) >= 3
    assert [c.description for c in ex._controls.values()] != labels_en
    assert ex._reset_button.description == "重置"
    assert not overflowing_texts(ex.figure), overflowing_texts(ex.figure)
    ex.set_language("en")
    assert texts_of(ex.figure) == en_texts or not any(CJK.search(t) for t in texts_of(ex.figure))


@needs_cjk
def test_set_language_switches_every_live_explorer():
    a, b = ReachExplorer(), OneOffVsOngoingExplorer()
    rolecomp.set_language("zh")
    assert a.language == b.language == "zh"
    assert CJK.search(a.sentence) and CJK.search(b.sentence)
    rolecomp.set_language("en")
    assert not CJK.search(a.sentence)


def test_without_a_cjk_font_charts_fall_back_to_english_with_one_warning():
    code = textwrap.dedent("""
        import re, warnings
        from matplotlib import font_manager
        from rolecomp import i18n
        hints = ("cjk", "wqy", "hei", "han", "droid", "pingfang", "yahei", "msyh")
        font_manager.fontManager.ttflist = [
            f for f in font_manager.fontManager.ttflist if not any(h in f.fname.lower() for h in hints)]
        font_manager.findSystemFonts = lambda *a, **k: []
        i18n.find_cjk_font.cache_clear()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            from rolecomp.explorers import ReachExplorer, OneOffVsOngoingExplorer
            a = ReachExplorer(lang="zh"); b = OneOffVsOngoingExplorer(lang="zh")
            a.set(reps=10)
        cjk = re.compile(r"[\\u4e00-\\u9fff]")
        fig_texts = [t.get_text() for t in a.figure.findobj(lambda x: hasattr(x, "get_text"))]
        font_warnings = [w for w in caught if w.category.__name__ == "CJKFontWarning"]
        glyphs = [w for w in caught if "Glyph" in str(w.message)]
        print(len(font_warnings), len(glyphs), any(cjk.search(t) for t in fig_texts),
              bool(cjk.search(a.sentence)), "fonts-noto-cjk" in str(font_warnings[0].message))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    # one warning, no boxes, English chart labels, Chinese sentence (HTML needs no matplotlib font)
    assert out.stdout.split() == ["1", "0", "False", "True", "True"]


@pytest.mark.parametrize("cls", ALL_EXPLORERS, ids=lambda c: c.__name__)
def test_close_releases_every_widget(cls):
    import ipywidgets as w

    def live():
        return {k for k, v in w.widgets.widget.Widget.widgets.items() if v.comm is not None} \
            if hasattr(w.widgets.widget.Widget, "widgets") else set()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        before = live()
        ex = cls()
        assert live() - before
        ex.close()
        assert live() - before == set()
    assert ex.png == b""


def test_reset_returns_to_what_the_learner_first_saw():
    ex = ReachExplorer()
    ex.load_preset("internet_startup")  # as notebook 06 does before showing it
    shown = (ex.values, ex.parameters, ex.sentence)
    ex._repr_mimebundle_()  # displayed
    ex._controls["retention"].value = 0.8
    ex.load_preset("traditional_firm")
    ex._reset_button.click()
    assert (ex.values, ex.parameters, ex.sentence) == shown
    assert ex._preset.value == "internet_startup"


def test_data_text_with_dollar_signs_is_drawn_literally(tmp_path):
    """An instructor's role name or label with $ in it is text, never mathtext."""
    for f in ("roles", "scales", "attributes"):
        (tmp_path / f"{f}.csv").write_bytes((REPO / "data" / f"{f}.csv").read_bytes())
    roles = pd.read_csv(tmp_path / "roles.csv", dtype=str, keep_default_na=False)
    roles.loc[0, "name_en"] = "Sales $x^$ cost"
    roles.to_csv(tmp_path / "roles.csv", index=False)
    scales = pd.read_csv(tmp_path / "scales.csv", dtype=str, keep_default_na=False)
    scales.loc[0, "name_en"] = "quota $100 to $200"
    scales.to_csv(tmp_path / "scales.csv", index=False)
    p = ThreeRolesExplorer(path=tmp_path / "attributes.csv", lang="en")
    texts = texts_of(p.figure)  # draws: a mathtext parse error would raise here
    assert "quota $100 to $200" in texts
    assert any("$x^$" in t for t in texts)
    drawn = [t for t in p.figure.findobj(lambda a: hasattr(a, "get_parse_math"))
             if "$" in t.get_text()]
    assert drawn and not any(t.get_parse_math() for t in drawn)
