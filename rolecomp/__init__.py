"""rolecomp: sales, marketing and operations in internet companies, made tangible.

A Jupyter workshop kit. The data and models load without matplotlib or ipywidgets; charts and
explorers import them only when first used, so ``import rolecomp`` stays light.

Examples
--------
>>> import rolecomp
>>> roles = rolecomp.load_roles()
>>> list(roles.name_zh)[:3]
['销售', '市场', '运营']
"""

from __future__ import annotations

from importlib import import_module

from rolecomp.data import (
    RoleDataError,
    attribute_matrix,
    load_attributes,
    load_parameters,
    load_presets,
    load_roles,
    load_scales,
)
from rolecomp.i18n import get_language, set_language

__version__ = "0.1.0"

# Heavy names, imported on first use (PEP 562).
_LAZY = {
    "models": "rolecomp.models",
    "charts": "rolecomp.charts",
    "explorers": "rolecomp.explorers",
    "RoleProfile": "rolecomp.explorers",
    "ChannelExplorer": "rolecomp.explorers",
    "ReachExplorer": "rolecomp.explorers",
    "RevenueExplorer": "rolecomp.explorers",
    "ValueExplorer": "rolecomp.explorers",
    "check": "rolecomp.exercises",
}

__all__ = [
    "ChannelExplorer",
    "ReachExplorer",
    "RevenueExplorer",
    "RoleDataError",
    "RoleProfile",
    "ValueExplorer",
    "attribute_matrix",
    "check",
    "get_language",
    "load_attributes",
    "load_parameters",
    "load_presets",
    "load_roles",
    "load_scales",
    "set_language",
]


def __getattr__(name: str):
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'rolecomp' has no attribute {name!r}")
    module = import_module(target)
    value = module if target.endswith(name) else getattr(module, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
