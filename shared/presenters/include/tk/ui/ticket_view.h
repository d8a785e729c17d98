// What the "my tickets" screens show of a ticket, worked out without a display: the list's
// rows, the timeline of levels, the service-level clock and what the user may do now.
#pragma once

#include <optional>
#include <vector>

#include "tk/client_store.h"
#include "tk/ui/text.h"

namespace tk::ui {

struct TicketRow {
  std::string id;  // the TK, or the local reference of a report not yet sent
  std::string summary;
  std::string status;
  std::string due;
  std::string updated;
  bool breached = false;
  bool queued = false;          // still in the outbox
  bool refused = false;         // refused by the server, waiting for the user to correct it
  bool other_identity = false;  // saved under another server or token: sent only under them
};

// Queued and refused reports first (newest first), then the cached tickets, newest change first.
// `identity` is the cache's current one (ClientStore::identity): a report saved under
// another is shown as such, not as about to be sent. A ticket with one of the user's
// actions still waiting (`actions`) says so beside its status, and is marked queued (or
// refused, when the server refused the action).
std::vector<TicketRow> ticket_rows(const std::vector<OutboxEntry>&, const std::vector<TicketSummary>&, std::int64_t now,
                                   Language, const Translate&, const std::string& identity,
                                   const std::vector<QueuedAction>& actions = {});

// "Your confirmation is saved; it will be sent when the connection is back", or the
// server's refusal of it.
std::string waiting_action_text(const QueuedAction&, Language, const Translate&);

struct TimelineStep {
  std::string label;
  bool reached = false;
  bool current = false;
  std::int64_t at = 0;  // when it was reached; 0 if not
};

// Registered, first level (SOC for security incidents), on site, specialist, vendor,
// resolved, closed; reached steps carry their time. A reopened ticket forgets the
// resolution it had.
std::vector<TimelineStep> timeline(const Ticket&, const Translate&);

std::string action_text(Action, const Translate&);

// The line under a list or a detail: "Updated: 22/11/2026 14:05", or that it never was.
std::string updated_text(std::int64_t confirmed_at, const Translate&);

}  // namespace tk::ui
