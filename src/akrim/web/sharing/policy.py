"""The policy in force for this process, and the refusal raised when it says no."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings

from akrim.domain.access import Actor, Decision, Policy, load_policy


@lru_cache(maxsize=1)
def current_policy() -> Policy:
    configured = str(getattr(settings, "AKRIM_POLICY_FILE", "") or "")
    return load_policy(Path(configured) if configured else None)


class Refused(PermissionError):
    """An action the policy does not allow; carries the decision with its reason."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.reason)
        self.decision = decision


def require(actor: Actor, action: str) -> Decision:
    decision = current_policy().may(actor, action)
    if not decision.allowed:
        raise Refused(decision)
    return decision
