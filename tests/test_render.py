"""The renderer's own pieces: the PNG encoder and the blitting FastFigure."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from rolecomp.charts import FastFigure
from rolecomp.charts._render import encode_png


@pytest.mark.parametrize("shape", [(1, 1), (37, 51), (460, 1050)])
def test_encode_png_is_lossless(shape):
    rng = np.random.default_rng(7)
    rgba = rng.integers(0, 256, (*shape, 4), dtype=np.uint8)
    back = np.asarray(Image.open(io.BytesIO(encode_png(rgba))))
    assert back.shape == rgba.shape and (back == rgba).all()


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
