"""ThreeRolesExplorer: the roles side by side on the article's attributes, with the evidence."""

from __future__ import annotations

import html
from types import SimpleNamespace

import ipywidgets as w
import numpy as np

from rolecomp.charts.three_roles import LABELS
from rolecomp.explorers._base import Explorer
from rolecomp.scenario import RoleScenario

__all__ = ["ThreeRolesExplorer"]

_T = LABELS  # one table of this contrast's words, shared with its chart


class ThreeRolesExplorer(Explorer):
    """Compare roles on the article's attributes: grouped bars, a heatmap and the evidence.

    Parameters
    ----------
    roles, attributes : sequence of str, optional
        Role ids and attribute ids to show (all by default).
    evidence : str, optional
        Attribute whose evidence (¶N, the Chinese quote, its English rendering) is listed.
    path : str or Path, optional
        An ``attributes.csv`` to use instead of the packaged one (with its roles.csv and
        scales.csv beside it).
    lang : {"en", "zh"}, optional

    Examples
    --------
    >>> p = ThreeRolesExplorer(roles=["sales", "traditional_sales"], attributes=["channel_dependence"])
    >>> bool(p.data.loc["traditional_sales", "channel_dependence"] > p.data.loc["sales", "channel_dependence"])
    True
    """

    contrast = "three_roles"

    def __init__(self, lang=None, path=None, **values):
        self._path = path
        super().__init__(lang=lang, **values)

    def _initial_scenario(self):
        return RoleScenario(path=self._path)

    def _make_controls(self) -> dict:
        s = self._scenario
        roles, attrs = list(s.role_ids), list(s.attribute_ids)
        lay = w.Layout(width="330px", margin="2px 12px 2px 0")
        return {
            "roles": w.SelectMultiple(options=[(r, r) for r in roles], value=tuple(roles), rows=len(roles),
                                      layout=lay, style={"description_width": "90px"}),
            "attributes": w.SelectMultiple(options=[(a, a) for a in attrs], value=tuple(attrs),
                                           rows=min(len(attrs), 6), layout=lay,
                                           style={"description_width": "90px"}),
            "evidence": w.Dropdown(options=[(a, a) for a in attrs], value=attrs[0], layout=lay,
                                   style={"description_width": "90px"}),
        }

    def _label(self, name, lang):
        return _T[name][lang]

    def _relabel(self):
        roles, attrs = self._scenario.names(self._lang)
        c = self._controls
        with self._hold():
            for key, names in (("roles", roles), ("attributes", attrs), ("evidence", attrs)):
                keep = c[key].value
                c[key].options = [(names[k], k) for k in names]
                c[key].value = keep
        super()._relabel()

    def _extra(self, table, lang):
        return self._evidence_html(self._scenario.parameters["evidence"], list(table.index), lang)

    def _evidence_html(self, attribute, roles, lang):
        a = self._scenario.tables["attributes"]
        rows = a[(a.attribute_id == attribute) & (a.role_id.isin(roles))]
        rnames, anames = self._scenario.names(lang)
        esc = html.escape
        colon = "：" if lang == "zh" else ": "
        out = [f"<div style='margin-top:6px'><b>{esc(_T['evidence'][lang])}{colon}{esc(anames[attribute])}</b>"
               "<table style='border-collapse:collapse;font-size:0.95em'>"
               f"<tr><th style='text-align:left;padding:2px 8px;white-space:nowrap'>{esc(_T['col_role'][lang])}</th>"
               f"<th style='padding:2px 8px;white-space:nowrap'>{esc(_T['col_score'][lang])}</th>"
               f"<th style='text-align:left;padding:2px 8px'>{esc(_T['col_quote'][lang])}</th>"
               f"<th style='text-align:left;padding:2px 8px'>{esc(_T['col_why'][lang])}</th></tr>"]
        for r in (SimpleNamespace(**d) for d in rows.to_dict("records")):
            if r.paragraphs and lang == "zh":  # the Chinese edition never shows the English rendering
                paras = "、".join(f"¶{p}" for p in r.paragraphs)
                quote = f"{esc(paras)}：「{esc(str(r.quote_zh))}」"
            elif r.paragraphs:
                paras = ", ".join(f"¶{p}" for p in r.paragraphs)
                quote = (f"{esc(paras)}: “{esc(str(r.quote_zh))}”<br><i>{esc(str(r.quote_en))}</i>")
            else:
                quote = f"<i>{esc(_T['silent'][lang])}</i>"
            score = "—" if r.score is None or r.score is np.nan or str(r.score) == "<NA>" else str(r.score)
            why = str(r.rationale_en if lang == "en" else r.rationale_zh)
            out.append(f"<tr style='border-top:1px solid #ddd'><td style='padding:2px 8px;white-space:nowrap'>"
                       f"{esc(rnames[r.role_id])}</td><td style='text-align:center'>{esc(score)}</td>"
                       f"<td style='padding:2px 8px'>{quote}</td><td style='padding:2px 8px'>{esc(why)}</td></tr>")
        out.append("</table></div>")
        return "".join(out)

    @property
    def evidence_html(self) -> str:
        """The evidence table shown under the chart (HTML, every data text escaped)."""
        self._fresh()
        return self._extra_w.value
