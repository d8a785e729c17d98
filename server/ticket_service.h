// The service desk's rules, free of HTTP: who may do what to which ticket, how a new
// ticket is classified and timed, and how the workflow moves it. TicketApi translates
// HTTP to these calls; tests call them directly.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <utility>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "access/directory.h"
#include "knowledge/knowledge_base.h"
#include "quality/quality_report.h"
#include "storage/storage.h"
#include "tk/catalog.h"
#include "tk/service_level.h"
#include "tk/validation.h"
#include "tk/workflow.h"

namespace tk::server {

struct ServiceOptions {
  Catalog catalog = default_catalog();
  ServiceLevelPolicy service_levels;
  int lookup_failures_allowed = 10;
  std::int64_t lookup_window_seconds = 60;
  // Wrong directory passwords for one account within 15 minutes before it is refused for
  // 15 minutes: keep it below the directory's own lockout threshold, or strangers could
  // lock employees' accounts through the server.
  int account_failures_allowed = 5;
  std::int64_t auto_close_after_seconds = 5 * 24 * 3600;
  // How long after closing the user may still rate a ticket (docs/design.md section 9).
  std::int64_t rating_window_seconds = kRatingWindowSeconds;
  // What the quality report measures the desk against (docs/design.md section 9).
  std::vector<Objective> objectives = default_objectives();
};

// The list's filters as the request gave them; TicketService checks their values.
struct ListRequest {
  bool mine = false;
  std::string since;  // the cursor of a previous answer; empty: from the start
  std::string status;
  bool open_only = false;
  bool breached_only = false;
  int limit = 200;
  std::string type;
  std::string level;
  std::string group;     // a group id; "mine": the caller's group; "none": of no group
  std::string assignee;  // a login; "me": the caller; "none": unassigned
  std::string queue;     // "me": assigned to the caller or in the caller's group
  std::string text;      // the q parameter
};

// The delta-sync page a client asks for: its own tickets (`mine`) or all, after `since`.
inline ListRequest list_request(bool mine, std::string since, int limit) {
  ListRequest request;
  request.mine = mine;
  request.since = std::move(since);
  request.limit = limit;
  return request;
}

// The query parameters GET /tickets takes; any other is refused (unknown_parameter).
const std::vector<std::string>& list_parameters();

struct ListAnswer {
  std::vector<Ticket> tickets;
  std::string cursor;
  bool more = false;
};

// Counts failed guesses of one kind by one party (a kiosk's look-ups by its token, sign-ins
// by account name or by address): after `allowed` failures within `window` seconds the
// party is refused until `window` seconds after the last counted failure.
class FailureLimiter {
 public:
  FailureLimiter(int allowed, std::int64_t window) : allowed_(allowed), window_(window) {}
  // Reserves a try: false when the party is blocked, or when its failures so far plus the
  // tries still in progress already reach the limit (parallel guesses count too).
  bool begin(const std::string& party, std::int64_t now);
  void end(const std::string& party, std::int64_t now, bool failed);

  // One try, ended on every path: a try that throws on its way gives its place back
  // uncounted (a place held for ever would block the party for good).
  class Attempt {
   public:
    Attempt(FailureLimiter& limiter, std::string party, std::int64_t now)
        : limiter_(limiter), party_(std::move(party)), started_(now), admitted_(limiter.begin(party_, now)) {}
    Attempt(const Attempt&) = delete;
    Attempt& operator=(const Attempt&) = delete;
    ~Attempt() {
      if (admitted_ && !ended_) limiter_.end(party_, started_, false);
    }
    bool admitted() const { return admitted_; }
    void end(std::int64_t now, bool failed) {
      if (!admitted_ || ended_) return;
      ended_ = true;
      limiter_.end(party_, now, failed);
    }

   private:
    FailureLimiter& limiter_;
    std::string party_;
    std::int64_t started_;
    bool admitted_;
    bool ended_ = false;
  };

 private:
  struct Track {
    std::deque<std::int64_t> failures;
    std::int64_t blocked_until = 0;
    int in_progress = 0;
  };
  int allowed_;
  std::int64_t window_;
  std::mutex mutex_;
  std::map<std::string, Track> tracks_;
  std::size_t sweep_at_ = 4096;  // the map's size at which quiet parties are next forgotten
};

// The few directory sign-ins that may run at once (each holds a network thread for up to
// the directory's timeout), shared fairly: one address holds one at most.
class DirectorySlots {
 public:
  class Slot {
   public:
    Slot(DirectorySlots* owner, std::string address) : owner_(owner), address_(std::move(address)) {}
    Slot(Slot&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)), address_(std::move(other.address_)) {}
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (owner_) owner_->give_back(address_);
    }

   private:
    DirectorySlots* owner_;
    std::string address_;
  };
  // A slot given back when it goes (every path, exceptions included); none when all are
  // taken or the address holds its share.
  std::optional<Slot> take(const std::string& address);

 private:
  void give_back(const std::string& address);
  static constexpr int kAtOnce = 2;
  static constexpr int kPerAddress = 1;
  std::mutex mutex_;
  int in_use_ = 0;
  std::map<std::string, int> by_address_;
};

class TicketService {
 public:
  using Clock = std::function<std::int64_t()>;
  TicketService(Storage& store, ServiceOptions options, Clock clock);

