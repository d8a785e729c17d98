#include "tk/client_store.h"
#include "tk/file_path.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <stdexcept>

#include <sqlite3.h>

#include "tk/json_mapping.h"
#include "tk/logging.h"
#include "tk/platform.h"
#include "tk/spanish_search.h"
#include "tk/sqlite_connection.h"
#include "tk/text.h"
#include "tk/time.h"

namespace tk {
namespace {

// The file is there but its content cannot be trusted: the one reason to set it aside.
struct CacheDamaged : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool is_damage(const SQLite::Exception& e) {
  int primary = e.getErrorCode() & 0xff;
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

// Each entry moves the schema one version up; never edit an entry once released.
const char* const kMigrations[] = {
    R"sql(
    CREATE TABLE meta (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
    CREATE TABLE outbox (
      seq             INTEGER PRIMARY KEY AUTOINCREMENT,
      local_id        TEXT NOT NULL UNIQUE,
      idempotency_key TEXT NOT NULL,
      created_at      INTEGER NOT NULL,
      report_json     TEXT NOT NULL,
      identity        TEXT NOT NULL DEFAULT '',
      state           TEXT NOT NULL DEFAULT 'pending',
      error_code      TEXT NOT NULL DEFAULT '',
      error_message   TEXT NOT NULL DEFAULT '',
      error_field     TEXT NOT NULL DEFAULT '',
      attempts        INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE tickets (
      tk           TEXT PRIMARY KEY,
      type         TEXT NOT NULL,
      summary      TEXT NOT NULL,
      status       TEXT NOT NULL,
      level        TEXT NOT NULL,
      resolution   TEXT NOT NULL,
      priority     INTEGER NOT NULL,
      updated_at   INTEGER NOT NULL,
      sla_due_at   INTEGER NOT NULL,
      confirmed_at INTEGER NOT NULL
    );
    -- The whole ticket apart from the list's columns, so that listing reads small pages.
    CREATE TABLE ticket_details (
      tk   TEXT PRIMARY KEY,
      json TEXT NOT NULL
    );
    CREATE TABLE sent (
      local_id TEXT PRIMARY KEY,
      tk       TEXT NOT NULL,
      sent_at  INTEGER NOT NULL
    );
    )sql",
    // The user's answers, comments, confirmations, ratings and reopenings, queued offline
    // like reports (docs/design.md section 9).
    R"sql(
    CREATE TABLE actions (
      seq             INTEGER PRIMARY KEY AUTOINCREMENT,
      local_id        TEXT NOT NULL UNIQUE,
      tk              TEXT NOT NULL,
      event_json      TEXT NOT NULL,
      idempotency_key TEXT NOT NULL,
      created_at      INTEGER NOT NULL,
      identity        TEXT NOT NULL DEFAULT '',
      state           TEXT NOT NULL DEFAULT 'pending',
      error_code      TEXT NOT NULL DEFAULT '',
      error_message   TEXT NOT NULL DEFAULT '',
      error_field     TEXT NOT NULL DEFAULT '',
      attempts        INTEGER NOT NULL DEFAULT 0
    );
    )sql",
    // The knowledge base's published articles, searched offline (issue 16) with the
    // server's tokenizer ("tk_spanish", registered on the connection before this runs).
    R"sql(
    CREATE TABLE kb_articles (
      id         INTEGER PRIMARY KEY,
      title      TEXT NOT NULL,
      symptoms   TEXT NOT NULL,
      steps      TEXT NOT NULL,
      category   TEXT NOT NULL,
      keywords   TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE VIRTUAL TABLE kb_search USING fts5(
      title, keywords, symptoms, steps, content = 'kb_articles', content_rowid = 'id', tokenize = 'tk_spanish');
    CREATE TRIGGER kb_articles_added AFTER INSERT ON kb_articles BEGIN
      INSERT INTO kb_search (rowid, title, keywords, symptoms, steps)
        VALUES (new.id, new.title, new.keywords, new.symptoms, new.steps);
    END;
    CREATE TRIGGER kb_articles_removed AFTER DELETE ON kb_articles BEGIN
      INSERT INTO kb_search (kb_search, rowid, title, keywords, symptoms, steps)
        VALUES ('delete', old.id, old.title, old.keywords, old.symptoms, old.steps);
    END;
    -- "Esto resolvió mi problema": sent once, like a report, under its own key.
    CREATE TABLE kb_feedback (
      seq             INTEGER PRIMARY KEY AUTOINCREMENT,
      article_id      INTEGER NOT NULL,
      helpful         INTEGER NOT NULL,
      idempotency_key TEXT NOT NULL,
      identity        TEXT NOT NULL DEFAULT '',
      created_at      INTEGER NOT NULL
    );
    )sql",
    // The index's terms changed (a loanword's plural now meets its singular): indexed again.
    R"sql(
    INSERT INTO kb_search (kb_search) VALUES ('rebuild');
    )sql",
};

// "L-3F9A2C71" for a report, "A-..." for an action.
std::string new_local_id(const char* prefix = "L-") {
  std::string hex = random_uuid().substr(0, 8);
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return prefix + hex;
}

constexpr const char* kActionColumns =
    "seq, local_id, tk, event_json, idempotency_key, created_at, identity, state, error_code, error_message, "
    "error_field, attempts";

QueuedAction read_action_row(Query& q) {
  QueuedAction a;
  a.seq = q.getColumn(0).getInt64();
  a.local_id = q.getColumn(1).getString();
  a.tk = q.getColumn(2).getString();
  if (auto json = parse_json_object(q.getColumn(3).getString()))
    if (auto event = event_from_json(*json)) a.event = std::move(*event);
  a.idempotency_key = q.getColumn(4).getString();
  a.created_at = q.getColumn(5).getInt64();
  a.identity = q.getColumn(6).getString();
  a.state = q.getColumn(7).getString() == "refused" ? OutboxState::Refused : OutboxState::Pending;
  a.refusal.kind = ErrorKind::Invalid;
  a.refusal.code = q.getColumn(8).getString();
  a.refusal.message = q.getColumn(9).getString();
  a.refusal.field = q.getColumn(10).getString();
  a.attempts = q.getColumn(11).getInt();
  return a;
}

OutboxEntry read_outbox_row(Query& q) {
  OutboxEntry e;
  e.seq = q.getColumn(0).getInt64();
  e.local_id = q.getColumn(1).getString();
  e.idempotency_key = q.getColumn(2).getString();
  e.created_at = q.getColumn(3).getInt64();
  auto json = parse_json_object(q.getColumn(4).getString());
  if (json) {
    auto report = new_ticket_from_json(*json);
    if (report) e.report = std::move(*report);
  }
  e.state = q.getColumn(5).getString() == "refused" ? OutboxState::Refused : OutboxState::Pending;
  e.refusal.kind = ErrorKind::Invalid;
  e.refusal.code = q.getColumn(6).getString();
  e.refusal.message = q.getColumn(7).getString();
  e.refusal.field = q.getColumn(8).getString();
  e.attempts = q.getColumn(9).getInt();
  e.identity = q.getColumn(10).getString();
  return e;
}

constexpr const char* kOutboxColumns =
    "seq, local_id, idempotency_key, created_at, report_json, state, error_code, error_message, error_field, "
    "attempts, identity";

// Reads what can be read of an unreadable cache's outbox, row by row.
std::vector<std::vector<std::string>> salvage_outbox(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  try {
    SQLite::Database old(path, SQLite::OPEN_READONLY);
    SQLite::Statement q(old,
                        "SELECT local_id, idempotency_key, created_at, report_json, identity FROM outbox ORDER BY seq");
    for (;;) {
      try {
        if (!q.executeStep()) break;
        rows.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                        q.getColumn(3).getString(), q.getColumn(4).getString()});
      } catch (const std::exception&) {
        break;  // the rest of the table is past the damage
      }
    }
  } catch (const std::exception&) {
    // Not even the outbox table can be read: nothing to carry over.
  }
  return rows;
}

