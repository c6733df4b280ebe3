"""The working context kept in the session: the purpose the user declared and the case they
work on. Every workbench read of facts passes both to the read gateway, which decides on
them; the bar on each page shows and changes them."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from akrim.web.accounts.models import User
from akrim.web.cases.models import Case
from akrim.web.cases.selectors import CaseFilter, case_list
from akrim.web.sharing.policy import current_policy

SESSION_KEY = "workbench.context"


@dataclass(frozen=True, slots=True)
class WorkingContext:
    purpose: str = ""
    case_id: str = ""
    case_title: str = ""
    channel: str = "web"  # what the audit log names as the read path: web, or api

    @property
    def describe(self) -> str:
        if not self.purpose:
            return "no purpose declared"
        case = f", case {self.case_id}" if self.case_id else ", no case"
        return f"purpose {self.purpose}{case}"


def sharing_cases(user: User) -> list[Case]:
    """The user's centre's cases in a state that allows sharing (the context's choices)."""
    states = current_policy().sharing_states
    return [c for c in case_list(user=user, filters=CaseFilter()) if c.state in states][:200]


def working_context(request: HttpRequest) -> WorkingContext:
    raw = request.session.get(SESSION_KEY) or {}
    return WorkingContext(
        purpose=str(raw.get("purpose", "")),
        case_id=str(raw.get("case_id", "")),
        case_title=str(raw.get("case_title", "")),
    )


def set_working_context(request: HttpRequest, purpose: str, case_id: str) -> WorkingContext:
    """Validate and keep the context; ValueError with a one-line reason on bad input."""
    user = request.user
    assert isinstance(user, User)
    purposes = current_policy().purposes
    if purpose and purpose not in purposes:
        raise ValueError(f"purpose must be one of: {', '.join(sorted(purposes))}")
    title = ""
    if case_id:
        if not purpose:
            raise ValueError("declare a purpose before choosing a case")
        found = {str(c.pk): c for c in sharing_cases(user)}
        if case_id not in found:
            raise ValueError(f"case {case_id} is not a case of your centre that allows sharing")
        title = found[case_id].title
    context = WorkingContext(purpose, case_id, title)
    request.session[SESSION_KEY] = {"purpose": purpose, "case_id": case_id, "case_title": title}
    return context
