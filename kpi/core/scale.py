"""Value-axis scales shared by the plotly charts and the exported deck: how high an axis goes, and
round tick steps. Plain numbers only (no plotly), so every renderer can use them."""

from __future__ import annotations

from collections.abc import Iterable


def axis_top(values: Iterable[float | None], headroom: float = 1.25, pad: float = 0.0, least: float = 1.0) -> float:
    """The top of a value axis: the largest value × `headroom` + `pad`, room above the bars for their labels.

    Missing values are skipped; when no value is above zero the axis still needs a height: `least`.
    """
    peak = max((float(v) for v in values if v is not None), default=0.0)
    return peak * headroom + pad if peak > 0 else least


def nice_step(upper: float) -> float:
    """A round tick step (1, 2, 2.5 or 5 × a power of ten) giving about five ticks up to `upper`."""
    raw = upper / 5
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if magnitude * factor >= raw:
            return float(magnitude * factor)
    return float(magnitude * 10)
