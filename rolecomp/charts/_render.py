"""The palette, number formats and :class:`FastFigure`, the renderer every chart uses.

Figures are plain :class:`matplotlib.figure.Figure` objects on an Agg canvas: no pyplot, no
backend switch, nothing global. :class:`FastFigure` draws the static parts (axes, ticks,
titles, legend) once and, on each change, pastes that background and draws only the artists
that moved (blitting), then encodes a PNG. This is what keeps a slider step far below the cost
of rebuilding the chart from scratch.

Examples
--------
>>> ff = FastFigure(figsize=(4, 3))
>>> ax = ff.figure.add_subplot()
>>> line, = ax.plot([0, 1], [0, 1])
>>> ff.dynamic(line)
>>> png1 = ff.png()
>>> line.set_ydata([1, 0])
>>> png2 = ff.png()
>>> png1[:8] == b"\\x89PNG\\r\\n\\x1a\\n", png1 != png2
(True, True)
"""

from __future__ import annotations

import io
import math

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = [
    "OKABE_ITO",
    "ROLE_STYLES",
    "FastFigure",
    "compact_number",
    "nice_ceiling",
    "role_style",
]

#: Okabe & Ito (2008) colour-blind-safe palette, "Color Universal Design".
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")

#: Each role keeps one colour, marker and line style in every chart of the workshop.
ROLE_STYLES: dict[str, dict] = {
    "sales": {"color": "#D55E00", "marker": "o", "linestyle": "-"},
    "marketing": {"color": "#0072B2", "marker": "s", "linestyle": "--"},
    "operations": {"color": "#009E73", "marker": "^", "linestyle": "-."},
    "traditional_sales": {"color": "#7F7F7F", "marker": "D", "linestyle": ":"},
}
_SPARE = (("#E69F00", "v"), ("#CC79A7", "P"), ("#56B4E9", "X"), ("#000000", "*"))


def role_style(role_id: str, index: int = 0) -> dict:
    """Colour, marker and line style of a role; roles added by an instructor get spare ones.

    Examples
    --------
    >>> role_style("sales")["color"]
    '#D55E00'
    >>> role_style("customer_success", 0)["color"]
    '#E69F00'
    """
    if role_id in ROLE_STYLES:
        return dict(ROLE_STYLES[role_id])
    color, marker = _SPARE[index % len(_SPARE)]
    return {"color": color, "marker": marker, "linestyle": (0, (5, 1, 1, 1))}


def nice_ceiling(x: float) -> float:
    """Smallest 1, 2, 2.5 or 5 x 10^k at or above ``x`` (a stable axis limit).

    Examples
    --------
    >>> nice_ceiling(0.73), nice_ceiling(180), nice_ceiling(2400), nice_ceiling(2600), nice_ceiling(0)
    (1.0, 200.0, 2500.0, 5000.0, 1.0)
    """
    if not math.isfinite(x) or x <= 0:
        return 1.0
    exp = math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        if m * 10**exp >= x * (1 - 1e-12):
            return float(m * 10**exp)
    return float(10 ** (exp + 1))


def compact_number(x: float, _pos=None) -> str:
    """Axis label for large numbers: 1.2M, 50k, 950 (a matplotlib tick formatter).

    Examples
    --------
    >>> compact_number(1_250_000), compact_number(50_000), compact_number(950), compact_number(0)
    ('1.25M', '50k', '950', '0')
    """
    for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= div:
            return f"{x / div:.3g}{suffix}"
    return f"{x:.3g}"


class FastFigure:
    """A figure that renders its static background once and blits the artists that change.

    Parameters
    ----------
    figsize : tuple of float
        Size in inches; with ``dpi`` it fixes the image size, so the page never jumps.
    dpi : int
        Resolution of the PNG.

    Notes
    -----
    Call :meth:`dynamic` for artists updated on each change, and :meth:`invalidate` when
    anything static changes (axis limits, titles, language). ``figure.savefig`` still draws
    everything, dynamic artists included.
    """

    def __init__(self, figsize=(10, 4.6), dpi: int = 100):
        self.figure = Figure(figsize=figsize, dpi=dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        self._dynamic: list = []
        self._background = None

    def dynamic(self, *artists) -> None:
        """Mark artists as the ones that change between renders."""
        self._dynamic.extend(a for a in artists if a is not None)

    def clear(self) -> None:
        """Empty the figure (for a rebuild, e.g. after a language switch)."""
        self.figure.clear()
        self._dynamic = []
        self._background = None

    def invalidate(self) -> None:
        """The static background changed: draw it again on the next render."""
        self._background = None

    def render(self) -> None:
        """Bring the canvas up to date, redrawing the background only when needed."""
        visible = [(a, a.get_visible()) for a in self._dynamic]
        if self._background is None:
            for a, _ in visible:
                a.set_visible(False)
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            for a, was in visible:
                a.set_visible(was)
        else:
            self.canvas.restore_region(self._background)
        for a, was in visible:
            if was:
                (a.axes or self.figure).draw_artist(a)

    def png(self) -> bytes:
        """Render and encode the figure as PNG bytes (fast, lightly compressed)."""
        from PIL import Image

        self.render()
        width, height = self.canvas.get_width_height()
        img = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        out = io.BytesIO()
        img.convert("RGB").save(out, format="PNG", compress_level=1)
        return out.getvalue()
