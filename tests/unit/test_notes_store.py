"""The notes journal on a real SQLite file: filters, search, drafts, the Jira comment.

Crash safety (a process killed right after saving): integration/test_notes_store_sigkill.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from cockpit.models import Note
from cockpit.store.db import Store
from cockpit.store.notes import fts_query

LISBON = timezone(timedelta(hours=1))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=LISBON)


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path)
    store.add_note(Note(None, at(3, 9), "Stand-up: payouts blocked on bank API"))
    store.add_note(Note(None, at(3, 14), "Globex renewal risk; wants SSO", customer="Globex"))
    store.add_note(Note(None, at(4, 10), "PAY-12 needs design review", issue_key="PAY-12"))
    store.add_note(
        Note(
            None,
            at(4, 11),
            "Initech café demo went well",
            meeting_uid="m-1",
            meeting_title="Initech demo",
            meeting_start=at(4, 11),
            customer="Initech",
        )
    )
    store.add_note(
        Note(None, at(5, 8), 'globex asked about the "AND" (beta) *flag*', customer="globex")
    )
    yield store
    store.close()


def texts(notes: list[Note]) -> list[str]:
    return [n.text for n in notes]


def test_add_note_returns_the_saved_note_with_id_and_it_reads_back(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    saved = store.add_note(
        Note(
            None,
            at(4, 11),
            "Demo",
            meeting_uid="m-1",
            meeting_title="Demo",
            meeting_start=at(4, 11),
        )
    )
    assert saved.id is not None
    store.close()
    again = Store.open(tmp_path)
    assert again.get_note(saved.id) == saved
    again.close()


def test_filters_by_day_customer_issue_and_since(journal: Store) -> None:
    assert texts(journal.list_notes(day=date(2025, 3, 3))) == [
        "Stand-up: payouts blocked on bank API",
        "Globex renewal risk; wants SSO",
    ]
    assert len(journal.list_notes(customer="GLOBEX")) == 2
    assert texts(journal.list_notes(issue_key="pay-12")) == ["PAY-12 needs design review"]
    assert len(journal.list_notes(since=date(2025, 3, 4))) == 3
    assert journal.list_notes(customer="Globex", since=date(2025, 3, 5))[0].created == at(5, 8)


def test_last_note_for_customer_is_the_newest(journal: Store) -> None:
    last = journal.last_note_for_customer("Globex")
    assert last is not None and last.created == at(5, 8)
    assert journal.last_note_for_customer("Umbrella") is None


def test_search_finds_words_prefixes_keys_and_accents_newest_first(journal: Store) -> None:
    assert texts(journal.search("globex")) == [
        'globex asked about the "AND" (beta) *flag*',
        "Globex renewal risk; wants SSO",
    ]
    assert texts(journal.search("renew sso")) == ["Globex renewal risk; wants SSO"]
    assert texts(journal.search("PAY-12")) == ["PAY-12 needs design review"]
    assert texts(journal.search("cafe")) == ["Initech café demo went well"]
    assert texts(journal.search("initech demo")) == ["Initech café demo went well"]
    assert journal.search("renewal", customer="initech") == []


FLAG = 'globex asked about the "AND" (beta) *flag*'


@pytest.mark.parametrize(
    ("query", "found"),
    [
        # Only operators, no words: nothing is found (not every note, not an error).
        *[(q, []) for q in ['"', "*", "^", "'", "-", "((("]],
        # Operator words are plain words: found where a note says them, else nothing.
        ("AND (", [FLAG]),
        ('"AND"', [FLAG]),
        *[(q, []) for q in ["NOT", "OR OR", "NEAR(", "a:b"]],
        # Around real words an operator changes nothing: every word must be there.
        ("bank^", ["Stand-up: payouts blocked on bank API"]),
        ("sso -renewal", ["Globex renewal risk; wants SSO"]),  # "-" does not exclude
        ("globex OR initech", []),  # OR does not widen: no note says all three words
        ("pay-12:", ["PAY-12 needs design review"]),
    ],
)
def test_hostile_queries_find_what_their_words_find(
    journal: Store, query: str, found: list[str]
) -> None:
    assert texts(journal.search(query)) == found


def test_operators_typed_by_the_user_are_plain_words(journal: Store) -> None:
    assert texts(journal.search('"AND" (beta')) == ['globex asked about the "AND" (beta) *flag*']
    assert texts(journal.search("flag*")) == ['globex asked about the "AND" (beta) *flag*']
    assert fts_query('x" OR y') == '"x"* "OR"* "y"*'
    assert fts_query("  * ( ") is None


def test_the_search_index_follows_edits_and_deletes(journal: Store) -> None:
    [note] = journal.search("design review")
    with journal._write() as conn:
        conn.execute("UPDATE note SET text = 'PAY-12 approved' WHERE id = ?", (note.id,))
    assert journal.search("design") == []
    assert texts(journal.search("approved")) == ["PAY-12 approved"]
    with journal._write() as conn:
        conn.execute("DELETE FROM note WHERE id = ?", (note.id,))
    assert journal.search("approved") == []


def test_drafts_upsert_and_are_discarded_on_save(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    for text in ("B", "Bl", "Blocked on legal"):
        store.save_draft("issue:PAY-4", text, {"issue_key": "PAY-4"})
    store.save_draft("free", "idea", {})
    assert [(d.context_key, d.text) for d in store.load_drafts()] == [
        ("issue:PAY-4", "Blocked on legal"),
        ("free", "idea"),
    ]
    store.save_draft("free", "   ", {})
    store.add_note(
        Note(None, at(4, 9), "Blocked on legal", issue_key="PAY-4"), draft_key="issue:PAY-4"
    )
    assert store.load_drafts() == []
    store.close()


def test_a_note_for_jira_queues_exactly_one_comment(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    note = store.add_note(Note(None, at(4, 9), "Ship it", issue_key="PAY-4", post_to_jira=True))
    store.enqueue_comment("PAY-4", "Ship it", note_id=note.id)  # the app asking again
    store.add_note(Note(None, at(4, 9), "Not for Jira", issue_key="PAY-4"))
    [job] = store.open_jobs()
    assert (job.kind, job.key, job.payload, job.note_id) == (
        "comment",
        "PAY-4",
        {"text": "Ship it"},
        note.id,
    )
    store.close()


def test_a_digest_note_keeps_its_kind_and_a_typed_note_has_none(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    kept = store.add_note(Note(None, at(7, 17), "Update, Mon 3 Mar to Fri 7 Mar", kind="update"))
    typed = store.add_note(Note(None, at(7, 18), "Call Globex back"))
    assert store.get_note(kept.id or 0).kind == "update"  # type: ignore[union-attr]
    assert store.get_note(typed.id or 0).kind is None  # type: ignore[union-attr]
    assert [n.kind for n in store.search("update Mar")] == ["update"]
    store.close()


def test_notes_written_before_kinds_existed_read_as_kind_none(tmp_path: Path) -> None:
    import sqlite3

    from cockpit.store.db import DB_NAME
    from cockpit.store.schema import MIGRATIONS

    before = MIGRATIONS.index(next(m for m in MIGRATIONS if "ADD COLUMN kind" in m))
    old = sqlite3.connect(tmp_path / DB_NAME)
    script = "\n".join(MIGRATIONS[:before])
    old.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {before};\nCOMMIT;")
    old.execute(
        "INSERT INTO note (created, created_utc, day, text) VALUES (?, ?, ?, ?)",
        (at(3, 9).isoformat(), "2025-03-03T08:00:00", "2025-03-03", "An old note"),
    )
    old.commit()
    old.close()
    store = Store.open(tmp_path)
    assert [(n.text, n.kind) for n in store.list_notes()] == [("An old note", None)]
    store.close()
