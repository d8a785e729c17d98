#include "ticket_store.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <type_traits>

#include "knowledge_base.h"
#include "tk/spanish_search.h"
#include "tk/json_mapping.h"
#include "tk/logging.h"
#include "tk/time.h"

namespace tk::server {

Error unknown_ticket(const std::string& tk) {
  return make_error(ErrorKind::NotFound, "unknown_tk",
                    {"No existe el ticket " + tk + ".", "There is no ticket " + tk + "."});
}

Error idempotency_key_reused() {
  return make_error(ErrorKind::Invalid, "idempotency_key_reused",
                    {"La clave Idempotency-Key ya se usó para otro reporte.",
                     "The Idempotency-Key was already used for another report."},
                    "Idempotency-Key");
}
namespace {

// Each entry moves the schema one version up; never edit an entry once released.
const char* const kMigrations[] = {
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
    // The desk's side (DESIGN.md section 9): agents' logins and groups, who has a ticket,
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
    // Token lifecycle (DESIGN.md section 9): expiry, last use, revocation.
    R"sql(
    ALTER TABLE tokens ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE tokens ADD COLUMN last_used_at INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE tokens ADD COLUMN revoked_at INTEGER NOT NULL DEFAULT 0;
    )sql",
    // Satisfaction (ISO 9001, DESIGN.md section 9), when a ticket closed (the 14 days a user
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
    // The quality report (ISO 9001, DESIGN.md section 9) reads a period's tickets by when
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
};

constexpr int kKnowledgeBaseVersion = 6;

Ticket read_ticket_row(Query& q) {
  Ticket t;
  int c = 0;
  t.tk = q.getColumn(c++).getString();
  t.type = parse_ticket_type(q.getColumn(c++).getString()).value_or(TicketType::Incident);
  t.category = q.getColumn(c++).getString();
  t.summary = q.getColumn(c++).getString();
  t.description = q.getColumn(c++).getString();
  t.impact = q.getColumn(c++).getInt();
  t.urgency = q.getColumn(c++).getInt();
  t.priority = q.getColumn(c++).getInt();
  t.status = parse_status(q.getColumn(c++).getString()).value_or(Status::Registered);
  t.level = parse_level(q.getColumn(c++).getString()).value_or(Level::None);
  t.resolution = parse_resolution(q.getColumn(c++).getString()).value_or(Resolution::None);
  t.resolution_notes = q.getColumn(c++).getString();
  t.containment = q.getColumn(c++).getString();
  t.vendor_ref = q.getColumn(c++).getString();
  t.reporter.employee = q.getColumn(c++).getString();
  t.reporter.name = q.getColumn(c++).getString();
  t.reporter.email = q.getColumn(c++).getString();
  t.reporter.phone = q.getColumn(c++).getString();
  t.reporter.location = q.getColumn(c++).getString();
  t.channel = parse_channel(q.getColumn(c++).getString()).value_or(Channel::Api);
  t.device = device_from_json(Json::parse(q.getColumn(c++).getString(), nullptr, false));
  t.created_at = q.getColumn(c++).getInt64();
  t.updated_at = q.getColumn(c++).getInt64();
  t.sla_due_at = q.getColumn(c++).getInt64();
  t.stage_started_at = q.getColumn(c++).getInt64();
  t.resolved_at = q.getColumn(c++).getInt64();
  t.change_seq = q.getColumn(c++).getInt64();
  t.group = q.getColumn(c++).getString();
  t.assignee = q.getColumn(c++).getString();
  t.closed_at = q.getColumn(c++).getInt64();
  t.satisfaction.rating = q.getColumn(c++).getInt();
  t.satisfaction.comment = q.getColumn(c++).getString();
  t.satisfaction.at = q.getColumn(c++).getInt64();
  return t;
}

constexpr const char* kTicketColumns =
    "tk, type, category, summary, description, impact, urgency, priority, status, level, "
    "resolution, resolution_notes, containment, vendor_ref, reporter_employee, reporter_name, "
    "reporter_email, reporter_phone, reporter_location, channel, device_json, created_at, "
    "updated_at, sla_due_at, stage_started_at, resolved_at, change_seq, group_id, assignee, closed_at, "
    "satisfaction_rating, satisfaction_comment, satisfaction_at, id";
constexpr int kIdColumn = 33;

std::string changes_text(const std::vector<FieldChange>& changes) {
  if (changes.empty()) return {};
  Json list = Json::array();
  for (const auto& c : changes) list.push_back(Json::array({c.field, c.from, c.to}));
  return list.dump();
}

std::vector<FieldChange> changes_from_text(const std::string& text) {
  std::vector<FieldChange> out;
  if (text.empty()) return out;
  Json list = Json::parse(text, nullptr, false);
  if (!list.is_array()) return out;
  for (const auto& c : list)
    if (c.is_array() && c.size() == 3 && c[0].is_string() && c[1].is_string() && c[2].is_string())
      out.push_back(FieldChange{c[0].get<std::string>(), c[1].get<std::string>(), c[2].get<std::string>()});
  return out;
}

// The history, stages and attachment list of the tickets `by_id` names, three queries in
// all: a queue page of 200 tickets must not cost 600 round trips into SQLite.
void load_details(Connection& conn, const std::map<std::int64_t, Ticket*>& by_id) {
  if (by_id.empty()) return;
  Json ids = Json::array();
  for (const auto& [id, ticket] : by_id) ids.push_back(id);
  const std::string id_list = ids.dump();
  Query events = conn.query(
      "SELECT ticket_id, at, by, action, from_status, from_level, to_status, to_level, note, changes_json "
      "FROM events WHERE ticket_id IN (SELECT value FROM json_each(?)) ORDER BY ticket_id, id");
  events.bind(1, id_list);
  while (events.executeStep()) {
    HistoryEvent e;
    e.at = events.getColumn(1).getInt64();
    e.by = events.getColumn(2).getString();
    auto action = events.getColumn(3).getString();
    e.action = action == "register"     ? Action::Register
               : action == "auto_close" ? Action::AutoClose
                                        : parse_requested_action(action).value_or(Action::Comment);
    e.from_known = !events.getColumn(4).isNull();
    if (e.from_known) {
      e.from_status = parse_status(events.getColumn(4).getString()).value_or(Status::Registered);
      e.from_level = parse_level(events.getColumn(5).getString()).value_or(Level::None);
    }
    e.to_status = parse_status(events.getColumn(6).getString()).value_or(Status::Registered);
    e.to_level = parse_level(events.getColumn(7).getString()).value_or(Level::None);
    e.note = events.getColumn(8).getString();
    e.changes = changes_from_text(events.getColumn(9).getString());
    by_id.at(events.getColumn(0).getInt64())->history.push_back(std::move(e));
  }
  Query stages = conn.query(
      "SELECT ticket_id, level, group_id, started_at, due_at, ended_at, paused_seconds, paused_since, breached "
      "FROM stages WHERE ticket_id IN (SELECT value FROM json_each(?)) ORDER BY ticket_id, seq");
  stages.bind(1, id_list);
  while (stages.executeStep()) {
    Stage s;
    s.level = parse_level(stages.getColumn(1).getString()).value_or(Level::First);
    s.group = stages.getColumn(2).getString();
    s.started_at = stages.getColumn(3).getInt64();
    s.due_at = stages.getColumn(4).getInt64();
    s.ended_at = stages.getColumn(5).getInt64();
    s.paused_seconds = stages.getColumn(6).getInt64();
    s.paused_since = stages.getColumn(7).getInt64();
    s.breached = stages.getColumn(8).getInt() != 0;
    by_id.at(stages.getColumn(0).getInt64())->stages.push_back(std::move(s));
  }
  Query files = conn.query(
      "SELECT ticket_id, id, name, content_type, size FROM attachments "
      "WHERE ticket_id IN (SELECT value FROM json_each(?)) ORDER BY ticket_id, id");
  files.bind(1, id_list);
  while (files.executeStep())
    by_id.at(files.getColumn(0).getInt64())
        ->attachments.push_back(AttachmentInfo{files.getColumn(1).getInt64(), files.getColumn(2).getString(),
                                               files.getColumn(3).getString(), files.getColumn(4).getInt64()});
}

void load_details(Connection& conn, std::int64_t ticket_id, Ticket& t) { load_details(conn, {{ticket_id, &t}}); }

void insert_event(Connection& conn, std::int64_t ticket_id, const HistoryEvent& e) {
  Query q = conn.query(
      "INSERT INTO events (ticket_id, at, by, action, from_status, from_level, to_status, "
      "to_level, note, changes_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, ticket_id);
  q.bind(2, e.at);
  q.bind(3, e.by);
  q.bind(4, std::string(to_string(e.action)));
  if (e.from_known) {
    q.bind(5, std::string(to_string(e.from_status)));
    q.bind(6, std::string(to_string(e.from_level)));
  }
  q.bind(7, std::string(to_string(e.to_status)));
  q.bind(8, std::string(to_string(e.to_level)));
  q.bind(9, e.note);
  q.bind(10, changes_text(e.changes));
  q.exec();
  if (e.action == Action::LinkArticle)
    for (const auto& c : e.changes)
      if (c.field == "article") {
        Query link = conn.query("INSERT OR IGNORE INTO kb_links (article_id, ticket_id, at) VALUES (?, ?, ?)");
        link.bind(1, static_cast<std::int64_t>(std::stoll(c.to)));
        link.bind(2, ticket_id);
        link.bind(3, e.at);
        link.exec();
      }
}

// Stages are few (one per level, and one more per reopening): rewritten whole on a change.
void write_stages(Connection& conn, std::int64_t ticket_id, const std::vector<Stage>& stages) {
  Query clear = conn.query("DELETE FROM stages WHERE ticket_id = ?");
  clear.bind(1, ticket_id);
  clear.exec();
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const Stage& s = stages[i];
    Query q = conn.query(
        "INSERT INTO stages (ticket_id, seq, level, group_id, started_at, due_at, ended_at, paused_seconds, "
        "paused_since, breached) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, ticket_id);
    q.bind(2, static_cast<std::int64_t>(i));
    q.bind(3, std::string(to_string(s.level)));
    q.bind(4, s.group);
    q.bind(5, s.started_at);
    q.bind(6, s.due_at);
    q.bind(7, s.ended_at);
    q.bind(8, s.paused_seconds);
    q.bind(9, s.paused_since);
    q.bind(10, s.breached ? 1 : 0);
    q.exec();
  }
}

bool current_stage_breached(const Ticket& t) { return !t.stages.empty() && t.stages.back().breached; }

std::int64_t ticket_id_of(Connection& conn, const std::string& tk) {
  Query q = conn.query("SELECT id FROM tickets WHERE tk = ?");
  q.bind(1, tk);
  return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

}  // namespace

namespace {
// Each connection is used by one thread at a time, so SQLite's own per-call locking and
// its global allocation counters only add contention between the server's threads.
void configure_sqlite_once() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}
}  // namespace

class TicketStore::ReadLease {
 public:
  ReadLease(TicketStore& store, std::unique_ptr<Connection> db) : store_(store), db_(std::move(db)) {}
  ~ReadLease() {
    if (db_) store_.release(std::move(db_));
  }
  ReadLease(ReadLease&& other) noexcept : store_(other.store_), db_(std::move(other.db_)) {}
  Connection& operator*() { return *db_; }

