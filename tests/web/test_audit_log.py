"""The audit log in the database: chained in the work's transaction, tampering found."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from akrim.domain.audit_chain import Checkpoint
from akrim.domain.audit_events import CaseClosed
from akrim.web.audit.models import AuditEntry, AuditHead
from akrim.web.audit.selectors import audit_verify
from akrim.web.audit.services import audit_checkpoint_create, audit_record

pytestmark = pytest.mark.django_db


def fill(n: int) -> None:
    for i in range(n):
        audit_record(CaseClosed(actor=f"user{i}", case_id=str(i), reason="done"))


def sql(statement: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_a_fresh_log_verifies() -> None:
    fill(5)
    result = audit_verify()
    assert result.intact and result.entries == 5


def test_an_edited_text_is_found_at_its_entry() -> None:
    fill(5)
    sql("UPDATE audit_auditentry SET text = replace(text, 'user2', 'user9') WHERE seq = 3")
    result = audit_verify()
    assert not result.intact and result.first_bad_seq == 3


def test_an_edited_query_column_is_found() -> None:
    fill(5)
    sql("UPDATE audit_auditentry SET actor = 'someone' WHERE seq = 4")
    result = audit_verify()
    assert not result.intact and result.first_bad_seq == 4 and "actor" in result.problem


def test_a_deleted_entry_is_found() -> None:
    fill(5)
    sql("DELETE FROM audit_auditentry WHERE seq = 2")
    result = audit_verify()
    assert not result.intact and result.first_bad_seq == 2


def test_a_truncated_tail_is_found_by_the_head() -> None:
    fill(5)
    sql("DELETE FROM audit_auditentry WHERE seq >= 4")
    result = audit_verify()
    assert not result.intact and result.first_bad_seq == 4


def test_a_truncation_with_a_forged_head_is_found_by_a_witnessed_checkpoint() -> None:
    fill(5)
    witnessed = audit_checkpoint_create(by="dpo")  # a partner keeps this file
    fill(2)
    sql("DELETE FROM audit_auditentry WHERE seq >= 4")
    sql("DELETE FROM audit_auditcheckpoint")  # the insider removes the stored copy, too
    last = AuditEntry.objects.order_by("-seq").first()
    AuditHead.objects.filter(pk=1).update(seq=last.seq, hash=last.hash)
    assert audit_verify().intact  # consistent on its own...
    result = audit_verify(witnessed=[Checkpoint.from_json(witnessed.to_json())])
    assert not result.intact  # ...but not with what the partner witnessed


def test_the_event_rolls_back_with_the_work() -> None:
    fill(1)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(CaseClosed(actor="x", case_id="9"))
        raise RuntimeError("the work failed")
    assert AuditEntry.objects.count() == 1 and audit_verify().intact


def test_user_changes_are_audited(make_user) -> None:
    from akrim.web.accounts.services import user_update

    user = make_user("nav", "analyst")
    user_update(user=user, by="admin", roles=["analyst", "centre_manager"], centre="bergen")
    changes = AuditEntry.objects.filter(action="user.changed").order_by("seq")
    assert changes.count() == 2 and changes.last().actor == "admin"
    assert '"roles":["analyst","centre_manager"]' in changes.last().text
    with pytest.raises(ValueError, match="not a valid Role"):
        user_update(user=user, by="admin", roles=["boss"])
    assert audit_verify().intact
