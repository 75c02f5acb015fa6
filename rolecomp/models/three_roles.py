"""The three roles (and traditional sales) side by side on the article's attributes.

The "model" of this contrast is the data itself: each score is the article's, with its
paragraph (¶N) and quote, or empty where the article is silent (``data/attributes.csv``).

Examples
--------
>>> from rolecomp.data import attribute_matrix
>>> table, notes = scenario_result({"roles": ("sales",), "attributes": ("reach_breadth",)},
...                                attribute_matrix())
>>> table.shape, notes
((1, 1), [])
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

__all__ = ["CONTRAST", "scenario_result"]

#: The contrast this module models; its chart, explorer, notebook and tests carry the same id.
CONTRAST = "three_roles"


def scenario_result(p: Mapping, wide: pd.DataFrame):
    """The scores of the chosen roles (rows) on the chosen attributes (columns), NaN where silent.

    Returns ``(table, notes)``; the note asks for a choice when nothing is chosen.
    """
    roles, attrs = list(p["roles"]), list(p["attributes"])
    table = wide.reindex(index=roles, columns=attrs)
    notes = []
    if not roles or not attrs:
        notes.append({"en": "Choose at least one role and one attribute.", "zh": "请至少选择一个岗位和一个属性。"})
    return table, notes
