"""rolecomp: sales, marketing and operations in internet companies, made tangible.

A Jupyter workshop kit. Every public name is imported on first use, so ``import rolecomp`` stays
light: the data and models need only pandas, charts and explorers add matplotlib and ipywidgets,
and ``python -m rolecomp doctor`` can still run (and say what is missing) where pandas is not
installed.

Examples
--------
>>> import rolecomp
>>> roles = rolecomp.load_roles()
>>> list(roles.name_zh)[:3]
['销售', '市场', '运营']
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

# Every public name, imported on first use (PEP 562).
_LAZY = {
    "RoleDataError": "rolecomp.data",
    "attribute_matrix": "rolecomp.data",
    "load_attributes": "rolecomp.data",
    "load_parameters": "rolecomp.data",
    "load_presets": "rolecomp.data",
    "load_roles": "rolecomp.data",
    "load_scales": "rolecomp.data",
    "get_language": "rolecomp.i18n",
    "set_language": "rolecomp.i18n",
    "models": "rolecomp.models",
    "charts": "rolecomp.charts",
    "explorers": "rolecomp.explorers",
    "Scenario": "rolecomp.scenario",
    "explorer": "rolecomp.explorers",
    "ThreeRolesExplorer": "rolecomp.explorers",
    "ChannelDependenceExplorer": "rolecomp.explorers",
    "ReachExplorer": "rolecomp.explorers",
    "OneOffVsOngoingExplorer": "rolecomp.explorers",
    "ValuePresentationExplorer": "rolecomp.explorers",
    "check": "rolecomp.exercises",
    "solution": "rolecomp.exercises",
    "exercise": "rolecomp.answer_widgets",
    "ask": "rolecomp.answer_widgets",
    "my_answers": "rolecomp.answer_widgets",
}

# The first release's names: still work, with a DeprecationWarning naming the new one.
_RENAMED = {"RoleProfile": "ThreeRolesExplorer", "ChannelExplorer": "ChannelDependenceExplorer",
            "RevenueExplorer": "OneOffVsOngoingExplorer", "ValueExplorer": "ValuePresentationExplorer"}

__all__ = [
    "ChannelDependenceExplorer",
    "OneOffVsOngoingExplorer",
    "ReachExplorer",
    "RoleDataError",
    "Scenario",
    "ThreeRolesExplorer",
    "ValuePresentationExplorer",
    "ask",
    "attribute_matrix",
    "check",
    "exercise",
    "explorer",
    "get_language",
    "load_attributes",
    "load_parameters",
    "load_presets",
    "load_roles",
    "load_scales",
    "my_answers",
    "set_language",
    "solution",
]


def __getattr__(name: str):
    if name in _RENAMED:
        import warnings

        new = _RENAMED[name]
        warnings.warn(f"rolecomp.{name} is now rolecomp.{new} (one name per contrast); "
                      "the old name still works", DeprecationWarning, stacklevel=2)
        return __getattr__(new)
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'rolecomp' has no attribute {name!r}")
    module = import_module(target)
    value = module if target.endswith(name) else getattr(module, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
