// The tickets' rows: tickets with their history, stages and attachments, and the
// idempotency keys of reports and events. Each write is one job on the database's writer
// (durable before it reports success); the rules that decide a ticket's next state live in
// TicketService and reach the write as a TicketChange.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"
#include "tk/domain.h"
#include "tk/error.h"

namespace tk::server {

// "There is no ticket TK-...": the one answer for a TK nobody may see, whether it does not
// exist or is malformed.
Error unknown_ticket(const std::string& tk);
// The Idempotency-Key of an earlier report, sent with a different one.
Error idempotency_key_reused();

struct CreatedTicket {
  Ticket ticket;
  bool replayed = false;
};

struct StoredAttachment {
  std::string name;
  std::string content_type;
  std::string data;
};

struct TicketFilter {
  std::string reporter_employee;  // empty: every reporter
  std::int64_t after_change_seq = 0;
  std::optional<Status> status;
  std::optional<TicketType> type;
  std::optional<Level> level;
  std::optional<std::string> group;     // "" for tickets of no group
  std::optional<std::string> assignee;  // "" for unassigned ones
  // An agent's queue: assigned to this login, or in this group (when not empty).
  std::optional<std::string> queue_login;
  std::string queue_group;
  bool open_only = false;
  // Tickets whose current stage is late at this time (0: no such filter).
  std::int64_t breached_at = 0;
  std::string text;  // in the TK, summary, description, reporter's name or number
  int limit = 500;
};

// What access checks and the read cache need, without the history: one indexed row.
struct TicketHead {
  std::int64_t change_seq = 0;
  std::string reporter_employee;
  Status status = Status::Registered;
  std::int64_t sla_due_at = 0;
  std::int64_t resolved_at = 0;
  bool stage_breached = false;
};

struct TicketList {
  std::vector<Ticket> tickets;
  std::int64_t last_change_seq = 0;
  bool more = false;
};

// An event's Idempotency-Key, as the token that sent it and what it asked.
struct EventKey {
  std::int64_t token_id = 0;
  std::string key;
  std::string fingerprint;
};

// Decides the next state of a ticket from its current one (inside the write transaction).
// The returned ticket carries the new history event as its last element.
using TicketChange = std::function<Result<Ticket>(const Ticket& current)>;

class TicketStore {
 public:
  explicit TicketStore(Database& database);
  TicketStore(const TicketStore&) = delete;
  TicketStore& operator=(const TicketStore&) = delete;

  // Registers `draft` (everything but tk and change_seq filled in). With a non-empty
  // idempotency key, a second call with the same (token, key) returns the first ticket.
  // `request_fingerprint` tells a true replay from a key reused for a different report.
  Result<CreatedTicket> create(Ticket draft, std::vector<NewAttachment> attachments, std::int64_t token_id,
                               const std::string& idempotency_key, const std::string& request_fingerprint);

  // With a key, a second update under the same (token, key) and fingerprint changes nothing
  // and returns the ticket as it is; under a different fingerprint it is refused.
  Result<Ticket> update(const std::string& tk, const TicketChange& change, const EventKey* key = nullptr);

  std::optional<Ticket> find(const std::string& tk);
  std::optional<TicketHead> head(const std::string& tk);
  // The ticket an idempotency key already made, with the fingerprint of its request.
  struct KeyedTicket {
    Ticket ticket;
    std::string fingerprint;
  };
  std::optional<KeyedTicket> find_by_key(std::int64_t token_id, const std::string& key);
  TicketList list(const TicketFilter& filter);
  std::optional<StoredAttachment> attachment(const std::string& tk, std::int64_t id);
  std::vector<std::string> resolved_before(std::int64_t resolved_at_cutoff);

 private:
  Ticket insert_ticket(Connection&, Ticket draft, const std::vector<NewAttachment>&);
  std::optional<Ticket> load(Connection&, const std::string& tk);
  std::int64_t next_change_seq();
  std::int64_t next_tk_number(Connection&, int year);

  Database& db_;
  std::int64_t last_change_seq_ = 0;            // writer thread only
  std::map<int, std::int64_t> last_tk_number_;  // writer thread only
};

}  // namespace tk::server
