"""Template filters of the results pages: a figure of a row, formatted, or 'withheld'."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def figure(figures: dict[str, Decimal] | None, name: str) -> str:
    if figures is None:
        return _("withheld")
    return f"{figures[name]:,.0f}".replace(",", " ")
