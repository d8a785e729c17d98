// Service levels measured per stage (docs/design.md sections 3 and 9). A ticket's life is a row
// of stages, one per level (and again after a reopening); each gets its own target when it
// starts: a security incident's SOC stage 2 h and on-site stage 4 h, around the clock (the
// procedures manual's procedure 2); everything else a target by priority counted in the
// desk's working hours. Waiting on the user stops the clock. A breach is written into the
// stage that missed, so a missed SOC deadline stays on record after an escalation.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "tk/domain.h"
#include "tk/work_calendar.h"

namespace tk {

struct ServiceLevelPolicy {
  std::int64_t security_soc_seconds = 2 * 3600;
  std::int64_t security_onsite_seconds = 4 * 3600;
  // Index 0 is priority 1. Working time each stage of an incident or request may take.
  std::array<std::int64_t, 4> priority_seconds{4 * 3600, 8 * 3600, 24 * 3600, 72 * 3600};
  // The desk's working hours; security incidents ignore it.
  WorkCalendar calendar;

  std::int64_t for_priority(int priority) const;
  // The working time a stage at `level` of this ticket may take.
  std::int64_t target(TicketType, Level, int priority) const;
  // The clock a ticket's stages run on: around the clock for security incidents.
  const WorkCalendar& clock_for(TicketType) const;
};

// The level a new ticket's first stage belongs to: the SOC for security incidents.
Level intake_level(TicketType);

// Starts a stage of `ticket` at `level` and `group` at `now`, with its target as the ticket
// is now (type, priority), and makes it the current one.
void start_stage(Ticket& ticket, Level level, const std::string& group, std::int64_t now, const ServiceLevelPolicy&);
// Ends the current stage at `now` (a pause still open ends with it); breached if it is late.
void end_stage(Ticket& ticket, std::int64_t now, const ServiceLevelPolicy&);
// Waiting on the user: the current stage's clock stops. A stage already late stays breached.
void pause_stage(Ticket& ticket, std::int64_t now);
// The user answered: the working time the pause covered moves the due time.
void resume_stage(Ticket& ticket, std::int64_t now, const ServiceLevelPolicy&);
// Recomputes the current stage's due time from its start, its paused time and the
// ticket's type and priority as they are now (after a classification). A stage already
// late at `now` is recorded as breached first: a new target does not undo a miss.
void retarget_stage(Ticket& ticket, std::int64_t now, const ServiceLevelPolicy&);
// The working time, on `clock`, the current stage spent waiting on the user, read from the
// history's answered questions (for a stage whose clock changed with its type).
std::int64_t paused_working_time(const Ticket&, const WorkCalendar& clock);

// Whether the current stage is late: recorded as breached, or running (not paused) past
// its due time. A ticket without stages (one cached by an older client) is judged by its
// due time and resolution time.
bool is_breached(const Ticket&, std::int64_t now);
// The same from the columns the server keeps on the ticket's row.
bool is_breached(Status, std::int64_t sla_due_at, std::int64_t resolved_at, bool stage_breached, std::int64_t now);
// Whether one stage is late at `now`.
bool is_breached(const Stage&, std::int64_t now);

// The desk's order of work, the same in every client: late first, then the earliest due;
// stable, so that the server's order breaks ties.
void sort_for_desk(std::vector<Ticket>&, std::int64_t now);

}  // namespace tk