// The same for the queued actions (a cache of the first schema has none).
std::vector<std::vector<std::string>> salvage_actions(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  try {
    SQLite::Database old(path, SQLite::OPEN_READONLY);
    SQLite::Statement q(
        old, "SELECT local_id, tk, event_json, idempotency_key, created_at, identity FROM actions ORDER BY seq");
    for (;;) {
      try {
        if (!q.executeStep()) break;
        rows.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                        q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString()});
      } catch (const std::exception&) {
        break;
      }
    }
  } catch (const std::exception&) {
  }
  return rows;
}

// Reports and actions wait in tables of the same shape: all of a table's rows in order, or
// the one of `local_id`; one attempt more; or the server's refusal kept for the user.
// `table` is one of the two names, never input.
template <class Row>
std::vector<Row> queued_rows(Connection& conn, const char* table, const char* columns, Row (*read)(Query&),
                             const std::string& local_id = {}) {
  Query q = conn.query(std::string("SELECT ") + columns + " FROM " + table +
                       (local_id.empty() ? " ORDER BY seq" : " WHERE local_id = ?"));
  if (!local_id.empty()) q.bind(1, local_id);
  std::vector<Row> out;
  while (q.executeStep()) out.push_back(read(q));
  return out;
}

template <class Row>
std::optional<Row> first(std::vector<Row> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

void count_attempt(Connection& conn, const char* table, const std::string& local_id) {
  Query q = conn.query(std::string("UPDATE ") + table + " SET attempts = attempts + 1 WHERE local_id = ?");
  q.bind(1, local_id);
  q.exec();
}

void set_refused(Connection& conn, const char* table, const std::string& local_id, const Error& why) {
  Query q = conn.query(std::string("UPDATE ") + table +
                       " SET state = 'refused', error_code = ?, error_message = ?, error_field = ? WHERE local_id = ?");
  q.bind(1, why.code);
  q.bind(2, why.message);
  q.bind(3, why.field);
  q.bind(4, local_id);
  q.exec();
}

void move_aside(const std::string& path, const std::string& to) {
  std::error_code ignored;
  std::filesystem::rename(utf8_path(path), utf8_path(to), ignored);
  // A stale WAL would be replayed into the new file: it goes with the database.
  for (const char* suffix : {"-wal", "-shm"})
    if (std::filesystem::exists(utf8_path(path + suffix)))
      std::filesystem::rename(utf8_path(path + suffix), utf8_path(to + suffix), ignored);
}

}  // namespace

