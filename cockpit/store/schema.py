"""The database schema as numbered migrations; `PRAGMA user_version` says which ran.

Append new steps, never edit old ones: a user's database is at some step already.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: snapshot cache, notes + full-text index, drafts, outbox.
    """
    CREATE TABLE snapshot (
        source     TEXT NOT NULL,
        scope      TEXT NOT NULL DEFAULT '',
        fetched_at TEXT NOT NULL,
        count      INTEGER NOT NULL,
        items      TEXT NOT NULL,           -- compact JSON list of objects
        PRIMARY KEY (source, scope)
    ) WITHOUT ROWID;

    CREATE TABLE note (
        id            INTEGER PRIMARY KEY,
        created       TEXT NOT NULL,        -- ISO 8601 as the app gave it (with offset)
        created_utc   TEXT NOT NULL,        -- for ordering
        day           TEXT NOT NULL,        -- the local day it was written, YYYY-MM-DD
        text          TEXT NOT NULL,
        issue_key     TEXT,
        meeting_uid   TEXT,
        meeting_title TEXT,
        meeting_start TEXT,
        customer      TEXT,
        post_to_jira  INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX note_day ON note (day, created_utc);
    CREATE INDEX note_customer ON note (customer COLLATE NOCASE, created_utc);
    CREATE INDEX note_issue ON note (issue_key COLLATE NOCASE, created_utc);

    CREATE VIRTUAL TABLE note_fts USING fts5 (
        text, issue_key, meeting_title, customer,
        content = 'note', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER note_ai AFTER INSERT ON note BEGIN
        INSERT INTO note_fts (rowid, text, issue_key, meeting_title, customer)
        VALUES (new.id, new.text, new.issue_key, new.meeting_title, new.customer);
    END;
    CREATE TRIGGER note_ad AFTER DELETE ON note BEGIN
        INSERT INTO note_fts (note_fts, rowid, text, issue_key, meeting_title, customer)
        VALUES ('delete', old.id, old.text, old.issue_key, old.meeting_title, old.customer);
    END;
    CREATE TRIGGER note_au AFTER UPDATE ON note BEGIN
        INSERT INTO note_fts (note_fts, rowid, text, issue_key, meeting_title, customer)
        VALUES ('delete', old.id, old.text, old.issue_key, old.meeting_title, old.customer);
        INSERT INTO note_fts (rowid, text, issue_key, meeting_title, customer)
        VALUES (new.id, new.text, new.issue_key, new.meeting_title, new.customer);
    END;

    CREATE TABLE draft (
        context_key TEXT PRIMARY KEY,
        text        TEXT NOT NULL,
        context     TEXT NOT NULL,          -- JSON object: what the note is about
        updated     TEXT NOT NULL
    );

    CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY,
        kind            TEXT NOT NULL CHECK (kind IN ('rank', 'priority', 'comment')),
        issue_key       TEXT NOT NULL,
        payload         TEXT NOT NULL,      -- JSON: before/after, name, or text
        state           TEXT NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'sending', 'done', 'failed')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT,
        next_attempt_at TEXT,               -- UTC; NULL = now
        created         TEXT NOT NULL,
        sent_at         TEXT,               -- UTC; when the last send began
        finished_at     TEXT,
        remote_id       TEXT,               -- the Jira comment id, once known
        note_id         INTEGER REFERENCES note (id) ON DELETE SET NULL
    );
    CREATE INDEX outbox_open ON outbox (state, id);
    CREATE UNIQUE INDEX outbox_note_comment ON outbox (note_id)
        WHERE kind = 'comment' AND note_id IS NOT NULL;
    """,
    # 2: snapshots in a rowid table, so their items can be written a slice at a time
    # (incremental blob I/O) instead of copying ~18 MB of text in one step.
    """
    CREATE TABLE snapshot_v2 (
        source     TEXT NOT NULL,
        scope      TEXT NOT NULL DEFAULT '',
        fetched_at TEXT NOT NULL,
        count      INTEGER NOT NULL,
        items      BLOB NOT NULL,           -- compact JSON list of objects, UTF-8
        UNIQUE (source, scope)
    );
    INSERT INTO snapshot_v2 (source, scope, fetched_at, count, items)
        SELECT source, scope, fetched_at, count, CAST(items AS BLOB) FROM snapshot;
    DROP TABLE snapshot;
    ALTER TABLE snapshot_v2 RENAME TO snapshot;
    """,
    # 3: where each slice of a snapshot's items ends in the blob (a JSON list of byte
    # offsets), so a start reads and decodes only the first slice for its first frame
    # and the rest a slice at a time. NULL for rows written before: read them whole.
    """
    ALTER TABLE snapshot ADD COLUMN slices TEXT;
    """,
    # 4: what a Jira site told us about itself (custom field ids, status names), kept
    # per site so a start does not ask again; rediscovered when found stale.
    """
    CREATE TABLE site_meta (
        site       TEXT NOT NULL,           -- the site's base URL
        kind       TEXT NOT NULL,           -- e.g. 'jira fields', 'jira statuses'
        data       TEXT NOT NULL,           -- JSON
        fetched_at TEXT NOT NULL,           -- UTC
        PRIMARY KEY (site, kind)
    ) WITHOUT ROWID;
    """,
    # 5: notes get a kind: NULL for a note the user wrote, 'standup' or 'update' for a
    # digest draft that was copied or exported (so last week's update can be found).
    """
    ALTER TABLE note ADD COLUMN kind TEXT;
    """,
    # 6: the outbox takes the unblocking actions (flag, transition, assign, unlink) and
    # issue creation. SQLite cannot change a CHECK, so the table is rebuilt with its
    # rows, ids (the queue order) and indexes kept.
    """
    CREATE TABLE outbox_v6 (
        id              INTEGER PRIMARY KEY,
        kind            TEXT NOT NULL CHECK (kind IN ('rank', 'priority', 'comment', 'flag',
                            'transition', 'assign', 'unlink', 'create')),
        issue_key       TEXT NOT NULL,
        payload         TEXT NOT NULL,      -- JSON: what the job does
        state           TEXT NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'sending', 'done', 'failed')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT,
        next_attempt_at TEXT,               -- UTC; NULL = now
        created         TEXT NOT NULL,
        sent_at         TEXT,               -- UTC; when the last send began
        finished_at     TEXT,
        remote_id       TEXT,               -- the Jira comment id or new issue key, once known
        note_id         INTEGER REFERENCES note (id) ON DELETE SET NULL
    );
    INSERT INTO outbox_v6 (id, kind, issue_key, payload, state, attempts, last_error,
                           next_attempt_at, created, sent_at, finished_at, remote_id, note_id)
        SELECT id, kind, issue_key, payload, state, attempts, last_error,
               next_attempt_at, created, sent_at, finished_at, remote_id, note_id FROM outbox;
    DROP TABLE outbox;
    ALTER TABLE outbox_v6 RENAME TO outbox;
    CREATE INDEX outbox_open ON outbox (state, id);
    CREATE UNIQUE INDEX outbox_note_comment ON outbox (note_id)
        WHERE kind = 'comment' AND note_id IS NOT NULL;
    """,
    # 7: notes made into Jira stories keep the new key; edits and deletions are kept
    # as revisions (the text before), and a deleted note is only marked, so it can
    # be restored.
    """
    ALTER TABLE note ADD COLUMN story_key TEXT;
    ALTER TABLE note ADD COLUMN deleted_at TEXT;
    CREATE TABLE note_revision (
        id       INTEGER PRIMARY KEY,
        note_id  INTEGER NOT NULL REFERENCES note (id) ON DELETE CASCADE,
        action   TEXT NOT NULL CHECK (action IN ('edit', 'delete', 'restore')),
        text     TEXT NOT NULL,           -- the note's text before the change
        changed  TEXT NOT NULL            -- UTC
    );
    CREATE INDEX note_revision_note ON note_revision (note_id, id);
    """,
    # 8: the roadmap: tracked key-result numbers with their history, and a weekly
    # snapshot of each release's and epic's done and total issues (the burn-up).
    """
    CREATE TABLE kr_value (
        id    INTEGER PRIMARY KEY,
        title TEXT NOT NULL,                -- the key result's title, as in config
        value REAL NOT NULL,
        at    TEXT NOT NULL                 -- UTC, when it was set
    );
    CREATE INDEX kr_value_title ON kr_value (title COLLATE NOCASE, at);
    CREATE TABLE roadmap_week (
        item  TEXT NOT NULL,                -- 'release:<version id>' or 'epic:<key>'
        week  TEXT NOT NULL,                -- the Monday, YYYY-MM-DD
        done  INTEGER NOT NULL,
        total INTEGER NOT NULL,
        PRIMARY KEY (item, week)
    ) WITHOUT ROWID;
    """,
    # 9: meeting reminders already announced (by the app or `cockpit remind`), so
    # none is announced twice, across runs and processes.
    """
    CREATE TABLE reminder (
        key          TEXT PRIMARY KEY,      -- meeting uid, start, minutes before
        announced_at TEXT NOT NULL          -- UTC
    ) WITHOUT ROWID;
    """,
    # 10: each outbox job names the Jira site it goes to (several [[jira]] sites);
    # NULL is the first site, so the jobs queued before keep going there.
    """
    ALTER TABLE outbox ADD COLUMN site TEXT;
    """,
)
