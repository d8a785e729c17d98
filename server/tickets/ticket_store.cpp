#include "tickets/ticket_store.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <type_traits>

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
                    N_("The Idempotency-Key was already used for another report."), "Idempotency-Key");
}
namespace {

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

TicketStore::TicketStore(Database& database) : db_(database) {
  auto reader = db_.lease();
  Query q = (*reader).query("SELECT COALESCE(MAX(change_seq), 0) FROM tickets");
  q.executeStep();
  last_change_seq_ = q.getColumn(0).getInt64();
}

std::int64_t TicketStore::next_change_seq() { return ++last_change_seq_; }

std::int64_t TicketStore::next_tk_number(Connection& conn, int year) {
  auto it = last_tk_number_.find(year);
  if (it == last_tk_number_.end()) {
    // The sequence starts after the year's prefix (the core's: "TK-2026-").
    const std::string prefix = tk_year_prefix(year);
    Query q = conn.query("SELECT COALESCE(MAX(CAST(substr(tk, ?) AS INTEGER)), 0) FROM tickets WHERE tk LIKE ?");
    q.bind(1, static_cast<int>(prefix.size()) + 1);
    q.bind(2, prefix + "%");
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
// The columns of a ticket's row that change as it moves through the workflow: what an
// UPDATE writes, and the INSERT with them, in this one order.
constexpr const char* kChangingColumns[] = {"type",
                                            "category",
                                            "impact",
                                            "urgency",
                                            "priority",
                                            "status",
                                            "level",
                                            "resolution",
                                            "resolution_notes",
                                            "containment",
                                            "vendor_ref",
                                            "updated_at",
                                            "sla_due_at",
                                            "stage_started_at",
                                            "resolved_at",
                                            "change_seq",
                                            "group_id",
                                            "assignee",
                                            "stage_breached",
                                            "closed_at",
                                            "satisfaction_rating",
                                            "satisfaction_comment",
                                            "satisfaction_at",
                                            "stage_count",
                                            "first_stage_level"};

void bind_changing_columns(Query& q, int& c, const Ticket& t) {
  q.bind(c++, std::string(to_string(t.type)));
  q.bind(c++, t.category);
  q.bind(c++, t.impact);
  q.bind(c++, t.urgency);
  q.bind(c++, t.priority);
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
  q.bind(c++, t.group);
  q.bind(c++, t.assignee);
  q.bind(c++, current_stage_breached(t) ? 1 : 0);
  q.bind(c++, t.closed_at);
  q.bind(c++, t.satisfaction.rating);
  q.bind(c++, t.satisfaction.comment);
  q.bind(c++, t.satisfaction.at);
  q.bind(c++, static_cast<std::int64_t>(t.stages.size()));
  q.bind(c++, first_stage_level(t));
}

}  // namespace

Ticket TicketStore::insert_ticket(Connection& conn, Ticket t, const std::vector<NewAttachment>& files) {
  t.tk = format_tk(year_of(t.created_at), next_tk_number(conn, year_of(t.created_at)));
  t.change_seq = next_change_seq();
  static const std::string insert = [] {
    std::string columns =
                    "tk, summary, description, reporter_employee, reporter_name, reporter_email, "
                    "reporter_phone, reporter_location, channel, device_json, created_at",
                placeholders = "?,?,?,?,?,?,?,?,?,?,?";
    for (const char* column : kChangingColumns) {
      columns += std::string(", ") + column;
      placeholders += ",?";
    }
    return "INSERT INTO tickets (" + columns + ") VALUES (" + placeholders + ")";
  }();
  Query q = conn.query(insert);
  int c = 1;
  q.bind(c++, t.tk);
  q.bind(c++, t.summary);
  q.bind(c++, t.description);
  q.bind(c++, t.reporter.employee);
  q.bind(c++, t.reporter.name);
  q.bind(c++, t.reporter.email);
  q.bind(c++, t.reporter.phone);
  q.bind(c++, t.reporter.location);
  q.bind(c++, std::string(to_string(t.channel)));
  q.bind(c++, to_json(t.device).dump());
  q.bind(c++, t.created_at);
  bind_changing_columns(q, c, t);
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
  return db_.write<Result<CreatedTicket>>(
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
  return db_.write<Result<Ticket>>([this, tk, change, event_key](Connection& conn) -> Result<Ticket> {
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
    static const std::string update = [] {
      std::string sql = "UPDATE tickets SET ";
      for (const char* column : kChangingColumns) sql += std::string(column) + " = ?, ";
      return sql.substr(0, sql.size() - 2) + " WHERE tk = ?";
    }();
    Query q = conn.query(update);
    int c = 1;
    bind_changing_columns(q, c, t);
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

std::optional<Ticket> TicketStore::find(const std::string& tk) {
  auto reader = db_.lease();
  Connection& conn = *reader;
  return load(conn, tk);
}

std::optional<TicketStore::KeyedTicket> TicketStore::find_by_key(std::int64_t token_id, const std::string& key) {
  auto reader = db_.lease();
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
  auto reader = db_.lease();
  Connection& conn = *reader;
  Query q = conn.query(
      "SELECT change_seq, reporter_employee, status, sla_due_at, resolved_at, stage_breached "
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
  auto reader = db_.lease();
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
  auto reader = db_.lease();
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
  auto reader = db_.lease();
  Connection& conn = *reader;
  Query q = conn.query("SELECT tk FROM tickets WHERE status = 'resolved' AND resolved_at < ?");
  q.bind(1, cutoff);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

}  // namespace tk::server