 private:
  TicketStore& store_;
  std::unique_ptr<Connection> db_;
};

TicketStore::TicketStore(const std::string& path) : path_(path) {
  configure_sqlite_once();
  writer_db_ = std::make_unique<Connection>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  register_spanish_tokenizer(writer_db_->db().getHandle());
  writer_db_->db().exec("PRAGMA journal_mode = WAL");
  // FULL: a commit is on disk before any client hears "201 Created".
  writer_db_->db().exec("PRAGMA synchronous = FULL");
  writer_db_->db().exec("PRAGMA foreign_keys = ON");
  migrate();
  {
    Query q = writer_db_->query("SELECT COALESCE(MAX(change_seq), 0) FROM tickets");
    q.executeStep();
    last_change_seq_ = q.getColumn(0).getInt64();
  }
  writer_thread_ = std::thread([this] { writer_loop(); });
}

TicketStore::~TicketStore() { stop(); }

void TicketStore::migrate() {
  int version = writer_db_->db().execAndGet("PRAGMA user_version").getInt();
  const int target = static_cast<int>(std::size(kMigrations));
  if (version > target)
    throw std::runtime_error("the database " + path_ + " has schema version " + std::to_string(version) +
                             ", newer than this program knows (" + std::to_string(target) + ")");
  for (; version < target; ++version) {
    SQLite::Transaction tx(writer_db_->db(), SQLite::TransactionBehavior::IMMEDIATE);
    writer_db_->db().exec(kMigrations[version]);
    // The knowledge base starts with the built-in articles, in the same transaction.
    if (version + 1 == kKnowledgeBaseVersion) seed_knowledge_base(*writer_db_);
    writer_db_->db().exec("PRAGMA user_version = " + std::to_string(version + 1));
    tx.commit();
    log::info("db", "schema migrated to version " + std::to_string(version + 1));
  }
}

int TicketStore::schema_version() const { return writer_db_->db().execAndGet("PRAGMA user_version").getInt(); }

void TicketStore::stop() {
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    if (stopping_ && !writer_thread_.joinable()) return;
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
}

void TicketStore::writer_loop() {
  constexpr std::size_t kMaxGroup = 256;
  for (;;) {
    std::vector<Job> group;
    {
      std::unique_lock<std::mutex> lock(queue_mutex_);
      queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is written
      while (!queue_.empty() && group.size() < kMaxGroup) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<std::exception_ptr> failures(group.size());
    std::exception_ptr commit_failure;
    try {
      SQLite::Transaction tx(writer_db_->db(), SQLite::TransactionBehavior::IMMEDIATE);
      for (std::size_t i = 0; i < group.size(); ++i) {
        // A savepoint per job: one failing write does not undo the others in its group.
        SQLite::Savepoint savepoint(writer_db_->db(), "job");
        try {
          group[i].run(*writer_db_);
          savepoint.release();
        } catch (...) {
          failures[i] = std::current_exception();
          savepoint.rollback();
        }
      }
      tx.commit();
    } catch (...) {
      commit_failure = std::current_exception();
      log::error("db", "group commit failed; its writes are reported as failed");
    }
    for (std::size_t i = 0; i < group.size(); ++i) group[i].after_commit(commit_failure ? commit_failure : failures[i]);
  }
}

template <typename T>
T TicketStore::write(std::function<T(Connection&)> work) {
  auto promise = std::make_shared<std::promise<T>>();
  auto produced = std::make_shared<std::optional<T>>();
  auto future = promise->get_future();
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    if (stopping_) {
      if constexpr (std::is_constructible_v<T, Error>)
        return T(make_error(ErrorKind::Unavailable, "shutting_down",
                            {"El servidor se está deteniendo.", "The server is stopping."}));
      else
        throw std::runtime_error("the store is stopping");
    }
    queue_.push_back(Job{[work, produced](Connection& conn) { produced->emplace(work(conn)); },
                         [promise, produced](std::exception_ptr failure) {
                           if (failure)
                             promise->set_exception(failure);
                           else
                             promise->set_value(std::move(**produced));
                         }});
  }
  queue_cv_.notify_one();
  return future.get();
}

std::int64_t TicketStore::next_change_seq() { return ++last_change_seq_; }

// Explicitly made here: the knowledge base's writes (kb_store.cpp) go through the one writer.
template Result<std::int64_t> TicketStore::write(std::function<Result<std::int64_t>(Connection&)>);

std::int64_t TicketStore::next_tk_number(Connection& conn, int year) {
  auto it = last_tk_number_.find(year);
  if (it == last_tk_number_.end()) {
    // The sequence starts after the year's prefix ("TK-2026-", 8 characters).
    Query q = conn.query("SELECT COALESCE(MAX(CAST(substr(tk, 9) AS INTEGER)), 0) FROM tickets WHERE tk LIKE ?");
    q.bind(1, tk_year_prefix(year) + "%");
    q.executeStep();
    std::int64_t last = q.getColumn(0).getInt64();
    it = last_tk_number_.emplace(year, last).first;
  }
  // Advanced even if the group later fails to commit: a gap is harmless, a reuse is not.
  return ++it->second;
}

namespace {
std::string first_stage_level(const Ticket& t) {
  return t.stages.empty() ? std::string{} : std::string(to_string(t.stages.front().level));
}
}  // namespace

Ticket TicketStore::insert_ticket(Connection& conn, Ticket t, const std::vector<NewAttachment>& files) {
  t.tk = format_tk(year_of(t.created_at), next_tk_number(conn, year_of(t.created_at)));
  t.change_seq = next_change_seq();
  Query q = conn.query(
      "INSERT INTO tickets (tk, type, category, summary, description, impact, urgency, priority, "
      "status, level, resolution, resolution_notes, containment, vendor_ref, reporter_employee, "
      "reporter_name, reporter_email, reporter_phone, reporter_location, channel, device_json, "
      "created_at, updated_at, sla_due_at, stage_started_at, resolved_at, change_seq, group_id, assignee, "
      "stage_breached, stage_count, first_stage_level) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  int c = 1;
  q.bind(c++, t.tk);
  q.bind(c++, std::string(to_string(t.type)));
  q.bind(c++, t.category);
  q.bind(c++, t.summary);
  q.bind(c++, t.description);
  q.bind(c++, t.impact);
  q.bind(c++, t.urgency);
  q.bind(c++, t.priority);
  q.bind(c++, std::string(to_string(t.status)));
  q.bind(c++, std::string(to_string(t.level)));
  q.bind(c++, std::string(to_string(t.resolution)));
  q.bind(c++, t.resolution_notes);
  q.bind(c++, t.containment);
  q.bind(c++, t.vendor_ref);
  q.bind(c++, t.reporter.employee);
  q.bind(c++, t.reporter.name);
  q.bind(c++, t.reporter.email);
  q.bind(c++, t.reporter.phone);
  q.bind(c++, t.reporter.location);
  q.bind(c++, std::string(to_string(t.channel)));
  q.bind(c++, to_json(t.device).dump());
  q.bind(c++, t.created_at);
  q.bind(c++, t.updated_at);
  q.bind(c++, t.sla_due_at);
  q.bind(c++, t.stage_started_at);
  q.bind(c++, t.resolved_at);
  q.bind(c++, t.change_seq);
  q.bind(c++, t.group);
  q.bind(c++, t.assignee);
  q.bind(c++, current_stage_breached(t) ? 1 : 0);
  q.bind(c++, static_cast<std::int64_t>(t.stages.size()));
  q.bind(c++, first_stage_level(t));
  q.exec();
  std::int64_t id = conn.db().getLastInsertRowid();
  for (const auto& e : t.history) insert_event(conn, id, e);
  write_stages(conn, id, t.stages);
  for (const auto& f : files) {
    Query a = conn.query("INSERT INTO attachments (ticket_id, name, content_type, size, data) VALUES (?,?,?,?,?)");
    a.bind(1, id);
    a.bind(2, f.name);
    a.bind(3, f.content_type);
    a.bind(4, static_cast<std::int64_t>(f.data.size()));
    a.bindNoCopy(5, static_cast<const void*>(f.data.data()), static_cast<int>(f.data.size()));
    a.exec();
    t.attachments.push_back(AttachmentInfo{conn.db().getLastInsertRowid(), f.name, f.content_type,
                                           static_cast<std::int64_t>(f.data.size())});
  }
  return t;
}

Result<CreatedTicket> TicketStore::create(Ticket draft, std::vector<NewAttachment> attachments, std::int64_t token_id,
                                          const std::string& key, const std::string& fingerprint) {
  auto files = std::make_shared<std::vector<NewAttachment>>(std::move(attachments));
  return write<Result<CreatedTicket>>(
      [this, draft = std::move(draft), files, token_id, key, fingerprint](Connection& conn) -> Result<CreatedTicket> {
        if (!key.empty()) {
          Query q = conn.query(
              "SELECT t.tk, i.fingerprint FROM idempotency i JOIN tickets t ON t.id = i.ticket_id "
              "WHERE i.token_id = ? AND i.key = ?");
          q.bind(1, token_id);
          q.bind(2, key);
          if (q.executeStep()) {
            if (q.getColumn(1).getString() != fingerprint) return idempotency_key_reused();
            auto existing = load(conn, q.getColumn(0).getString());
            return CreatedTicket{std::move(*existing), true};
          }
        }
        Ticket stored = insert_ticket(conn, draft, *files);
        if (!key.empty()) {
          Query q = conn.query(
              "INSERT INTO idempotency (token_id, key, fingerprint, ticket_id, created_at) "
              "VALUES (?, ?, ?, (SELECT id FROM tickets WHERE tk = ?), ?)");
          q.bind(1, token_id);
          q.bind(2, key);
          q.bind(3, fingerprint);
          q.bind(4, stored.tk);
          q.bind(5, stored.created_at);
          q.exec();
        }
        return CreatedTicket{std::move(stored), false};
      });
}

Result<Ticket> TicketStore::update(const std::string& tk, const TicketChange& change, const EventKey* key) {
  std::optional<EventKey> event_key;
  if (key && !key->key.empty()) event_key = *key;
  return write<Result<Ticket>>([this, tk, change, event_key](Connection& conn) -> Result<Ticket> {
    auto current = load(conn, tk);
    if (!current) return unknown_ticket(tk);
    if (event_key) {
      Query seen = conn.query(
          "SELECT k.fingerprint, t.tk FROM event_keys k JOIN tickets t ON t.id = k.ticket_id "
          "WHERE k.token_id = ? AND k.key = ?");
      seen.bind(1, event_key->token_id);
      seen.bind(2, event_key->key);
      if (seen.executeStep()) {
        // The same action again (its answer was lost): what it did, once.
        if (seen.getColumn(0).getString() != event_key->fingerprint || seen.getColumn(1).getString() != tk)
          return idempotency_key_reused();
        return std::move(*current);
      }
    }
    auto next = change(*current);
    if (!next) return next;
    if (event_key) {
      Query remember = conn.query(
          "INSERT INTO event_keys (token_id, key, fingerprint, ticket_id, created_at) "
          "VALUES (?, ?, ?, (SELECT id FROM tickets WHERE tk = ?), ?)");
      remember.bind(1, event_key->token_id);
      remember.bind(2, event_key->key);
      remember.bind(3, event_key->fingerprint);
      remember.bind(4, tk);
      remember.bind(5, next->updated_at);
      remember.exec();
    }
    Ticket& t = *next;
    t.change_seq = next_change_seq();
    Query q = conn.query(
        "UPDATE tickets SET status = ?, level = ?, resolution = ?, resolution_notes = ?, "
        "containment = ?, vendor_ref = ?, updated_at = ?, sla_due_at = ?, stage_started_at = ?, "
        "resolved_at = ?, change_seq = ?, type = ?, category = ?, impact = ?, urgency = ?, priority = ?, "
        "group_id = ?, assignee = ?, stage_breached = ?, closed_at = ?, satisfaction_rating = ?, "
        "satisfaction_comment = ?, satisfaction_at = ?, stage_count = ?, first_stage_level = ? WHERE tk = ?");
    int c = 1;
    q.bind(c++, std::string(to_string(t.status)));
    q.bind(c++, std::string(to_string(t.level)));
    q.bind(c++, std::string(to_string(t.resolution)));
    q.bind(c++, t.resolution_notes);
    q.bind(c++, t.containment);
    q.bind(c++, t.vendor_ref);
    q.bind(c++, t.updated_at);
    q.bind(c++, t.sla_due_at);
    q.bind(c++, t.stage_started_at);
    q.bind(c++, t.resolved_at);
    q.bind(c++, t.change_seq);
    q.bind(c++, std::string(to_string(t.type)));
    q.bind(c++, t.category);
    q.bind(c++, t.impact);
    q.bind(c++, t.urgency);
    q.bind(c++, t.priority);
    q.bind(c++, t.group);
    q.bind(c++, t.assignee);
    q.bind(c++, current_stage_breached(t) ? 1 : 0);
    q.bind(c++, t.closed_at);
    q.bind(c++, t.satisfaction.rating);
    q.bind(c++, t.satisfaction.comment);
    q.bind(c++, t.satisfaction.at);
    q.bind(c++, static_cast<std::int64_t>(t.stages.size()));
    q.bind(c++, first_stage_level(t));
    q.bind(c++, tk);
    q.exec();
    std::int64_t id = ticket_id_of(conn, tk);
    if (t.history.size() > current->history.size()) insert_event(conn, id, t.history.back());
    if (t.stages != current->stages) write_stages(conn, id, t.stages);
    return next;
  });
}

std::optional<Ticket> TicketStore::load(Connection& conn, const std::string& tk) {
  Query q = conn.query(std::string("SELECT ") + kTicketColumns + " FROM tickets WHERE tk = ?");
  q.bind(1, tk);
  if (!q.executeStep()) return std::nullopt;
  Ticket t = read_ticket_row(q);
  load_details(conn, q.getColumn(kIdColumn).getInt64(), t);
  return t;
}

std::unique_ptr<Connection> TicketStore::open_reader() {
  auto reader = std::make_unique<Connection>(path_, SQLite::OPEN_READONLY);
  register_spanish_tokenizer(reader->db().getHandle());
  return reader;
}

TicketStore::ReadLease TicketStore::lease() {
  {
    std::lock_guard<std::mutex> lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      auto db = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return ReadLease(*this, std::move(db));
    }
  }
  return ReadLease(*this, open_reader());
}

void TicketStore::release(std::unique_ptr<Connection> db) {
  std::lock_guard<std::mutex> lock(readers_mutex_);
  idle_readers_.push_back(std::move(db));
}

void TicketStore::read_snapshot(const std::function<void(Connection&)>& work) {
  auto reader = lease();
  Connection& conn = *reader;
  conn.db().exec("BEGIN");
  try {
    work(conn);
  } catch (...) {
    conn.db().exec("ROLLBACK");
    throw;
  }
  conn.db().exec("COMMIT");
}

std::optional<Ticket> TicketStore::find(const std::string& tk) {
  auto reader = lease();
  Connection& conn = *reader;
  return load(conn, tk);
}

std::optional<TicketStore::KeyedTicket> TicketStore::find_by_key(std::int64_t token_id, const std::string& key) {
  auto reader = lease();
  Connection& conn = *reader;
  std::string tk, fingerprint;
  {
    Query q = conn.query(
        "SELECT t.tk, i.fingerprint FROM idempotency i JOIN tickets t ON t.id = i.ticket_id "
        "WHERE i.token_id = ? AND i.key = ?");
    q.bind(1, token_id);
    q.bind(2, key);
    if (!q.executeStep()) return std::nullopt;
    tk = q.getColumn(0).getString();
    fingerprint = q.getColumn(1).getString();
  }
  auto ticket = load(conn, tk);
  if (!ticket) return std::nullopt;
  return KeyedTicket{std::move(*ticket), std::move(fingerprint)};
}

std::optional<TicketHead> TicketStore::head(const std::string& tk) {
  auto reader = lease();
  Connection& conn = *reader;
  Query q =
      conn.query("SELECT change_seq, reporter_employee, status, sla_due_at, resolved_at, stage_breached "
                 "FROM tickets WHERE tk = ?");
  q.bind(1, tk);
  if (!q.executeStep()) return std::nullopt;
  return TicketHead{q.getColumn(0).getInt64(),
                    q.getColumn(1).getString(),
                    parse_status(q.getColumn(2).getString()).value_or(Status::Registered),
                    q.getColumn(3).getInt64(),
                    q.getColumn(4).getInt64(),
                    q.getColumn(5).getInt() != 0};
}

namespace {
// LIKE's own characters in a user's text match only themselves.
std::string like_pattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "%";
}
}  // namespace

