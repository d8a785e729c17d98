// Service-level targets. Security incidents: SOC stage 2 h, on-site stage 4 h (procedure 2
// of the procedures manual); everything else by priority, from configuration.
#pragma once

#include <array>
#include <cstdint>

#include "tk/domain.h"

namespace tk {

struct ServiceLevelPolicy {
  std::int64_t security_soc_seconds = 2 * 3600;
  std::int64_t security_onsite_seconds = 4 * 3600;
  // Index 0 is priority 1. Resolution targets for incidents and requests.
  std::array<std::int64_t, 4> priority_seconds{4 * 3600, 8 * 3600, 24 * 3600, 72 * 3600};
  std::int64_t for_priority(int priority) const;
};

// Due time of a ticket just registered at `created_at`.
std::int64_t initial_due_at(TicketType, int priority, std::int64_t created_at, const ServiceLevelPolicy&);
// Due time after a move to (to_status, to_level) at `now`; the stage clock restarts only
// when a new stage with its own target begins.
std::int64_t due_after_move(const Ticket& before, Status to_status, Level to_level, std::int64_t now,
                            const ServiceLevelPolicy&);
// Open tickets breach once now passes the due time; finished ones if they finished late.
bool is_breached(const Ticket&, std::int64_t now);
bool is_breached(Status, std::int64_t sla_due_at, std::int64_t resolved_at, std::int64_t now);

}  // namespace tk