ClientStore::~ClientStore() = default;

ClientStore::ClientStore(const std::string& path) {
  if (!path.empty() && path != ":memory:") platform::make_database_private(path);
  conn_ = std::make_unique<Connection>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  auto& db = conn_->db();
  register_spanish_tokenizer(db.getHandle());
  db.exec("PRAGMA journal_mode = WAL");
  // NORMAL: a commit survives the process being killed; add_to_outbox() asks for FULL so
  // that a saved report also survives losing power. Everything else can be pulled again.
  db.exec("PRAGMA synchronous = NORMAL");
  std::string check = db.execAndGet("PRAGMA quick_check").getString();
  if (check != "ok") throw CacheDamaged("cache failed its integrity check: " + check);
  migrate();
}

std::unique_ptr<ClientStore> ClientStore::open(const std::string& path, OpenReport* report) {
  std::filesystem::create_directories(utf8_path(path).parent_path());
  // Only damage sets the file aside. A busy file, a full disk or a cache written by a newer
  // version is reported to the caller: renaming a healthy cache would strand its outbox.
  try {
    return std::unique_ptr<ClientStore>(new ClientStore(path));
  } catch (const CacheDamaged& e) {
    log::warning("db", std::string("the cache is damaged, setting it aside: ") + e.what());
  } catch (const SQLite::Exception& e) {
    if (!is_damage(e)) throw;
    log::warning("db", std::string("the cache is unreadable, setting it aside: ") + e.what());
  }
  std::string aside = path + ".corrupt-" + std::to_string(now_seconds());
  move_aside(path, aside);
  auto rows = salvage_outbox(aside);
  auto action_rows = salvage_actions(aside);
  std::unique_ptr<ClientStore> store(new ClientStore(path));
  int recovered = 0;
  {
    std::lock_guard<std::mutex> lock(store->mutex_);
    SQLite::Transaction tx(store->conn_->db());
    for (const auto& row : rows) {
      auto json = parse_json_object(row[3]);
      if (!json || !new_ticket_from_json(*json)) continue;  // a damaged report cannot be sent as it was
      Query q = store->conn_->query(
          "INSERT OR IGNORE INTO outbox (local_id, idempotency_key, created_at, report_json, identity) "
          "VALUES (?, ?, ?, ?, ?)");
      q.bind(1, row[0]);
      q.bind(2, row[1]);
      q.bind(3, static_cast<std::int64_t>(std::atoll(row[2].c_str())));
      q.bind(4, row[3]);
      q.bind(5, row[4]);
      recovered += q.exec();
    }
    for (const auto& row : action_rows) {
      auto json = parse_json_object(row[2]);
      if (!json || !event_from_json(*json)) continue;
      Query q = store->conn_->query(
          "INSERT OR IGNORE INTO actions (local_id, tk, event_json, idempotency_key, created_at, identity) "
          "VALUES (?, ?, ?, ?, ?, ?)");
      q.bind(1, row[0]);
      q.bind(2, row[1]);
      q.bind(3, row[2]);
      q.bind(4, row[3]);
      q.bind(5, static_cast<std::int64_t>(std::atoll(row[4].c_str())));
      q.bind(6, row[5]);
      recovered += q.exec();
    }
    tx.commit();
  }
  log::warning("db", "cache recreated; " + std::to_string(recovered) + " unsent reports and actions recovered");
  if (report) *report = OpenReport{true, aside, recovered};
  return store;
}

