// The server's SQLite store: tokens, tickets with their history and attachments, and the
// idempotency keys. One writer thread owns the only writing connection and commits queued
// writes in groups (one fsync for many creates); reads use a pool of read-only connections
// (WAL lets them run beside the writer). Rules live in TicketService; the store only
// makes each write atomic and durable before it reports success.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/Savepoint.h>

#include "tk/sqlite_connection.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tk/domain.h"
#include "tk/error.h"

namespace tk::server {

// "There is no ticket TK-...": the one answer for a TK nobody may see, whether it does not
// exist or is malformed.
Error unknown_ticket(const std::string& tk);
// The Idempotency-Key of an earlier report, sent with a different one.
Error idempotency_key_reused();

using tk::Connection;
using tk::Query;

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

struct StoredToken {
  Identity identity;
  std::int64_t expires_at = 0;  // 0: never
  std::int64_t revoked_at = 0;  // 0: not revoked
};

// An enrolment code as `tk-server enrol list` shows it (never the code).
struct EnrolmentInfo {
  std::int64_t id = 0;
  std::string employee, name;
  std::int64_t created_at = 0, expires_at = 0, used_at = 0, token_id = 0;
};

// A token as `tk-server token list` shows it: everything but the token, which is not kept.
struct TokenInfo {
  std::int64_t id = 0;
  Role role = Role::Employee;
  std::string name, login, employee, group;
  std::int64_t created_at = 0, last_used_at = 0, expires_at = 0, revoked_at = 0;
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

struct QualityPeriod;
struct QualityFigures;
struct KbArticle;
struct KbHit;
struct KbDelta;
struct KbLink;

class TicketStore {
 public:
  // Opens (creating when missing) and migrates the database at `path`.
  explicit TicketStore(const std::string& path);
  ~TicketStore();
  TicketStore(const TicketStore&) = delete;
  TicketStore& operator=(const TicketStore&) = delete;

  int schema_version() const;

  // Tokens are kept only as SHA-256 hashes of the token text. `expires_at` 0: never.
  std::int64_t add_token(const std::string& token_hash, const Identity& identity, std::int64_t expires_at = 0);
  std::optional<StoredToken> find_token(const std::string& token_hash);
  // An employee's token for one device, revoking the earlier ones of that employee and
  // device in the same transaction; the new token's id.
  std::int64_t replace_device_token(const std::string& token_hash, const Identity& identity, const std::string& device,
                                    std::int64_t now);
  // One-time enrolment codes, kept as SHA-256 hashes like tokens.
  std::int64_t add_enrolment(const std::string& code_hash, const std::string& employee, const std::string& name,
                             std::int64_t created_at, std::int64_t expires_at);
  // Takes an unused, unexpired code and makes its employee's token (hash given) in one
  // transaction, revoking the same device's earlier tokens; nullopt when there is no such
  // code (or it was used, or expired).
  std::optional<Identity> redeem_enrolment(const std::string& code_hash, const std::string& token_hash,
                                           const std::string& device, std::int64_t now);
  std::vector<EnrolmentInfo> list_enrolments();
  // Whether such a code is there, unused and unexpired: read first, so that guesses made
  // without a token never queue work for the one writer.
  bool enrolment_open(const std::string& code_hash, std::int64_t now);
  std::vector<TokenInfo> list_tokens();
  // Marks the token revoked at `at`; false when there is no such token.
  bool revoke_token(std::int64_t token_id, std::int64_t at);
  // Records when a token was last used; queued behind other writes, not waited for.
  void record_token_use(std::int64_t token_id, std::int64_t at);
  // The newest agent or admin token with this login: who a ticket may be assigned to.
  std::optional<Identity> find_agent(const std::string& login);

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
  // The raw figures of the quality report (quality_store.cpp): two groups of queries, each
  // on its own read snapshot, run at once (a write between them may show in one only).
  QualityFigures quality_figures(const QualityPeriod&);

  // --- the knowledge base (kb_store.cpp)
  // Inserts (id 0) or replaces an article; its id, or unknown_article.
  Result<std::int64_t> save_article(const KbArticle&);
  std::optional<KbArticle> article(std::int64_t id);
  // `match`: spanish_match_query()'s expression; best first.
  std::vector<KbHit> search_articles(const std::string& match, bool published_only, int limit);
  // The most recently changed articles, newest first (GET /kb without a text).
  std::vector<KbHit> latest_articles(bool published_only, int limit);
  KbDelta articles_since(std::int64_t cursor, int limit);
  // The tickets linked to an article (link_article), most recent first.
  std::vector<KbLink> article_links(std::int64_t article_id, int limit);
  // True when counted. With the same (token, key) a second time it changes nothing, nor
  // past `per_day` answers of one token on one article in 24 hours.
  Result<bool> record_feedback(std::int64_t article_id, std::int64_t token_id, const std::string& key, bool helpful,
                               std::int64_t at, int per_day);

  // Finishes queued writes and stops taking new ones (they fail with Unavailable).
  void stop();

 private:
  struct Job {
    std::function<void(Connection&)> run;                  // inside the group transaction
    std::function<void(std::exception_ptr)> after_commit;  // told the outcome once durable
  };
  class ReadLease;

  template <typename T>
  T write(std::function<T(Connection&)> work);
  // A write nobody waits for; a failure is logged.
  void post(std::function<void(Connection&)> work);
  void writer_loop();
  void migrate();
  static void seed_knowledge_base(Connection&);
  std::unique_ptr<Connection> open_reader();
  ReadLease lease();
  // Runs `work` on a read-only connection inside one read transaction (one snapshot).
  void read_snapshot(const std::function<void(Connection&)>& work);
  void release(std::unique_ptr<Connection>);

  Ticket insert_ticket(Connection&, Ticket draft, const std::vector<NewAttachment>&);
  std::optional<Ticket> load(Connection&, const std::string& tk);
  std::int64_t next_change_seq();
  std::int64_t next_tk_number(Connection&, int year);

  std::string path_;
  std::unique_ptr<Connection> writer_db_;
  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::thread writer_thread_;
  std::int64_t last_change_seq_ = 0;            // writer thread only
  std::map<int, std::int64_t> last_tk_number_;  // writer thread only

  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
};

}  // namespace tk::server
