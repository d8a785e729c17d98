// The tickets' rules, free of HTTP: who may do what to which ticket, how a new ticket is
// classified and timed, and how the workflow moves it. TicketApi translates HTTP to these
// calls; tests call them directly. Tokens and sign-in are AccessService's, the knowledge
// base KnowledgeService's, the quality report QualityService's (server/services.h holds
// them together).
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

#include "access/failure_limiter.h"
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

class TicketService {
 public:
  using Clock = std::function<std::int64_t()>;
  TicketService(Storage& store, ServiceOptions options, Clock clock);

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
  Result<StoredAttachment> attachment(const Identity&, const std::string& tk, std::int64_t id,
                                      const std::string& employee);
  // Closes tickets resolved longer ago than the configured time; returns how many.
  int auto_close();

 private:
  Storage& store_;
  ServiceOptions options_;
  Clock clock_;
  FailureLimiter limiter_;
};

constexpr std::size_t kMaxHistoryEvents = 500;

}  // namespace tk::server
