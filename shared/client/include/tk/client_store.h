// The client's cache (docs/design.md section 5): one SQLite file in the user's data folder with
// the outbox of reports not yet acknowledged, the tickets last seen with the time each was
// confirmed by the server, the sync cursor and the catalog. Shared by the tray, the kiosk
// and tkctl; several processes may use one file at once (SQLite's locking, WAL).
// Only the sync engine writes; windows and commands read.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "tk/catalog.h"
#include "tk/domain.h"
#include "tk/error.h"
#include "tk/validation.h"
#include "tk/workflow.h"

namespace SQLite {
class Database;
}

namespace tk {

enum class OutboxState { Pending, Refused };

struct OutboxEntry {
  std::int64_t seq = 0;  // order of submission
  std::string local_id;  // shown to the user while the TK is not known, e.g. "L-3F9A2C71"
  std::string idempotency_key;
  std::int64_t created_at = 0;
  NewTicket report;
  std::string identity;  // the server and token it was filed with (see bind_identity)
  OutboxState state = OutboxState::Pending;
  Error refusal;  // the server's reason when state is Refused
  int attempts = 0;
  // Filed under another server or token than `current` (ClientStore::identity): sent only
  // under that one, never as somebody else's report.
  bool filed_under_other_identity(const std::string& current) const { return !identity.empty() && identity != current; }
};

// A user's move on a ticket (answer, comment, confirm, rate, reopen) kept like a report:
// saved before anything is sent, sent with its own idempotency key until the server has it.
struct QueuedAction {
  std::int64_t seq = 0;  // order of submission, shared with nothing else
  std::string local_id;  // "A-3F9A2C71": shown while it waits
  std::string tk;
  EventRequest event;
  std::string idempotency_key;
  std::int64_t created_at = 0;
  std::string identity;
  OutboxState state = OutboxState::Pending;
  Error refusal;
  int attempts = 0;
  bool filed_under_other_identity(const std::string& current) const { return !identity.empty() && identity != current; }
};

// A published article of the knowledge base, as the client keeps it for offline search.
struct KbArticleCopy {
  std::int64_t id = 0;
  std::string title, symptoms, steps, category, keywords;
  std::int64_t updated_at = 0;
};

// A page of GET /kb?since= (the delta of the knowledge base).
struct KbPage {
  std::vector<KbArticleCopy> articles;
  std::vector<std::int64_t> removed;
  std::string cursor;
  bool more = false;
};

// An answer to "¿Esto resolvió su problema?" waiting to be sent.
struct KbFeedback {
  std::int64_t seq = 0;
  std::int64_t article_id = 0;
  bool helpful = false;
  std::string idempotency_key;
  std::string identity;
};

// What a search of the cached knowledge base shows: best first.
struct KbSuggestion {
  std::int64_t id = 0;
  std::string title, summary, category;
};

// One line of "my tickets", read without parsing the whole ticket.
struct TicketSummary {
  std::string tk;
  TicketType type = TicketType::Incident;
  std::string summary;
  Status status = Status::Registered;
  Level level = Level::None;  // as users see it
  Resolution resolution = Resolution::None;
  int priority = 4;
  std::int64_t updated_at = 0;
  std::int64_t sla_due_at = 0;
  std::int64_t confirmed_at = 0;
};

struct CachedTicket {
  Ticket ticket;
  std::int64_t confirmed_at = 0;  // when the server last confirmed this state
};

// A ticket whose stored state changed in a pull: `previous` is empty for one not seen before.
struct TicketChange {
  Ticket ticket;
  std::optional<Status> previous_status;
  std::optional<Level> previous_level;
};

struct OpenReport {
  bool recovered = false;         // the file was unreadable and has been set aside
  std::string set_aside_as;       // where the unreadable file now is
  int outbox_rows_recovered = 0;  // unsent reports carried over from it
};

// The SQLite connection stays in client_store.cpp: windows that include this header do not
// compile SQLiteCpp's.
class Connection;

class ClientStore {
 public:
  ~ClientStore();
  ClientStore(const ClientStore&) = delete;
  ClientStore& operator=(const ClientStore&) = delete;

  // Opens or creates the cache at `path`. A corrupt or unreadable file is renamed
  // ("<path>.corrupt-<time>"), a new one is created, and the outbox rows that can still be
  // read are copied into it; `report` says what happened.
  static std::unique_ptr<ClientStore> open(const std::string& path, OpenReport* report = nullptr);

