// The tray as the desk's companion (docs/design.md section 9): for an agent's token it reads the
// agent's queue (theirs and their group's) every poll and says when a ticket was handed to
// them or to their group, and when a stage is about to breach. Free of wx, so that what it
// announces is tested without a display.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "tk/domain.h"
#include "tray_status.h"

namespace tk::tray {

struct DeskAlert {
  enum class Kind { HandedToMe, HandedToGroup, StageDueSoon };
  Kind kind;
  Ticket ticket;
};

struct DeskWatchOptions {
  std::int64_t warn_before_seconds = 30 * 60;
  std::int64_t warn_before_seconds_soc = 15 * 60;  // the SOC's stage is two hours in all
};

class DeskWatch {
 public:
  // `actor` is how the agent's own moves are signed in the history ("agent:Ana López"):
  // a ticket the agent took themselves is not news to them.
  DeskWatch(Identity agent, DeskWatchOptions options);

  // The queue as the server has it now (open tickets assigned to the agent or in their
  // group). The first call only learns what is there, and warns of stages about to breach.
  std::vector<DeskAlert> update(const std::vector<Ticket>& queue, std::int64_t now);

 private:
  Identity agent_;
  DeskWatchOptions options_;
  bool first_ = true;
  std::map<std::string, std::pair<std::string, std::string>> holders_;  // tk -> (group, assignee)
  // (tk, stage number, due time): a due time moved later (a wait, a new priority) is warned
  // of again when it comes close.
  std::set<std::tuple<std::string, std::size_t, std::int64_t>> warned_;
};

Notification desk_notification(const DeskAlert&, std::int64_t now, const ui::Translate&);

}  // namespace tk::tray
