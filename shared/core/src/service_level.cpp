#include "tk/service_level.h"

#include <algorithm>

namespace tk {

std::int64_t ServiceLevelPolicy::for_priority(int priority) const {
  return priority_seconds[static_cast<std::size_t>(std::clamp(priority, 1, 4) - 1)];
}

std::int64_t initial_due_at(TicketType type, int priority, std::int64_t created_at, const ServiceLevelPolicy& policy) {
  if (type == TicketType::SecurityIncident) return created_at + policy.security_soc_seconds;
  return created_at + policy.for_priority(priority);
}

std::int64_t due_after_move(const Ticket& before, Status to_status, Level to_level, std::int64_t now,
                            const ServiceLevelPolicy& policy) {
  bool reopened = before.status == Status::Resolved && to_status == Status::InProgress;
  if (reopened) {
    return now + (before.type == TicketType::SecurityIncident && to_level == Level::Second
                      ? policy.security_onsite_seconds
                      : policy.for_priority(before.priority));
  }
  if (before.type != TicketType::SecurityIncident) return before.sla_due_at;
  // Security incidents have a target per stage: the SOC stage runs from registration, the
  // on-site stage gets its own 4 hours, the specialist stage is measured by priority.
  bool new_stage = to_level != before.level && to_status == Status::InProgress;
  if (!new_stage) return before.sla_due_at;
  if (to_level == Level::Second) return now + policy.security_onsite_seconds;
  if (to_level == Level::Third) return now + policy.for_priority(before.priority);
  return before.sla_due_at;
}

bool is_breached(Status status, std::int64_t sla_due_at, std::int64_t resolved_at, std::int64_t now) {
  if (sla_due_at == 0) return false;
  bool finished = status == Status::Resolved || status == Status::Closed;
  if (finished) return resolved_at > sla_due_at;
  return now > sla_due_at;
}

bool is_breached(const Ticket& t, std::int64_t now) { return is_breached(t.status, t.sla_due_at, t.resolved_at, now); }

}  // namespace tk
