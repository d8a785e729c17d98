#include "tk/ui/ticket_view.h"

#include <algorithm>

#include "tk/service_level.h"

namespace tk::ui {

std::vector<TicketRow> ticket_rows(const std::vector<OutboxEntry>& outbox, const std::vector<TicketSummary>& tickets,
                                   std::int64_t now, Language language, const Translate& tr,
                                   const std::string& identity, const std::vector<QueuedAction>& actions) {
  std::vector<TicketRow> rows;
  for (auto it = outbox.rbegin(); it != outbox.rend(); ++it) {
    TicketRow row;
    row.id = it->local_id;
    row.summary = it->report.summary;
    row.other_identity = it->filed_under_other_identity(identity);
    row.queued = !row.other_identity && it->state == OutboxState::Pending;
    row.refused = !row.other_identity && it->state != OutboxState::Pending;
    row.status = row.other_identity ? tr(N_("Saved with another server or token: sent only under those"))
                 : row.queued       ? tr(N_("Saved; it will be sent when the connection is back"))
                                    : tr(N_("Refused by the server: correct it"));
    row.updated = local_time(it->created_at);
    rows.push_back(std::move(row));
  }
  for (const auto& t : tickets) {
    TicketRow row;
    row.id = t.tk;
    row.summary = t.summary;
    row.status = status_text(t.status, t.level, t.resolution, language);
    bool open = t.status != Status::Resolved && t.status != Status::Closed;
    // The core's rule from what the list keeps: a ticket waiting on its user is not late.
    row.breached = open && is_breached(t.status, t.sla_due_at, 0, false, now);
    row.due = open ? local_time(t.sla_due_at) : std::string("—");
    row.updated = local_time(t.updated_at);
    // The last of the user's actions on it that is still this computer's to send says
    // what the server does not know yet.
    for (auto a = actions.rbegin(); a != actions.rend(); ++a) {
      if (a->tk != t.tk || a->filed_under_other_identity(identity)) continue;
      row.queued = a->state == OutboxState::Pending;
      row.refused = !row.queued;
      row.status += " · " + waiting_action_text(*a, language, tr);
      break;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string waiting_action_text(const QueuedAction& a, Language language, const Translate& tr) {
  if (a.state == OutboxState::Refused)
    return format(tr(N_("The server refused it: {}")), {a.refusal.message_in(language)});
  switch (a.event.action) {
    case Action::Answer: return tr(N_("Your answer is saved; it will be sent when the connection is back"));
    case Action::Confirm: return tr(N_("Your confirmation is saved; it will be sent when the connection is back"));
    case Action::Rate: return tr(N_("Your rating is saved; it will be sent when the connection is back"));
    case Action::Reopen: return tr(N_("Your reopening is saved; it will be sent when the connection is back"));
    default: return tr(N_("Your comment is saved; it will be sent when the connection is back"));
  }
}

std::vector<TimelineStep> timeline(const Ticket& t, const Translate& tr) {
  bool security = t.type == TicketType::SecurityIncident;
  enum Step { Registered, First, OnSite, Specialist, Vendor, Resolved, Closed, Count };
  std::vector<TimelineStep> steps(Count);
  steps[Registered].label = tr(N_("Registered"));
  steps[First].label = security ? tr(N_("SOC (remote)")) : tr(N_("First level (remote)"));
  steps[OnSite].label = tr(N_("On site (second level)"));
  steps[Specialist].label = tr(N_("Specialist (third level)"));
  steps[Vendor].label = tr(N_("With the vendor"));
  steps[Resolved].label = tr(N_("Resolved"));
  steps[Closed].label = t.resolution == Resolution::NotResolved ? tr(N_("Closed, not resolved")) : tr(N_("Closed"));

  auto step_for_level = [](Level l) {
    switch (l) {
      case Level::Second: return OnSite;
      case Level::Third: return Specialist;
      case Level::None: return Registered;
      default: return First;
    }
  };
  int current = Registered;
  auto reach = [&](int step, std::int64_t at) {
    steps[static_cast<std::size_t>(step)].reached = true;
    steps[static_cast<std::size_t>(step)].at = at;
    current = step;
  };
  for (const auto& e : t.history) {
    switch (e.action) {
      case Action::Register: reach(Registered, e.at); break;
      case Action::Take:
      case Action::Escalate: reach(step_for_level(e.to_level), e.at); break;
      case Action::Vendor: reach(Vendor, e.at); break;
      case Action::Resolve: reach(Resolved, e.at); break;
      case Action::Confirm:
      case Action::AutoClose:
      case Action::CloseNotResolved: reach(Closed, e.at); break;
      case Action::Reopen: {
        for (int s = Resolved; s < Count; ++s)
          steps[static_cast<std::size_t>(s)] = {steps[static_cast<std::size_t>(s)].label, false, false, 0};
        current = t.vendor_ref.empty() ? step_for_level(e.to_level) : Vendor;
        break;
      }
      default: break;  // comments, questions and answers do not move along the line
    }
  }
  steps[static_cast<std::size_t>(current)].current = true;
  return steps;
}

std::string action_text(Action a, const Translate& tr) {
  switch (a) {
    case Action::Answer: return tr(N_("Answer"));
    case Action::Confirm: return tr(N_("Confirm it is solved"));
    case Action::Reopen: return tr(N_("It is not solved: reopen"));
    case Action::Comment: return tr(N_("Add a comment"));
    case Action::Rate: return tr(N_("Rate the service"));
    default: return std::string(to_string(a));
  }
}

std::string updated_text(std::int64_t confirmed_at, const Translate& tr) {
  if (confirmed_at == 0) return tr(N_("Not yet updated from the server"));
  return format(tr(N_("Updated: {}")), {local_time(confirmed_at)});
}

}  // namespace tk::ui