TicketList TicketStore::list(const TicketFilter& f) {
  auto reader = lease();
  Connection& conn = *reader;
  // Every condition binds its values in order; the partial indexes on open tickets need
  // "status <> 'closed'" written exactly so.
  std::string sql = std::string("SELECT ") + kTicketColumns + " FROM tickets WHERE change_seq > ?";
  std::vector<std::function<void(Query&, int&)>> binds;
  auto text_value = [](std::string v) { return [v](Query& q, int& c) { q.bind(c++, v); }; };
  if (!f.reporter_employee.empty()) {
    sql += " AND reporter_employee = ?";
    binds.push_back(text_value(f.reporter_employee));
  }
  if (f.status) {
    sql += " AND status = ?";
    binds.push_back(text_value(std::string(to_string(*f.status))));
  }
  if (f.type) {
    sql += " AND type = ?";
    binds.push_back(text_value(std::string(to_string(*f.type))));
  }
  if (f.level) {
    sql += " AND level = ?";
    binds.push_back(text_value(std::string(to_string(*f.level))));
  }
  if (f.group) {
    sql += " AND group_id = ?";
    binds.push_back(text_value(*f.group));
  }
  if (f.assignee) {
    sql += " AND assignee = ?";
    binds.push_back(text_value(*f.assignee));
  }
  if (f.queue_login) {
    // Mine or my group's: the OR of two indexed columns, as a union over the two partial
    // indexes when only open tickets are asked for (a scan of every ticket otherwise).
    if (f.queue_group.empty())
      sql += " AND assignee = ?";
    else if (f.open_only)
      sql +=
          " AND id IN (SELECT id FROM tickets WHERE assignee = ? AND status <> 'closed' UNION ALL "
          "SELECT id FROM tickets WHERE group_id = ? AND status <> 'closed')";
    else
      sql += " AND (assignee = ? OR group_id = ?)";
    binds.push_back(text_value(*f.queue_login));
    if (!f.queue_group.empty()) binds.push_back(text_value(f.queue_group));
  }
  if (f.open_only) sql += " AND status <> 'closed'";
  if (f.breached_at) {
    sql += " AND (stage_breached = 1 OR (status NOT IN ('pending_user', 'resolved', 'closed') AND sla_due_at < ?))";
    binds.push_back([at = f.breached_at](Query& q, int& c) { q.bind(c++, at); });
  }
  if (!f.text.empty()) {
    sql +=
        " AND (tk = ? OR reporter_employee = ? OR summary LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\' "
        "OR reporter_name LIKE ? ESCAPE '\\')";
    binds.push_back(text_value(f.text));
    binds.push_back(text_value(f.text));
    for (int i = 0; i < 3; ++i) binds.push_back(text_value(like_pattern(f.text)));
  }
  sql += " ORDER BY change_seq LIMIT ?";
  Query q = conn.query(sql);
  int c = 1;
  q.bind(c++, f.after_change_seq);
  for (const auto& bind : binds) bind(q, c);
  q.bind(c++, f.limit + 1);
  TicketList out;
  std::vector<std::int64_t> ids;
  while (q.executeStep()) {
    if (static_cast<int>(out.tickets.size()) == f.limit) {
      out.more = true;
      break;
    }
    out.tickets.push_back(read_ticket_row(q));
    ids.push_back(q.getColumn(kIdColumn).getInt64());
  }
  std::map<std::int64_t, Ticket*> by_id;
  for (std::size_t i = 0; i < ids.size(); ++i) by_id[ids[i]] = &out.tickets[i];
  load_details(conn, by_id);
  out.last_change_seq = out.tickets.empty() ? f.after_change_seq : out.tickets.back().change_seq;
  return out;
}

