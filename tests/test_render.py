"""The renderer's own pieces: the PNG encoder and the blitting FastFigure."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from rolecomp.charts import FastFigure
from rolecomp.charts._render import PngBands


@pytest.mark.parametrize("shape", [(1, 1), (37, 51), (460, 1050)])
def test_encode_png_is_lossless(shape):
    rng = np.random.default_rng(7)
    rgba = rng.integers(0, 256, (*shape, 4), dtype=np.uint8)
    back = np.asarray(Image.open(io.BytesIO(PngBands().encode(rgba))))
    assert back.shape == rgba.shape and (back == rgba).all()


def test_png_bands_stay_lossless_from_frame_to_frame():
    """Each frame decodes to its own pixels, whichever bands were kept from the one before."""
    rng = np.random.default_rng(11)
    enc = PngBands(rows=16)
    frame = rng.integers(0, 256, (100, 37, 4), dtype=np.uint8)
    reused = []
    for step in range(6):
        if step:
            r = int(rng.integers(0, 100))
            frame = frame.copy()
            frame[r, int(rng.integers(0, 37))] ^= 0xFF  # one pixel changes
        png = enc.encode(frame)
        back = np.asarray(Image.open(io.BytesIO(png)))
        assert (back == frame).all(), f"frame {step} decodes differently"
        reused.append(enc.reused)
    assert reused[0] == 0 and reused[1:] == [6] * 5  # 7 bands; all but the changed one are kept
    bigger = rng.integers(0, 256, (20, 9, 4), dtype=np.uint8)  # a new size starts afresh
    assert (np.asarray(Image.open(io.BytesIO(enc.encode(bigger)))) == bigger).all() and enc.reused == 0


def test_a_blitted_render_equals_a_full_draw():
    """What the blitting path shows is what drawing the whole figure shows."""
    ff = FastFigure(figsize=(4, 3))
    ax = ff.figure.add_subplot()
    line, = ax.plot([0, 1], [0, 1])
    label = ax.text(0.5, 0.5, "start", transform=ax.transAxes)
    ff.dynamic(line, label)
    ff.png()
    line.set_ydata([1, 0])
    label.set_text("moved")
    fast = np.asarray(Image.open(io.BytesIO(ff.png())))
    ff.canvas.draw()
    full = np.asarray(ff.canvas.buffer_rgba())
    # text pasted from its sprite may differ by a sub-pixel shift: compare the line, and the text's area loosely
    differ = np.abs(fast.astype(int) - full.astype(int)).max(axis=2) > 40
    assert differ.mean() < 0.002, f"{differ.mean():.4f} of the pixels differ"


def test_the_sprite_cache_keeps_to_its_byte_limit():
    """Sliding through many values does not grow a figure's memory without end."""
    ff = FastFigure(figsize=(4, 3))
    ax = ff.figure.add_subplot()
    label = ax.text(0.1, 0.5, "", transform=ax.transAxes)
    ff.dynamic(label)
    sprites = ff._sprites
    sprites.limit = 200_000
    for i in range(300):
        label.set_text(f"{i * 7919:,} units")
        ff.png()
    assert 0 < sprites.nbytes <= sprites.limit
    assert sprites.nbytes == sum(p[0].nbytes + p[1].nbytes for _dx, _dy, p, _e in sprites.cache.values())
    assert len(sprites.cache) < 300


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("dpi", [100, 150])
def test_the_roi_box_holds_its_labels_and_figures(lang, dpi):
    """The value chart's box is a frame and two texts: the frame holds both, side by side, at any dpi."""
    from rolecomp import charts
    from rolecomp.scenario import Scenario

    for values in ({}, {"hours_saved": 20, "reps": 200, "hourly_cost": 500}, {"hours_saved": 0, "conversion_lift": 0}):
        fig = charts.draw("value_presentation", lang, Scenario("value_presentation", **values), dpi=dpi)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        bx = fig.axes[1]
        frame = next(p for p in bx.patches if type(p).__name__ == "FancyBboxPatch")
        labels, figures = (t for t in bx.texts if t.get_transform() is frame.get_transform())
        box, a, b = (x.get_window_extent(renderer) for x in (frame, labels, figures))
        for inner in (a, b):
            assert box.x0 <= inner.x0 and inner.x1 <= box.x1 and box.y0 <= inner.y0 and inner.y1 <= box.y1
        assert a.x1 < b.x0, "the figures start after the labels end"
        assert b.x1 <= box.x1 - 2 and b.x1 >= box.x1 - 0.5 * dpi / 10, "the figures end at the frame's inner edge"
        assert "%" in figures.get_text() and ("ROI" in labels.get_text() or "投资回报率" in labels.get_text())
