"""``python -m rolecomp export-figures OUTDIR``: every chart at its default values, for slides."""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["export_figures", "figure_names"]

#: File stem of each explorer's chart, in workshop order.
_EXPLORERS = (
    ("01_role_profile", "RoleProfile"),
    ("02_channel_dependence", "ChannelExplorer"),
    ("03_reach", "ReachExplorer"),
    ("04_one_off_vs_ongoing", "RevenueExplorer"),
    ("05_value_presentation", "ValueExplorer"),
)


def figure_names(lang: str = "en", fmt: str = "png") -> list[str]:
    """File names that :func:`export_figures` writes.

    Examples
    --------
    >>> figure_names("zh", "svg")[0]
    '01_role_profile-zh.svg'
    """
    return [f"{stem}-{lang}.{fmt}" for stem, _ in _EXPLORERS]


def _progress(i: int, n: int, label: str) -> None:
    width = 24
    done = round(width * i / n)
    end = "\n" if i == n else ""
    sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {i}/{n} {label:<40}{end}")
    sys.stderr.flush()


def export_figures(outdir, lang: str = "en", fmt: str = "png", force: bool = False) -> int:
    """Write every explorer's chart at its default values; return an exit status.

    Refuses (status 2, nothing written) when any target file exists, unless ``force``.
    """
    import matplotlib as mpl

    from rolecomp import explorers
    from rolecomp.i18n import chart_rc

    out = Path(outdir)
    if out.exists() and not out.is_dir():
        print(f"error: {out} exists and is not a folder", file=sys.stderr)
        return 2
    targets = [out / name for name in figure_names(lang, fmt)]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        print(f"error: {len(existing)} file(s) already exist, e.g. {existing[0]}; nothing was written. "
              "Add --force to overwrite them, or choose another folder.", file=sys.stderr)
        return 2
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"error: cannot create {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    n = len(targets)
    for i, ((_stem, cls_name), target) in enumerate(zip(_EXPLORERS, targets, strict=True), 1):
        _progress(i - 1, n, cls_name)
        ex = getattr(explorers, cls_name)(lang=lang)
        with mpl.rc_context(chart_rc(lang)):
            ex.figure.savefig(target, format=fmt, dpi=150 if fmt == "png" else None)
        _progress(i, n, f"{target.name}")
    print(f"wrote {n} {fmt.upper()} figures to {out}")
    return 0