void ClientStore::migrate() {
  migrate_schema(*conn_, std::vector<const char*>(std::begin(kMigrations), std::end(kMigrations)), "the cache");
}

int ClientStore::schema_version() {
  std::lock_guard<std::mutex> lock(mutex_);
  return conn_->db().execAndGet("PRAGMA user_version").getInt();
}

std::string ClientStore::meta(const std::string& key) {
  Query q = conn_->query("SELECT value FROM meta WHERE key = ?");
  q.bind(1, key);
  return q.executeStep() ? q.getColumn(0).getString() : std::string{};
}

void ClientStore::set_meta(const std::string& key, const std::string& value) {
  Query q = conn_->query(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  q.bind(1, key);
  q.bind(2, value);
  q.exec();
}

std::string ClientStore::identity() {
  std::lock_guard<std::mutex> lock(mutex_);
  return identity_;
}

void ClientStore::bind_identity(const std::string& fingerprint) {
  std::lock_guard<std::mutex> lock(mutex_);
  SQLite::Transaction tx(conn_->db(), SQLite::TransactionBehavior::IMMEDIATE);
  identity_ = fingerprint;
  std::string current = meta("identity");
  if (current == fingerprint) return;
  if (!current.empty()) {
    conn_->db().exec("DELETE FROM tickets");
    conn_->db().exec("DELETE FROM ticket_details");
    conn_->db().exec("DELETE FROM kb_articles");  // another server's articles
    conn_->db().exec("DELETE FROM meta WHERE key IN ('cursor', 'last_confirmed_at', 'kb_cursor')");
  }
  set_meta("identity", fingerprint);
  tx.commit();
}

void ClientStore::durably(const std::function<void(SQLite::Database&)>& write) {
  auto& db = conn_->db();
  // What the person was told is saved (a report, an answer, "thank you") must survive
  // losing power: FULL for this one transaction, NORMAL for everything else.
  db.exec("PRAGMA synchronous = FULL");
  try {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    write(db);
    tx.commit();
  } catch (...) {
    db.exec("PRAGMA synchronous = NORMAL");
    throw;
  }
  db.exec("PRAGMA synchronous = NORMAL");
}

OutboxEntry ClientStore::add_to_outbox(const NewTicket& report, std::int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  OutboxEntry e;
  e.local_id = new_local_id();
  e.idempotency_key = random_uuid();
  e.created_at = now;
  e.report = report;
  e.identity = identity_;
  durably([&](SQLite::Database& db) {
    Query q = conn_->query(
        "INSERT INTO outbox (local_id, idempotency_key, created_at, report_json, identity) VALUES (?, ?, ?, ?, ?)");
    q.bind(1, e.local_id);
    q.bind(2, e.idempotency_key);
    q.bind(3, now);
    q.bind(4, to_json(report).dump());
    q.bind(5, identity_);
    q.exec();
    e.seq = db.getLastInsertRowid();
  });
  return e;
}

std::vector<OutboxEntry> ClientStore::outbox() {
  std::lock_guard<std::mutex> lock(mutex_);
  return queued_rows(*conn_, "outbox", kOutboxColumns, read_outbox_row);
}

std::optional<OutboxEntry> ClientStore::outbox_entry(const std::string& local_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (local_id.empty()) return std::nullopt;  // empty asks queued_rows for every row
  return first(queued_rows(*conn_, "outbox", kOutboxColumns, read_outbox_row, local_id));
}

void ClientStore::mark_attempt(const std::string& local_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  count_attempt(*conn_, "outbox", local_id);
}

void ClientStore::mark_refused(const std::string& local_id, const Error& why) {
  std::lock_guard<std::mutex> lock(mutex_);
  set_refused(*conn_, "outbox", local_id, why);
}

bool ClientStore::replace_report(const std::string& local_id, const NewTicket& report) {
  std::lock_guard<std::mutex> lock(mutex_);
  // A new key: the server may have stored the refusal's key with the old content.
  Query q = conn_->query(
      "UPDATE outbox SET report_json = ?, state = 'pending', error_code = '', error_message = '', error_field = '', "
      "idempotency_key = ? WHERE local_id = ? AND state = 'refused'");
  q.bind(1, to_json(report).dump());
  q.bind(2, random_uuid());
  q.bind(3, local_id);
  return q.exec() > 0;
}

bool ClientStore::discard(const std::string& local_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  Query q = conn_->query("DELETE FROM outbox WHERE local_id = ? AND state = 'refused'");
  q.bind(1, local_id);
  return q.exec() > 0;
}

void ClientStore::upsert_ticket(const Ticket& t, std::int64_t confirmed_at) {
  Query q = conn_->query(
      "INSERT INTO tickets (tk, type, summary, status, level, resolution, priority, updated_at, sla_due_at, "
      "confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tk) DO UPDATE SET "
      "type = excluded.type, summary = excluded.summary, status = excluded.status, level = excluded.level, "
      "resolution = excluded.resolution, priority = excluded.priority, updated_at = excluded.updated_at, "
      "sla_due_at = excluded.sla_due_at, confirmed_at = excluded.confirmed_at");
  q.bind(1, t.tk);
  q.bind(2, std::string(to_string(t.type)));
  q.bind(3, t.summary);
  q.bind(4, std::string(to_string(t.status)));
  q.bind(5, std::string(to_string(t.visible_level())));
  q.bind(6, std::string(to_string(t.resolution)));
  q.bind(7, t.priority);
  q.bind(8, t.updated_at);
  q.bind(9, t.sla_due_at);
  q.bind(10, confirmed_at);
  q.exec();
  Query details = conn_->query("INSERT OR REPLACE INTO ticket_details (tk, json) VALUES (?, ?)");
  details.bind(1, t.tk);
  details.bind(2, to_json(t, confirmed_at).dump());
  details.exec();
}

void ClientStore::record_sent(const std::string& local_id, const Ticket& ticket, std::int64_t confirmed_at) {
  record_sent(std::vector<Sent>{{local_id, ticket}}, confirmed_at);
}

void ClientStore::record_sent(const std::vector<Sent>& sent, std::int64_t confirmed_at) {
  std::lock_guard<std::mutex> lock(mutex_);
  SQLite::Transaction tx(conn_->db(), SQLite::TransactionBehavior::IMMEDIATE);
  for (const auto& [local_id, ticket] : sent) {
    if (keep_sent_tickets_) upsert_ticket(ticket, confirmed_at);
    {
      Query q = conn_->query("DELETE FROM outbox WHERE local_id = ?");
      q.bind(1, local_id);
      q.exec();
    }
    Query q = conn_->query("INSERT OR REPLACE INTO sent (local_id, tk, sent_at) VALUES (?, ?, ?)");
    q.bind(1, local_id);
    q.bind(2, ticket.tk);
    q.bind(3, confirmed_at);
    q.exec();
  }
  tx.commit();
}

QueuedAction ClientStore::add_action(const std::string& tk, const EventRequest& event, std::int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  QueuedAction a;
  a.local_id = new_local_id("A-");
  a.tk = tk;
  a.event = event;
  a.idempotency_key = random_uuid();
  a.created_at = now;
  a.identity = identity_;
  durably([&](SQLite::Database& db) {
    Query q = conn_->query(
        "INSERT INTO actions (local_id, tk, event_json, idempotency_key, created_at, identity) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, a.local_id);
    q.bind(2, tk);
    q.bind(3, to_json(event).dump());
    q.bind(4, a.idempotency_key);
    q.bind(5, now);
    q.bind(6, identity_);
    q.exec();
    a.seq = db.getLastInsertRowid();
  });
  return a;
}

std::vector<QueuedAction> ClientStore::actions() {
  std::lock_guard<std::mutex> lock(mutex_);
  return queued_rows(*conn_, "actions", kActionColumns, read_action_row);
}

std::optional<QueuedAction> ClientStore::action(const std::string& local_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (local_id.empty()) return std::nullopt;  // empty asks queued_rows for every row
  return first(queued_rows(*conn_, "actions", kActionColumns, read_action_row, local_id));
}

void ClientStore::mark_action_attempt(const std::string& local_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  count_attempt(*conn_, "actions", local_id);
}

void ClientStore::mark_action_refused(const std::string& local_id, const Error& why) {
  std::lock_guard<std::mutex> lock(mutex_);
  set_refused(*conn_, "actions", local_id, why);
}

void ClientStore::record_action_sent(const std::string& local_id, const Ticket& ticket, std::int64_t confirmed_at) {
  std::lock_guard<std::mutex> lock(mutex_);
  SQLite::Transaction tx(conn_->db(), SQLite::TransactionBehavior::IMMEDIATE);
  if (keep_sent_tickets_) upsert_ticket(ticket, confirmed_at);
  {
    Query q = conn_->query("DELETE FROM actions WHERE local_id = ?");
    q.bind(1, local_id);
    q.exec();
  }
  Query q = conn_->query("INSERT OR REPLACE INTO sent (local_id, tk, sent_at) VALUES (?, ?, ?)");
  q.bind(1, local_id);
  q.bind(2, ticket.tk);
  q.bind(3, confirmed_at);
  q.exec();
  tx.commit();
}

bool ClientStore::discard_action(const std::string& local_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  Query q = conn_->query("DELETE FROM actions WHERE local_id = ? AND state = 'refused'");
  q.bind(1, local_id);
  return q.exec() > 0;
}

std::optional<std::string> ClientStore::tk_for_local_id(const std::string& local_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  Query q = conn_->query("SELECT tk FROM sent WHERE local_id = ?");
  q.bind(1, local_id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

std::vector<TicketChange> ClientStore::store_pulled(const std::vector<Ticket>& tickets, const std::string& cursor,
                                                    std::int64_t confirmed_at, bool last_page) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<TicketChange> changes;
  SQLite::Transaction tx(conn_->db(), SQLite::TransactionBehavior::IMMEDIATE);
  for (const auto& t : tickets) {
    TicketChange change{t, std::nullopt, std::nullopt};
    bool changed = true;
    {
      Query q = conn_->query("SELECT status, level, updated_at FROM tickets WHERE tk = ?");
      q.bind(1, t.tk);
      if (q.executeStep()) {
        change.previous_status = parse_status(q.getColumn(0).getString());
        change.previous_level = parse_level(q.getColumn(1).getString());
        changed = q.getColumn(2).getInt64() != t.updated_at || change.previous_status != t.status ||
                  change.previous_level != t.visible_level();
      }
    }
    upsert_ticket(t, confirmed_at);
    if (changed) changes.push_back(std::move(change));
  }
  set_meta("cursor", cursor);
  if (last_page) {
    // Nothing newer on the server: the tickets this pull did not mention are unchanged.
    Query q = conn_->query("UPDATE tickets SET confirmed_at = ?");
    q.bind(1, confirmed_at);
    q.exec();
    set_meta("last_confirmed_at", std::to_string(confirmed_at));
  }
  tx.commit();
  return changes;
}

void ClientStore::store_ticket(const Ticket& t, std::int64_t confirmed_at) {
  std::lock_guard<std::mutex> lock(mutex_);
  SQLite::Transaction tx(conn_->db(), SQLite::TransactionBehavior::IMMEDIATE);
  upsert_ticket(t, confirmed_at);
  tx.commit();
}

std::optional<CachedTicket> ClientStore::ticket(const std::string& tk) {
  std::lock_guard<std::mutex> lock(mutex_);
  Query q =
      conn_->query("SELECT d.json, t.confirmed_at FROM tickets t JOIN ticket_details d ON d.tk = t.tk WHERE t.tk = ?");
  q.bind(1, tk);
  if (!q.executeStep()) return std::nullopt;
  auto json = parse_json_object(q.getColumn(0).getString());
  if (!json) return std::nullopt;
  auto ticket = ticket_from_json(*json);
  if (!ticket) return std::nullopt;
  return CachedTicket{std::move(*ticket), q.getColumn(1).getInt64()};
}

std::vector<TicketSummary> ClientStore::tickets() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<TicketSummary> out;
  Query q = conn_->query(
      "SELECT tk, type, summary, status, level, resolution, priority, updated_at, sla_due_at, confirmed_at "
      "FROM tickets");
  while (q.executeStep()) {
    TicketSummary s;
    s.tk = q.getColumn(0).getString();
    s.type = parse_ticket_type(q.getColumn(1).getString()).value_or(TicketType::Incident);
    s.summary = q.getColumn(2).getString();
    s.status = parse_status(q.getColumn(3).getString()).value_or(Status::Registered);
    s.level = parse_level(q.getColumn(4).getString()).value_or(Level::None);
    s.resolution = parse_resolution(q.getColumn(5).getString()).value_or(Resolution::None);
    s.priority = q.getColumn(6).getInt();
    s.updated_at = q.getColumn(7).getInt64();
    s.sla_due_at = q.getColumn(8).getInt64();
    s.confirmed_at = q.getColumn(9).getInt64();
    out.push_back(std::move(s));
  }
  // Sorted here: a plain table scan and a sort beat an index walk with row look-ups.
  std::sort(out.begin(), out.end(), [](const TicketSummary& a, const TicketSummary& b) {
    return a.updated_at != b.updated_at ? a.updated_at > b.updated_at : a.tk > b.tk;
  });
  return out;
}

std::string ClientStore::cursor() {
  std::lock_guard<std::mutex> lock(mutex_);
  return meta("cursor");
}

std::int64_t ClientStore::last_confirmed_at() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::atoll(meta("last_confirmed_at").c_str());
}

void ClientStore::store_articles(const std::vector<KbArticleCopy>& articles, const std::vector<std::int64_t>& removed,
                                 const std::string& cursor) {
  std::lock_guard<std::mutex> lock(mutex_);
  SQLite::Transaction tx(conn_->db(), SQLite::TransactionBehavior::IMMEDIATE);
  auto remove = [&](std::int64_t id) {
    Query q = conn_->query("DELETE FROM kb_articles WHERE id = ?");
    q.bind(1, id);
    q.exec();
  };
  for (std::int64_t id : removed) remove(id);
  for (const auto& a : articles) {
    remove(a.id);  // the delete trigger takes the old text out of the index
    Query q = conn_->query(
        "INSERT INTO kb_articles (id, title, symptoms, steps, category, keywords, updated_at) VALUES (?,?,?,?,?,?,?)");
    q.bind(1, a.id);
    q.bind(2, a.title);
    q.bind(3, a.symptoms);
    q.bind(4, a.steps);
    q.bind(5, a.category);
    q.bind(6, a.keywords);
    q.bind(7, a.updated_at);
    q.exec();
  }
  set_meta("kb_cursor", cursor);
  tx.commit();
}

void ClientStore::add_kb_feedback(std::int64_t article_id, bool helpful, std::int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  Query q = conn_->query(
      "INSERT INTO kb_feedback (article_id, helpful, idempotency_key, identity, created_at) VALUES (?,?,?,?,?)");
  q.bind(1, article_id);
  q.bind(2, helpful ? 1 : 0);
  q.bind(3, random_uuid());
  q.bind(4, identity_);
  q.bind(5, now);
  durably([&](SQLite::Database&) { q.exec(); });
}

std::vector<KbFeedback> ClientStore::kb_feedback() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<KbFeedback> out;
  Query q = conn_->query("SELECT seq, article_id, helpful, idempotency_key, identity FROM kb_feedback ORDER BY seq");
  while (q.executeStep())
    out.push_back(KbFeedback{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getInt() != 0,
                             q.getColumn(3).getString(), q.getColumn(4).getString()});
  return out;
}