  // Forgets the cached tickets and cursor when the cache was filled for another server or
  // token (`fingerprint` names them). The outbox stays, but each report keeps the identity
  // it was filed with and is sent only under it: never as somebody else's report.
  void bind_identity(const std::string& fingerprint);
  // A walk-up kiosk keeps no ticket once it is sent: only which TK a local reference
  // became, so that a receipt on screen can still show it.
  void set_keep_sent_tickets(bool keep) { keep_sent_tickets_ = keep; }
  std::string identity();

  // --- outbox
  // One durable transaction (fsync'd): the report is safe once this returns.
  OutboxEntry add_to_outbox(const NewTicket&, std::int64_t now);
  std::vector<OutboxEntry> outbox();
  std::optional<OutboxEntry> outbox_entry(const std::string& local_id);
  void mark_attempt(const std::string& local_id);
  void mark_refused(const std::string& local_id, const Error& why);
  // The user corrected a refused report: it goes back to the queue with the same key.
  bool replace_report(const std::string& local_id, const NewTicket&);
  bool discard(const std::string& local_id);
  // In one transaction: keeps the server's ticket, removes the outbox row, remembers
  // which TK the local id became.
  void record_sent(const std::string& local_id, const Ticket&, std::int64_t confirmed_at);
  struct Sent {
    std::string local_id;
    Ticket ticket;
  };
  // The same for several reports in one transaction (a flush of a long outbox).
  void record_sent(const std::vector<Sent>&, std::int64_t confirmed_at);
  std::optional<std::string> tk_for_local_id(const std::string& local_id);

  // --- the user's actions on their tickets, queued like reports (docs/design.md section 9)
  // One durable transaction (fsync'd), like add_to_outbox().
  QueuedAction add_action(const std::string& tk, const EventRequest&, std::int64_t now);
  std::vector<QueuedAction> actions();  // in order of submission
  std::optional<QueuedAction> action(const std::string& local_id);
  void mark_action_attempt(const std::string& local_id);
  void mark_action_refused(const std::string& local_id, const Error& why);
  // In one transaction: keeps the ticket the server returned and removes the action.
  void record_action_sent(const std::string& local_id, const Ticket&, std::int64_t confirmed_at);
  // Drops a refused action (the user read why).
  bool discard_action(const std::string& local_id);

  // --- tickets
  // Stores a pulled page and the cursor after it in one transaction; returns what changed.
  // `last_page`: the server has nothing newer, so every cached ticket is confirmed as of now.
  std::vector<TicketChange> store_pulled(const std::vector<Ticket>&, const std::string& cursor,
                                         std::int64_t confirmed_at, bool last_page = true);
  // Keeps one ticket as the server just returned it (after the user acted on it).
  void store_ticket(const Ticket&, std::int64_t confirmed_at);
  std::optional<CachedTicket> ticket(const std::string& tk);
  std::vector<TicketSummary> tickets();  // most recently changed first
  std::string cursor();
  std::int64_t last_confirmed_at();  // the last successful pull; 0 if never

  // --- the knowledge base's published articles (issue 16), searched offline with the
  // server's Spanish tokenizer
  // Keeps a delta page and the cursor after it in one transaction.
  void store_articles(const std::vector<KbArticleCopy>&, const std::vector<std::int64_t>& removed,
                      const std::string& cursor);
  std::string kb_cursor();
  std::vector<KbSuggestion> suggest(const std::string& text, int limit);
  std::optional<KbArticleCopy> kb_article(std::int64_t id);
  int kb_size();
  // "Esto resolvió mi problema" (or not): kept until the server has it, sent once.
  void add_kb_feedback(std::int64_t article_id, bool helpful, std::int64_t now);
  std::vector<KbFeedback> kb_feedback();
  void remove_kb_feedback(std::int64_t seq);

  // --- catalog
  void store_catalog(const Catalog&, std::int64_t fetched_at);
  std::optional<Catalog> catalog();

  int schema_version();

 private:
  explicit ClientStore(const std::string& path);
  void migrate();
  std::string meta(const std::string& key);
  void set_meta(const std::string& key, const std::string& value);
  void upsert_ticket(const Ticket&, std::int64_t confirmed_at);
  // One transaction written through to the disk (synchronous = FULL), under mutex_.
  void durably(const std::function<void(SQLite::Database&)>& write);

  std::mutex mutex_;  // the engine's thread and the UI's share one connection
  std::string identity_;
  bool keep_sent_tickets_ = true;
  std::unique_ptr<Connection> conn_;
};

}  // namespace tk
