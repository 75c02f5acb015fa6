"""Shared input checks and output shaping for :mod:`rolecomp.models` (private).

Every public model function funnels its inputs through these helpers so that

* scalars, lists and numpy arrays are all accepted (a whole slider range at once);
* a scalar in gives a scalar (``numpy.float64``) out, an array in gives an array out;
* an invalid input raises :class:`ValueError` naming the parameter and its allowed range;
* nothing returns ``NaN`` or ``inf`` silently.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

__all__ = [
    "as_float",
    "as_int",
    "ensure_finite",
    "fill_defaults",
    "scalar_float",
    "scalar_int",
    "shape_out",
]

# Tolerance for "a whole number": slider values such as 3.0000000000000004 count as 3.
_INT_TOL = 1e-9


def _fmt(x: float) -> str:
    """A bound or value as short text (``0``, ``0.05``, ``inf``)."""
    if x == math.inf:
        return "inf"
    if x == -math.inf:
        return "-inf"
    return f"{x:g}"


def _range_text(low, high, low_open: bool, high_open: bool) -> str:
    left = "(" if low_open or low is None else "["
    right = ")" if high_open or high is None else "]"
    lo = "-inf" if low is None else _fmt(low)
    hi = "inf" if high is None else _fmt(high)
    return f"{left}{lo}, {hi}{right}"


def as_float(
    x,
    name: str,
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> np.ndarray:
    """Convert ``x`` to a float array and check that every element lies in the range.

    Parameters
    ----------
    x : scalar or array_like
        The value(s) given by the caller.
    name : str
        Parameter name used in the error message.
    low, high : float, optional
        Bounds of the allowed range (``None``: unbounded on that side).
    low_open, high_open : bool
        Whether the bound itself is excluded.

    Returns
    -------
    numpy.ndarray
        A float64 array (0-d for a scalar).

    Raises
    ------
    ValueError
        When ``x`` is not numeric, not finite or outside the range; the message names the
        parameter and the allowed range.

    Examples
    --------
    >>> as_float(0.5, "churn", 0, 1).shape
    ()
    >>> as_float([0.2, 1.5], "churn", 0, 1)
    Traceback (most recent call last):
    ...
    ValueError: churn must be in [0, 1] (got 1.5)
    """
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers (got {x!r})") from None
    if arr.size and not np.all(np.isfinite(arr)):
        bad = arr[~np.isfinite(arr)].flat[0]
        raise ValueError(f"{name} must be a finite number (got {bad})")
    if arr.size:
        bad_mask = np.zeros(arr.shape, dtype=bool)
        if low is not None:
            bad_mask |= (arr <= low) if low_open else (arr < low)
        if high is not None:
            bad_mask |= (arr >= high) if high_open else (arr > high)
        if bad_mask.any():
            bad = arr[bad_mask].flat[0]
            raise ValueError(
                f"{name} must be in {_range_text(low, high, low_open, high_open)} (got {_fmt(bad)})"
            )
    return arr


def as_int(x, name: str, low: int | None = None, high: int | None = None) -> np.ndarray:
    """Convert ``x`` to an int64 array of whole numbers within ``[low, high]``.

    Floats that are whole numbers (``3.0``, as read from ``parameters.csv`` or a slider) are
    accepted; ``2.5`` is refused.

    Examples
    --------
    >>> int(as_int(3.0, "firms", 1))
    3
    >>> as_int(2.5, "firms", 1)
    Traceback (most recent call last):
    ...
    ValueError: firms must be a whole number (got 2.5)
    """
    arr = as_float(x, name)
    rounded = np.round(arr)
    if arr.size and np.any(np.abs(arr - rounded) > _INT_TOL):
        bad = arr[np.abs(arr - rounded) > _INT_TOL].flat[0]
        raise ValueError(f"{name} must be a whole number (got {_fmt(bad)})")
    as_float(rounded, name, low, high)  # range check with the same wording
    return rounded.astype(np.int64)


def scalar_float(x, name: str, low=None, high=None, *, low_open=False, high_open=False) -> float:
    """Like :func:`as_float` but the value must be a single number; returns a Python float.

    Examples
    --------
    >>> scalar_float([1, 2], "budget")
    Traceback (most recent call last):
    ...
    ValueError: budget must be a single number here (got an array of shape (2,))
    """
    arr = as_float(x, name, low, high, low_open=low_open, high_open=high_open)
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a single number here (got an array of shape {arr.shape})")
    return float(arr)


def scalar_int(x, name: str, low=None, high=None) -> int:
    """Like :func:`as_int` but for a single number; returns a Python int.

    Examples
    --------
    >>> scalar_int(4.0, "weeks", 0)
    4
    """
    arr = as_int(x, name, low, high)
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a single number here (got an array of shape {arr.shape})")
    return int(arr)


def ensure_finite(result, what: str):
    """Raise :class:`ValueError` if ``result`` holds NaN or inf (never return them silently).

    Examples
    --------
    >>> ensure_finite(np.array([1.0, np.inf]), "viral_users")
    Traceback (most recent call last):
    ...
    ValueError: viral_users overflowed (the result is not a finite number); use smaller inputs
    """
    arr = np.asarray(result, dtype=float)
    if arr.size and not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} overflowed (the result is not a finite number); use smaller inputs")
    return result


def shape_out(arr):
    """A 0-d array becomes ``numpy.float64``; any other array is returned as float64.

    Examples
    --------
    >>> type(shape_out(np.asarray(2.0))).__name__
    'float64'
    >>> shape_out(np.asarray([1, 2])).dtype
    dtype('float64')
    """
    arr = np.asarray(arr, dtype=float)
    return arr[()] if arr.ndim == 0 else arr


def fill_defaults(group: str, values: Mapping[str, object]) -> dict[str, object]:
    """Replace every ``None`` in ``values`` by the default of ``group`` in ``parameters.csv``.

    ``rolecomp.data`` is imported here, lazily, so importing the models reads no file.

    Raises
    ------
    ValueError
        When a parameter left as ``None`` has no row in ``data/parameters.csv``.

    Examples
    --------
    >>> fill_defaults("channel_dependence", {"intermediaries": 0, "c": None})
    {'intermediaries': 0, 'c': 20.0}
    """
    missing = [k for k, v in values.items() if v is None]
    if not missing:
        return dict(values)
    from rolecomp.data import defaults

    table = defaults(group)
    absent = [k for k in missing if k not in table]
    if absent:
        raise ValueError(
            f"no default for {', '.join(absent)} in data/parameters.csv (group {group!r}); "
            "pass a value or add the row"
        )
    return {k: (table[k] if v is None else v) for k, v in values.items()}