void ClientStore::remove_kb_feedback(std::int64_t seq) {
  std::lock_guard<std::mutex> lock(mutex_);
  Query q = conn_->query("DELETE FROM kb_feedback WHERE seq = ?");
  q.bind(1, seq);
  q.exec();
}

std::string ClientStore::kb_cursor() {
  std::lock_guard<std::mutex> lock(mutex_);
  return meta("kb_cursor");
}

std::vector<KbSuggestion> ClientStore::suggest(const std::string& text, int limit) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<KbSuggestion> out;
  std::string match = spanish_match_query(text);
  if (match.empty()) return out;
  Query q = conn_->query(
      std::string("SELECT a.id, a.title, a.symptoms, a.category, ") + kKnowledgeRank +
      " AS rank "
      "FROM kb_search JOIN kb_articles a ON a.id = kb_search.rowid WHERE kb_search MATCH ? ORDER BY rank LIMIT ?");
  q.bind(1, match);
  q.bind(2, limit);
  double best = 0;  // bm25 ranks are negative: lower is better
  while (q.executeStep()) {
    double rank = q.getColumn(4).getDouble();
    if (out.empty()) best = rank;
    // A far weaker match (one common word of the text) is noise beside a good one.
    if (rank > best * 0.3) break;
    KbSuggestion s;
    s.id = q.getColumn(0).getInt64();
    s.title = q.getColumn(1).getString();
    std::string symptoms = q.getColumn(2).getString();
    std::string line = symptoms.substr(0, symptoms.find('\n'));
    s.summary = utf8_length(line) > 160 ? utf8_truncate(line, 157) + "..." : line;
    s.category = q.getColumn(3).getString();
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<KbArticleCopy> ClientStore::kb_article(std::int64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  Query q =
      conn_->query("SELECT id, title, symptoms, steps, category, keywords, updated_at FROM kb_articles WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return KbArticleCopy{q.getColumn(0).getInt64(),  q.getColumn(1).getString(), q.getColumn(2).getString(),
                       q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString(),
                       q.getColumn(6).getInt64()};
}

int ClientStore::kb_size() {
  std::lock_guard<std::mutex> lock(mutex_);
  return conn_->db().execAndGet("SELECT COUNT(*) FROM kb_articles").getInt();
}

void ClientStore::store_catalog(const Catalog& catalog, std::int64_t fetched_at) {
  std::lock_guard<std::mutex> lock(mutex_);
  SQLite::Transaction tx(conn_->db(), SQLite::TransactionBehavior::IMMEDIATE);
  set_meta("catalog", catalog_to_json(catalog).dump());
  set_meta("catalog_fetched_at", std::to_string(fetched_at));
  tx.commit();
}

std::optional<Catalog> ClientStore::catalog() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string text = meta("catalog");
  if (text.empty()) return std::nullopt;
  auto parsed = parse_catalog(text);
  if (!parsed) return std::nullopt;
  return std::move(*parsed);
}

}  // namespace tk
