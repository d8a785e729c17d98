#include "storage/schema.h"

namespace tk::server {

namespace {

// Each entry moves the schema one version up; never edit an entry once released.
const std::vector<const char*> kSteps = {
    R"sql(
    CREATE TABLE tokens (
      id          INTEGER PRIMARY KEY,
      hash        TEXT NOT NULL UNIQUE,
      role        TEXT NOT NULL,
      employee    TEXT NOT NULL DEFAULT '',
      name        TEXT NOT NULL DEFAULT '',
      created_at  INTEGER NOT NULL
    );
    CREATE TABLE tickets (
      id                 INTEGER PRIMARY KEY,
      tk                 TEXT NOT NULL UNIQUE,
      type               TEXT NOT NULL,
      category           TEXT NOT NULL,
      summary            TEXT NOT NULL,
      description        TEXT NOT NULL,
      impact             INTEGER NOT NULL,
      urgency            INTEGER NOT NULL,
      priority           INTEGER NOT NULL,
      status             TEXT NOT NULL,
      level              TEXT NOT NULL,
      resolution         TEXT NOT NULL DEFAULT '',
      resolution_notes   TEXT NOT NULL DEFAULT '',
      containment        TEXT NOT NULL DEFAULT '',
      vendor_ref         TEXT NOT NULL DEFAULT '',
      reporter_employee  TEXT NOT NULL,
      reporter_name      TEXT NOT NULL DEFAULT '',
      reporter_email     TEXT NOT NULL DEFAULT '',
      reporter_phone     TEXT NOT NULL DEFAULT '',
      reporter_location  TEXT NOT NULL DEFAULT '',
      channel            TEXT NOT NULL,
      device_json        TEXT NOT NULL DEFAULT '{}',
      created_at         INTEGER NOT NULL,
      updated_at         INTEGER NOT NULL,
      sla_due_at         INTEGER NOT NULL,
      stage_started_at   INTEGER NOT NULL,
      resolved_at        INTEGER NOT NULL DEFAULT 0,
      change_seq         INTEGER NOT NULL UNIQUE
    );
    CREATE INDEX tickets_by_reporter ON tickets (reporter_employee, change_seq);
    CREATE INDEX tickets_by_status ON tickets (status, sla_due_at);
    CREATE TABLE events (
      id          INTEGER PRIMARY KEY,
      ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
      at          INTEGER NOT NULL,
      by          TEXT NOT NULL,
      action      TEXT NOT NULL,
      from_status TEXT,
      from_level  TEXT,
      to_status   TEXT NOT NULL,
      to_level    TEXT NOT NULL,
      note        TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX events_by_ticket ON events (ticket_id, id);
    CREATE TABLE attachments (
      id           INTEGER PRIMARY KEY,
      ticket_id    INTEGER NOT NULL REFERENCES tickets (id),
      name         TEXT NOT NULL,
      content_type TEXT NOT NULL,
      size         INTEGER NOT NULL,
      data         BLOB NOT NULL
    );
    CREATE INDEX attachments_by_ticket ON attachments (ticket_id);
    CREATE TABLE idempotency (
      token_id     INTEGER NOT NULL REFERENCES tokens (id),
      key          TEXT NOT NULL,
      fingerprint  TEXT NOT NULL,
      ticket_id    INTEGER NOT NULL REFERENCES tickets (id),
      created_at   INTEGER NOT NULL,
      PRIMARY KEY (token_id, key)
    ) WITHOUT ROWID;
    )sql",
    // The desk's side (docs/design.md section 9): agents' logins and groups, who has a ticket,
    // classification changes in the history, and one row per service-level stage.
    R"sql(
    ALTER TABLE tokens ADD COLUMN login TEXT NOT NULL DEFAULT '';
    ALTER TABLE tokens ADD COLUMN group_id TEXT NOT NULL DEFAULT '';
    CREATE INDEX tokens_by_login ON tokens (login) WHERE login <> '';
    ALTER TABLE tickets ADD COLUMN group_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE tickets ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
    ALTER TABLE tickets ADD COLUMN stage_breached INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE events ADD COLUMN changes_json TEXT NOT NULL DEFAULT '';
    CREATE TABLE stages (
      ticket_id      INTEGER NOT NULL REFERENCES tickets (id),
      seq            INTEGER NOT NULL,
      level          TEXT NOT NULL,
      group_id       TEXT NOT NULL,
      started_at     INTEGER NOT NULL,
      due_at         INTEGER NOT NULL,
      ended_at       INTEGER NOT NULL,
      paused_seconds INTEGER NOT NULL,
      paused_since   INTEGER NOT NULL,
      breached       INTEGER NOT NULL,
      PRIMARY KEY (ticket_id, seq)
    ) WITHOUT ROWID;
    -- Tickets of the first schema: their one clock becomes one stage, at the level that
    -- had it (a registered ticket's is the level that will take it), with the default groups.
    UPDATE tickets SET level = CASE WHEN type = 'security_incident' THEN 'soc' ELSE '1' END WHERE level = '';
    UPDATE tickets SET group_id = CASE level WHEN 'soc' THEN 'soc' WHEN '2' THEN 'sitio'
                                             WHEN '3' THEN 'especialistas' ELSE 'mesa' END;
    -- A ticket waiting on the user pauses from its last question, and was late if it was
    -- asked after its due time (the first schema's clock did not stop).
    CREATE TEMP TABLE asked AS
      SELECT ticket_id, MAX(at) AS at FROM events WHERE action = 'ask_user' GROUP BY ticket_id;
    UPDATE tickets SET stage_breached =
      (status IN ('resolved', 'closed') AND resolved_at > sla_due_at) OR
      (status = 'pending_user' AND
       COALESCE((SELECT at FROM asked WHERE ticket_id = tickets.id), updated_at) > sla_due_at);
    INSERT INTO stages (ticket_id, seq, level, group_id, started_at, due_at, ended_at, paused_seconds, paused_since,
                        breached)
      SELECT id, 0, level, group_id, stage_started_at, sla_due_at,
             CASE WHEN status IN ('resolved', 'closed') THEN resolved_at ELSE 0 END, 0,
             CASE WHEN status = 'pending_user'
                  THEN COALESCE((SELECT at FROM asked WHERE ticket_id = tickets.id), updated_at) ELSE 0 END,
             stage_breached
      FROM tickets;
    DROP TABLE asked;
    -- The desk's queues: open tickets of a group, of an agent, of a level.
    CREATE INDEX tickets_open_by_group ON tickets (group_id, change_seq) WHERE status <> 'closed';
    CREATE INDEX tickets_open_by_assignee ON tickets (assignee, change_seq) WHERE status <> 'closed';
    CREATE INDEX tickets_open_by_level ON tickets (level, change_seq) WHERE status <> 'closed';
    )sql",
    // Token lifecycle (docs/design.md section 9): expiry, last use, revocation.
    R"sql(
    ALTER TABLE tokens ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE tokens ADD COLUMN last_used_at INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE tokens ADD COLUMN revoked_at INTEGER NOT NULL DEFAULT 0;
    )sql",
    // Satisfaction (ISO 9001, docs/design.md section 9), when a ticket closed (the 14 days a user
    // may rate it), and the Idempotency-Keys of events (a user's action sent again after a
    // lost answer happens once).
    R"sql(
    ALTER TABLE tickets ADD COLUMN closed_at INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE tickets ADD COLUMN satisfaction_rating INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE tickets ADD COLUMN satisfaction_comment TEXT NOT NULL DEFAULT '';
    ALTER TABLE tickets ADD COLUMN satisfaction_at INTEGER NOT NULL DEFAULT 0;
    UPDATE tickets SET closed_at = COALESCE(
      (SELECT MAX(at) FROM events WHERE events.ticket_id = tickets.id
         AND action IN ('confirm', 'auto_close', 'close_not_resolved')), updated_at)
      WHERE status = 'closed';
    CREATE TABLE event_keys (
      token_id     INTEGER NOT NULL REFERENCES tokens (id),
      key          TEXT NOT NULL,
      fingerprint  TEXT NOT NULL,
      ticket_id    INTEGER NOT NULL REFERENCES tickets (id),
      created_at   INTEGER NOT NULL,
      PRIMARY KEY (token_id, key)
    ) WITHOUT ROWID;
    )sql",
    // The quality report (ISO 9001, docs/design.md section 9) reads a period's tickets by when
    // they were opened, resolved, closed and rated, and its stages by when they ended (an
    // open stage: ended_at 0, by its due time). Each index holds every column its query
    // reads, so that a month of a million tickets is read from the indexes alone (a lookup
    // into the table per row made a month take 1.5 s). The count of stages and the first
    // stage's level are kept on the ticket for first-contact resolution, for the same reason.
    R"sql(
    ALTER TABLE tickets ADD COLUMN stage_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE tickets ADD COLUMN first_stage_level TEXT NOT NULL DEFAULT '';
    UPDATE tickets SET
      stage_count = (SELECT COUNT(*) FROM stages WHERE stages.ticket_id = tickets.id),
      first_stage_level = COALESCE((SELECT level FROM stages WHERE stages.ticket_id = tickets.id AND seq = 0), '');
    CREATE INDEX tickets_by_created ON tickets (created_at, type, category, channel);
    CREATE INDEX tickets_by_resolved ON tickets (resolved_at, created_at, resolution, stage_count, first_stage_level);
    CREATE INDEX tickets_by_closed ON tickets (closed_at) WHERE closed_at > 0;
    CREATE INDEX tickets_by_rating ON tickets (satisfaction_at, satisfaction_rating) WHERE satisfaction_at > 0;
    CREATE INDEX stages_by_end ON stages (ended_at, due_at, level, breached, paused_since);
    CREATE INDEX events_reopened ON events (at, ticket_id) WHERE action = 'reopen';
    )sql",
    // The knowledge base (issue 16): articles, their Spanish full-text index (the
    // "tk_spanish" tokenizer of spanish_search.cpp, kept in step by triggers) and what
    // people said helped (a helpful answer is a report that was not needed).
    R"sql(
    CREATE TABLE kb_articles (
      id          INTEGER PRIMARY KEY,
      title       TEXT NOT NULL,
      symptoms    TEXT NOT NULL,
      steps       TEXT NOT NULL,
      category    TEXT NOT NULL DEFAULT '',
      keywords    TEXT NOT NULL DEFAULT '',
      status      TEXT NOT NULL,
      source_tk   TEXT NOT NULL DEFAULT '',
      created_by  TEXT NOT NULL,
      created_at  INTEGER NOT NULL,
      updated_by  TEXT NOT NULL,
      updated_at  INTEGER NOT NULL,
      change_seq  INTEGER NOT NULL UNIQUE
    );
    CREATE VIRTUAL TABLE kb_search USING fts5(
      title, keywords, symptoms, steps, content = 'kb_articles', content_rowid = 'id', tokenize = 'tk_spanish');
    CREATE TRIGGER kb_articles_added AFTER INSERT ON kb_articles BEGIN
      INSERT INTO kb_search (rowid, title, keywords, symptoms, steps)
        VALUES (new.id, new.title, new.keywords, new.symptoms, new.steps);
    END;
    CREATE TRIGGER kb_articles_changed AFTER UPDATE ON kb_articles BEGIN
      INSERT INTO kb_search (kb_search, rowid, title, keywords, symptoms, steps)
        VALUES ('delete', old.id, old.title, old.keywords, old.symptoms, old.steps);
      INSERT INTO kb_search (rowid, title, keywords, symptoms, steps)
        VALUES (new.id, new.title, new.keywords, new.symptoms, new.steps);
    END;
    CREATE TABLE kb_feedback (
      id          INTEGER PRIMARY KEY,
      article_id  INTEGER NOT NULL REFERENCES kb_articles (id),
      token_id    INTEGER NOT NULL REFERENCES tokens (id),
      key         TEXT NOT NULL,
      helpful     INTEGER NOT NULL,
      at          INTEGER NOT NULL,
      UNIQUE (token_id, key)
    );
    CREATE INDEX kb_feedback_by_time ON kb_feedback (at, helpful);
    )sql",
    // Articles linked to tickets (the link_article event), to list an article's cases, and
    // the per-token count of feedback that keeps one token from inflating deflections.
    R"sql(
    CREATE TABLE kb_links (
      article_id  INTEGER NOT NULL REFERENCES kb_articles (id),
      ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
      at          INTEGER NOT NULL,
      PRIMARY KEY (article_id, ticket_id)
    ) WITHOUT ROWID;
    CREATE INDEX kb_feedback_by_token ON kb_feedback (token_id, article_id, at);
    )sql",
    // One-time enrolment codes (issue 14): an administrator makes one for an employee, whose
    // tray trades it once for a token of its own. Kept hashed, like tokens.
    R"sql(
    CREATE TABLE enrolment_codes (
      id          INTEGER PRIMARY KEY,
      code_hash   TEXT NOT NULL UNIQUE,
      employee    TEXT NOT NULL,
      name        TEXT NOT NULL DEFAULT '',
      created_at  INTEGER NOT NULL,
      expires_at  INTEGER NOT NULL,
      used_at     INTEGER NOT NULL DEFAULT 0,
      token_id    INTEGER REFERENCES tokens (id)
    );
    )sql",
    // The computer an enrolled token is for: enrolling it again replaces its token (issue 25).
    // An article withdrawn after it was published goes into the delta's `removed` list, so
    // that caches drop it; a draft never published must not (its id would tell employees
    // what the desk is writing; issue 25). Rows from before are taken as once published (a
    // cache offline since before a withdrawal still learns of it). The flag is kept by
    // triggers, since the starter articles are written at version 6, before the column; the
    // index's trigger now fires only for the indexed columns, or the flag's own update would
    // ask FTS5 to drop a row it has not indexed yet (SQLite runs the newest trigger first).
    R"sql(
    ALTER TABLE tokens ADD COLUMN device TEXT NOT NULL DEFAULT '';
    ALTER TABLE kb_articles ADD COLUMN ever_published INTEGER NOT NULL DEFAULT 0;
    UPDATE kb_articles SET ever_published = 1;
    DROP TRIGGER kb_articles_changed;
    CREATE TRIGGER kb_articles_changed AFTER UPDATE OF title, keywords, symptoms, steps ON kb_articles BEGIN
      INSERT INTO kb_search (kb_search, rowid, title, keywords, symptoms, steps)
        VALUES ('delete', old.id, old.title, old.keywords, old.symptoms, old.steps);
      INSERT INTO kb_search (rowid, title, keywords, symptoms, steps)
        VALUES (new.id, new.title, new.keywords, new.symptoms, new.steps);
    END;
    CREATE TRIGGER kb_articles_published AFTER INSERT ON kb_articles WHEN new.status = 'published' BEGIN
      UPDATE kb_articles SET ever_published = 1 WHERE id = new.id;
    END;
    CREATE TRIGGER kb_articles_republished AFTER UPDATE OF status ON kb_articles
      WHEN new.status = 'published' AND old.ever_published = 0 BEGIN
      UPDATE kb_articles SET ever_published = 1 WHERE id = new.id;
    END;
    )sql",
    // The index's terms changed (issue 26: a loanword's plural, "plotters", now meets its
    // singular): FTS5 indexes the articles again with this build's tokenizer.
    R"sql(
    INSERT INTO kb_search (kb_search) VALUES ('rebuild');
    )sql",
};

}  // namespace

const std::vector<const char*>& schema_steps() { return kSteps; }

}  // namespace tk::server
