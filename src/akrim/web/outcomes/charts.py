"""Server-rendered charts for the results pages: small inline SVG bar charts (no script, no
CDN), with the numbers as text so that the chart reads without colour."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, BAR_GAP, LABEL_SPACE, MAX_BAR = 360, 150, 8, 34, 56


def _number(value: Decimal | float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def bar_chart(title: str, bars: Sequence[tuple[str, Decimal | float | None]]) -> SafeString:
    """One bar per label; None is a withheld value, drawn as an empty, labelled slot."""
    if not bars:
        return mark_safe("")
    top = max((float(v) for _, v in bars if v is not None), default=0.0) or 1.0
    slot = (WIDTH - BAR_GAP) / len(bars)
    inner = HEIGHT - LABEL_SPACE - 16
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(bars):
        x = BAR_GAP + i * slot
        width = min(max(slot - BAR_GAP, 2), MAX_BAR)
        if value is None:
            text, height = "withheld", 0.0
        else:
            text, height = _number(value), inner * float(value) / top
        y = HEIGHT - LABEL_SPACE - height
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
            'fill="#2b5f8a"/>'
            f'<text x="{x + width / 2:.1f}" y="{y - 3:.1f}" font-size="10" '
            f'text-anchor="middle">{escape(text)}</text>'
            f'<text x="{x + width / 2:.1f}" y="{HEIGHT - LABEL_SPACE + 14:.1f}" font-size="11" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every label and value above is escaped
