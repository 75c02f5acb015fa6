"""ReachExplorer: point-to-point sales, the wide net of marketing, and operations' product traffic."""

from __future__ import annotations

from rolecomp.explorers._base import ParameterExplorer

__all__ = ["ReachExplorer"]


class ReachExplorer(ParameterExplorer):
    """Sales reaches few, precisely; marketing many, imprecisely; operations sells through product traffic.

    The chart is :class:`rolecomp.charts.reach.ReachChart`, the data
    :func:`rolecomp.models.reach.scenario_result` (¶26, ¶30-¶31, ¶33, ¶36, ¶39, ¶42). Sliders: the
    horizon; sales' team and win rate; marketing's budget and the carry-over of its ads;
    operations' unpaid and paid traffic, retention and referrals. The other parameters (prospects
    per rep, qualification rate, CPM, conversion rates, weeks the ads run, cost per click, costs)
    are set with :meth:`set` or a preset (*Ads stop after week 13* sets the weeks the ads run).

    Examples
    --------
    >>> ex = ReachExplorer(reps=10)
    >>> last = ex.data[ex.data.week == ex.data.week.max()].set_index("role")
    >>> bool(last.loc["sales", "precision"] > last.loc["marketing", "precision"])
    True
    >>> sorted(ex.presets)
    ['ads_stop', 'internet_startup', 'traditional_firm', 'two_years']
    """

    contrast = "reach"
    controls = ("weeks", "reps", "win_rate", "budget", "carryover", "organic_visitors", "paid_budget", "retention",
                "referral_rate")