  // Creates a token for `identity` and returns its text; only the hash is stored.
  // `expires_at` 0: it does not expire.
  std::string create_token(Identity identity, std::int64_t expires_at = 0);
  // 401 for a missing, unknown, revoked (token_revoked) or expired (token_expired) token.
  Result<Identity> authenticate(const std::string& token);
  std::vector<TokenInfo> tokens();
  bool revoke_token(std::int64_t token_id);

  // A one-time enrolment code for an employee, valid `hours` hours: its text, shown once
  // (XXXX-XXXX-XXXX from 31 unambiguous letters and digits: about 59 random bits).
  std::string create_enrolment(const std::string& employee, const std::string& name, int hours);
  std::vector<EnrolmentInfo> enrolments() { return store_.access().list_enrolments(); }
  // POST /enrol: the code traded once for an employee token (its text, and who it is for).
  struct Enrolled {
    std::string token;
    Identity identity;
  };
  // `address`: who asks (ApiRequest::peer), for the limit on guesses.
  Result<Enrolled> enrol(const std::string& code, const std::string& device, const std::string& address = {});
  // The same with a directory account instead of a code (POST /enrol {"user", "password"}).
  Result<Enrolled> enrol_with_directory(const std::string& user, const std::string& password, const std::string& device,
                                        const std::string& address = {});
  // Where directory sign-ins are checked; none: only codes enrol.
  void set_directory(Directory* directory) { directory_ = directory; }
  bool has_directory() const { return directory_ != nullptr; }

  const Catalog& catalog() const { return options_.catalog; }
  std::int64_t now() const { return clock_(); }

  Result<CreatedTicket> create(const Identity&, NewTicket, const std::string& idempotency_key);
  // `employee` is the kiosk's ?employee= parameter; ignored for other roles.
  Result<Ticket> get(const Identity&, const std::string& tk, const std::string& employee);
  // The access checks of get() (ownership, the kiosk's employee pair and its rate limit)
  // on the ticket's head row alone, so that a cached rendering can be served after it.
  Result<TicketHead> check_read(const Identity&, const std::string& tk, const std::string& employee);
  // The whole ticket without any check: only after check_read() said yes.
  std::optional<Ticket> ticket_after_check(const std::string& tk) { return store_.tickets().find(tk); }
  Result<ListAnswer> list(const Identity&, const ListRequest&);
  // With an Idempotency-Key, the same event sent again by the same token happens once.
  // A kiosk may confirm, reopen or rate for the employee whose number (`employee`, the
  // ?employee= of its look-up) is the ticket's reporter, under the look-up's limits.
  Result<Ticket> apply(const Identity&, const std::string& tk, const EventRequest&,
                       const std::string& idempotency_key = {}, const std::string& employee = {});
  // The agent a ticket may be assigned to, by login.
  std::optional<Identity> agent(const std::string& login) { return store_.access().find_agent(login); }
  Result<StoredAttachment> attachment(const Identity&, const std::string& tk, std::int64_t id,
                                      const std::string& employee);
  // The quality report of the local days from..to (YYYY-MM-DD; empty: this month so far),
  // for agents and administrators.
  Result<Json> quality_report(const Identity&, const std::string& from, const std::string& to);
  // --- the knowledge base (issue 16). Employees and kiosks see published articles only;
  // the desk sees drafts too and writes them.
  // Best first; without a text, the most recently changed.
  Result<std::vector<KbHit>> kb_search(const Identity&, const std::string& text, int limit);
  Result<KbArticle> kb_article(const Identity&, std::int64_t id);
  // `id` 0 makes a new article; otherwise replaces that one's text and status.
  Result<KbArticle> kb_save(const Identity&, std::int64_t id, KbArticle);
  // Whether kb_save() could ever take this caller's article: asked before its body is read.
  Outcome may_write_articles(const Identity&) const;
  Result<KbDelta> kb_delta(const Identity&, std::int64_t cursor, int limit);
  // "This solved my problem" (or did not), once per Idempotency-Key.
  Result<bool> kb_feedback(const Identity&, std::int64_t id, bool helpful, const std::string& idempotency_key);

  // Closes tickets resolved longer ago than the configured time; returns how many.
  int auto_close();

 private:
  Storage& store_;
  ServiceOptions options_;
  Clock clock_;
  FailureLimiter limiter_;
  // Enrolment guesses: per account name (a password tried against one person) and per
  // address (codes or names sprayed from one computer).
  FailureLimiter account_failures_;
  FailureLimiter address_failures_{20, 15 * 60};
  // Sign-ins of any outcome, per account and per address: an employee's own right password
  // in a loop must not mint tokens or hold the directory for everyone (issue 25). A
  // computer signs in once; an office's morning of new computers behind one address fits.
  FailureLimiter sign_ins_by_account_{10, 15 * 60};
  FailureLimiter sign_ins_by_address_{60, 15 * 60};
  Directory* directory_ = nullptr;
  DirectorySlots directory_slots_;
  // Drops the cached identities of an employee's tokens, after some were replaced.
  void forget_tokens_of(const std::string& employee);
  // Tokens recently seen, by hash. An entry is trusted for kTokenRecheck only, then read
  // again, so that a revocation in the database reaches a running server within a second.
  struct KnownToken {
    Identity identity;
    std::int64_t expires_at = 0;
    std::chrono::steady_clock::time_point checked;
    std::int64_t use_recorded_at = 0;
  };
  static constexpr std::chrono::milliseconds kTokenRecheck{500};
  std::shared_mutex tokens_mutex_;
  std::unordered_map<std::string, KnownToken> known_tokens_;
};

constexpr std::size_t kMaxHistoryEvents = 500;

}  // namespace tk::server