std::optional<StoredAttachment> TicketStore::attachment(const std::string& tk, std::int64_t id) {
  auto reader = lease();
  Connection& conn = *reader;
  Query q = conn.query(
      "SELECT a.name, a.content_type, a.data FROM attachments a JOIN tickets t ON t.id = a.ticket_id "
      "WHERE t.tk = ? AND a.id = ?");
  q.bind(1, tk);
  q.bind(2, id);
  if (!q.executeStep()) return std::nullopt;
  auto data = q.getColumn(2);
  return StoredAttachment{
      q.getColumn(0).getString(), q.getColumn(1).getString(),
      std::string(static_cast<const char*>(data.getBlob()), static_cast<std::size_t>(data.getBytes()))};
}

std::vector<std::string> TicketStore::resolved_before(std::int64_t cutoff) {
  auto reader = lease();
  Connection& conn = *reader;
  Query q = conn.query("SELECT tk FROM tickets WHERE status = 'resolved' AND resolved_at < ?");
  q.bind(1, cutoff);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

std::int64_t TicketStore::add_token(const std::string& hash, const Identity& id, std::int64_t expires_at) {
  return write<std::int64_t>([hash, id, expires_at](Connection& conn) {
    Query q = conn.query(
        "INSERT INTO tokens (hash, role, employee, name, created_at, login, group_id, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, hash);
    q.bind(2, std::string(to_string(id.role)));
    q.bind(3, id.employee);
    q.bind(4, id.name);
    q.bind(5, now_seconds());
    q.bind(6, id.login);
    q.bind(7, id.group);
    q.bind(8, expires_at);
    q.exec();
    return conn.db().getLastInsertRowid();
  });
}

namespace {
// A computer enrolled again (a new code, the account signed in again) replaces its token:
// the older ones of the same employee and device are revoked in the same transaction, so
// that signing in over and over does not mint a pile of live tokens (issue 25).
void revoke_same_device(Connection& conn, const std::string& employee, const std::string& device, std::int64_t now) {
  if (device.empty()) return;  // a computer that did not say which it is replaces nothing
  Query q = conn.query(
      "UPDATE tokens SET revoked_at = ? WHERE role = 'employee' AND employee = ? AND device = ? AND revoked_at = 0");
  q.bind(1, now);
  q.bind(2, employee);
  q.bind(3, device);
  q.exec();
}
}  // namespace

std::int64_t TicketStore::replace_device_token(const std::string& hash, const Identity& id, const std::string& device,
                                               std::int64_t now) {
  return write<std::int64_t>([hash, id, device, now](Connection& conn) {
    revoke_same_device(conn, id.employee, device, now);
    Query q = conn.query(
        "INSERT INTO tokens (hash, role, employee, name, created_at, login, group_id, expires_at, device) "
        "VALUES (?, 'employee', ?, ?, ?, '', '', 0, ?)");
    q.bind(1, hash);
    q.bind(2, id.employee);
    q.bind(3, id.name);
    q.bind(4, now);
    q.bind(5, device);
    q.exec();
    return conn.db().getLastInsertRowid();
  });
}

std::int64_t TicketStore::add_enrolment(const std::string& code_hash, const std::string& employee,
                                        const std::string& name, std::int64_t created_at, std::int64_t expires_at) {
  return write<std::int64_t>([=](Connection& conn) {
    Query q = conn.query(
        "INSERT INTO enrolment_codes (code_hash, employee, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
    q.bind(1, code_hash);
    q.bind(2, employee);
    q.bind(3, name);
    q.bind(4, created_at);
    q.bind(5, expires_at);
    q.exec();
    return conn.db().getLastInsertRowid();
  });
}

std::optional<Identity> TicketStore::redeem_enrolment(const std::string& code_hash, const std::string& token_hash,
                                                      const std::string& device, std::int64_t now) {
  return write<std::optional<Identity>>([=](Connection& conn) -> std::optional<Identity> {
    // Used once: the code is taken and its token made in one transaction.
    Query take = conn.query(
        "UPDATE enrolment_codes SET used_at = ? WHERE code_hash = ? AND used_at = 0 AND expires_at > ? "
        "RETURNING id, employee, name");
    take.bind(1, now);
    take.bind(2, code_hash);
    take.bind(3, now);
    if (!take.executeStep()) return std::nullopt;
    std::int64_t code_id = take.getColumn(0).getInt64();
    Identity id;
    id.role = Role::Employee;
    id.employee = take.getColumn(1).getString();
    id.name = take.getColumn(2).getString();
    while (take.executeStep()) {
    }
    // The device in the token's name tells an administrator's token list which one it is.
    std::string token_name = device.empty() ? id.name : id.name + " (" + device + ")";
    revoke_same_device(conn, id.employee, device, now);
    Query token = conn.query(
        "INSERT INTO tokens (hash, role, employee, name, created_at, login, group_id, expires_at, device) "
        "VALUES (?, 'employee', ?, ?, ?, '', '', 0, ?)");
    token.bind(1, token_hash);
    token.bind(2, id.employee);
    token.bind(3, token_name);
    token.bind(4, now);
    token.bind(5, device);
    token.exec();
    id.token_id = conn.db().getLastInsertRowid();
    Query link = conn.query("UPDATE enrolment_codes SET token_id = ? WHERE id = ?");
    link.bind(1, id.token_id);
    link.bind(2, code_id);
    link.exec();
    return id;
  });
}

bool TicketStore::enrolment_open(const std::string& code_hash, std::int64_t now) {
  auto reader = lease();
  Query q = (*reader).query("SELECT 1 FROM enrolment_codes WHERE code_hash = ? AND used_at = 0 AND expires_at > ?");
  q.bind(1, code_hash);
  q.bind(2, now);
  return q.executeStep();
}

std::vector<EnrolmentInfo> TicketStore::list_enrolments() {
  std::vector<EnrolmentInfo> out;
  auto reader = lease();
  Query q = (*reader).query(
      "SELECT id, employee, name, created_at, expires_at, used_at, COALESCE(token_id, 0) FROM enrolment_codes "
      "ORDER BY id");
  while (q.executeStep())
    out.push_back(EnrolmentInfo{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                                q.getColumn(3).getInt64(), q.getColumn(4).getInt64(), q.getColumn(5).getInt64(),
                                q.getColumn(6).getInt64()});
  return out;
}

std::optional<StoredToken> TicketStore::find_token(const std::string& hash) {
  auto reader = lease();
  Connection& conn = *reader;
  Query q = conn.query(
      "SELECT id, role, employee, name, login, group_id, expires_at, revoked_at FROM tokens WHERE hash = ?");
  q.bind(1, hash);
  if (!q.executeStep()) return std::nullopt;
  StoredToken token;
  Identity& id = token.identity;
  id.token_id = q.getColumn(0).getInt64();
  id.role = parse_role(q.getColumn(1).getString()).value_or(Role::Employee);
  id.employee = q.getColumn(2).getString();
  id.name = q.getColumn(3).getString();
  id.login = q.getColumn(4).getString();
  id.group = q.getColumn(5).getString();
  token.expires_at = q.getColumn(6).getInt64();
  token.revoked_at = q.getColumn(7).getInt64();
  return token;
}

std::vector<TokenInfo> TicketStore::list_tokens() {
  auto reader = lease();
  Connection& conn = *reader;
  Query q = conn.query(
      "SELECT id, role, name, login, employee, group_id, created_at, last_used_at, expires_at, revoked_at "
      "FROM tokens ORDER BY id");
  std::vector<TokenInfo> out;
  while (q.executeStep()) {
    TokenInfo t;
    t.id = q.getColumn(0).getInt64();
    t.role = parse_role(q.getColumn(1).getString()).value_or(Role::Employee);
    t.name = q.getColumn(2).getString();
    t.login = q.getColumn(3).getString();
    t.employee = q.getColumn(4).getString();
    t.group = q.getColumn(5).getString();
    t.created_at = q.getColumn(6).getInt64();
    t.last_used_at = q.getColumn(7).getInt64();
    t.expires_at = q.getColumn(8).getInt64();
    t.revoked_at = q.getColumn(9).getInt64();
    out.push_back(std::move(t));
  }
  return out;
}

bool TicketStore::revoke_token(std::int64_t token_id, std::int64_t at) {
  return write<bool>([token_id, at](Connection& conn) {
    // The first revocation's time stays: revoking again changes nothing.
    Query q = conn.query("UPDATE tokens SET revoked_at = CASE WHEN revoked_at = 0 THEN ? ELSE revoked_at END "
                         "WHERE id = ?");
    q.bind(1, at);
    q.bind(2, token_id);
    return q.exec() > 0;
  });
}

void TicketStore::record_token_use(std::int64_t token_id, std::int64_t at) {
  post([token_id, at](Connection& conn) {
    Query q = conn.query("UPDATE tokens SET last_used_at = ? WHERE id = ? AND last_used_at < ?");
    q.bind(1, at);
    q.bind(2, token_id);
    q.bind(3, at);
    q.exec();
  });
}

void TicketStore::post(std::function<void(Connection&)> work) {
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    if (stopping_) return;
    queue_.push_back(Job{std::move(work), [](std::exception_ptr failure) {
                           if (!failure) return;
                           try {
                             std::rethrow_exception(failure);
                           } catch (const std::exception& e) {
                             log::warning("db", std::string("a background write failed: ") + e.what());
                           }
                         }});
  }
  queue_cv_.notify_one();
}

std::optional<Identity> TicketStore::find_agent(const std::string& login) {
  auto reader = lease();
  Connection& conn = *reader;
  Query q = conn.query(
      "SELECT id, role, name, group_id FROM tokens WHERE login = ? AND role IN ('agent', 'admin') "
      "ORDER BY id DESC LIMIT 1");
  q.bind(1, login);
  if (!q.executeStep()) return std::nullopt;
  Identity id;
  id.token_id = q.getColumn(0).getInt64();
  id.role = parse_role(q.getColumn(1).getString()).value_or(Role::Agent);
  id.name = q.getColumn(2).getString();
  id.login = login;
  id.group = q.getColumn(3).getString();
  return id;
}

}  // namespace tk::server
