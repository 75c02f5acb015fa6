"""Live explorers, so that :func:`rolecomp.set_language` can relabel all of them at once."""

from __future__ import annotations

import weakref

__all__ = ["language_changed", "register"]

_live: weakref.WeakSet = weakref.WeakSet()


def register(obj) -> None:
    """Remember a live explorer (weakly: a deleted explorer is forgotten)."""
    _live.add(obj)


def language_changed(lang: str) -> None:
    """Tell every live explorer that the language is now ``lang``."""
    for obj in list(_live):
        obj._on_global_language(lang)
