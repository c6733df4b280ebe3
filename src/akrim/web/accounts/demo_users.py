"""The demo's users: one per agency and role that makes sense, with one shared password."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from akrim.web.accounts.models import User
from akrim.web.accounts.services import user_create, user_update

DEMO_PASSWORD = "akrim-demo-2026"  # printed on start; a demo store holds synthetic data only
DEMO_CENTRE = "oslo"


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    agency: str
    roles: tuple[str, ...]
    centre: str = DEMO_CENTRE
    note: str = ""


# Analysts of every agency that takes part in a centre; one field inspector per inspecting
# agency; the centre's manager, steering and control groups; a second centre (scoping); the
# national analysis centre, the data-protection officer and the administrator.
DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("arbeidstilsynet-analyst", "arbeidstilsynet", ("analyst",)),
    DemoUser("skatteetaten-analyst", "skatteetaten", ("analyst",)),
    DemoUser("nav-analyst", "nav", ("analyst",)),
    DemoUser("politi-analyst", "politi", ("analyst",)),
    DemoUser("vegvesen-analyst", "vegvesen", ("analyst",)),
    DemoUser("dsb-analyst", "dsb", ("analyst",)),
    DemoUser("kommune-analyst", "kommune", ("analyst",)),
    DemoUser("udi-analyst", "udi", ("analyst",)),
    DemoUser("tolletaten-analyst", "tolletaten", ("analyst",)),
    DemoUser("arbeidstilsynet-inspector", "arbeidstilsynet", ("inspector",)),
    DemoUser("skatteetaten-inspector", "skatteetaten", ("inspector",)),
    DemoUser("nav-manager", "nav", ("centre_manager",), note="leads the Oslo centre"),
    DemoUser("skatteetaten-steering", "skatteetaten", ("steering_group_member",)),
    DemoUser("politi-control", "politi", ("control_group_member",)),
    DemoUser("nav-analyst-bergen", "nav", ("analyst",), centre="bergen", note="another centre"),
    DemoUser("ntaes-strategic", "ntaes", ("strategic_analyst",), centre="", note="national"),
    DemoUser("dpo-auditor", "arbeidstilsynet", ("auditor",), centre="", note="data protection"),
    DemoUser("admin", "ntaes", ("administrator",), centre="", note="/admin/"),
)


def demo_users_create(password: str = DEMO_PASSWORD) -> list[User]:
    """Create (or reset) every demo user with ``password``; audited like any user change."""
    made: list[User] = []
    with transaction.atomic():
        for demo in DEMO_USERS:
            user = User.objects.filter(username=demo.username).first()
            if user is None:
                user = user_create(
                    username=demo.username,
                    agency=demo.agency,
                    centre=demo.centre,
                    roles=demo.roles,
                    password=password,
                    by="demo",
                )
            else:
                user = user_update(
                    user=user,
                    by="demo",
                    roles=demo.roles,
                    centre=demo.centre,
                    agency=demo.agency,
                    is_active=True,
                )
                user.set_password(password)
                user.save(update_fields=["password"])
            made.append(user)
    return made
