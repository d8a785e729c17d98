#include "tk/service_level.h"

#include <algorithm>

namespace tk {

std::int64_t ServiceLevelPolicy::for_priority(int priority) const {
  return priority_seconds[static_cast<std::size_t>(std::clamp(priority, 1, 4) - 1)];
}

std::int64_t ServiceLevelPolicy::target(TicketType type, Level level, int priority) const {
  if (type != TicketType::SecurityIncident) return for_priority(priority);
  switch (level) {
    case Level::Second: return security_onsite_seconds;
    case Level::Third: return for_priority(priority);
    default: return security_soc_seconds;
  }
}

const WorkCalendar& ServiceLevelPolicy::clock_for(TicketType type) const {
  static const WorkCalendar around_the_clock = WorkCalendar::always_open();
  return type == TicketType::SecurityIncident ? around_the_clock : calendar;
}

Level intake_level(TicketType type) { return type == TicketType::SecurityIncident ? Level::Soc : Level::First; }

namespace {

void sync_ticket_clock(Ticket& t) {
  if (t.stages.empty()) return;
  t.sla_due_at = t.stages.back().due_at;
  t.stage_started_at = t.stages.back().started_at;
}

// The working time the stage may take, plus the working time it spent waiting on the
// user, counted from its start: one formula for waits and reclassifications alike.
void recompute_due(Ticket& t, const ServiceLevelPolicy& policy) {
  Stage& stage = t.stages.back();
  stage.due_at = policy.clock_for(t.type).add(stage.started_at,
                                              policy.target(t.type, stage.level, t.priority) + stage.paused_seconds);
  sync_ticket_clock(t);
}

}  // namespace

void start_stage(Ticket& t, Level level, const std::string& group, std::int64_t now, const ServiceLevelPolicy& policy) {
  Stage stage;
  stage.level = level;
  stage.group = group;
  stage.started_at = now;
  stage.due_at = policy.clock_for(t.type).add(now, policy.target(t.type, level, t.priority));
  t.stages.push_back(std::move(stage));
  sync_ticket_clock(t);
}

void end_stage(Ticket& t, std::int64_t now, const ServiceLevelPolicy& policy) {
  if (t.stages.empty() || !t.stages.back().running()) return;
  resume_stage(t, now, policy);
  Stage& stage = t.stages.back();
  stage.ended_at = now;
  if (now > stage.due_at) stage.breached = true;
  sync_ticket_clock(t);
}

void pause_stage(Ticket& t, std::int64_t now) {
  if (t.stages.empty()) return;
  Stage& stage = t.stages.back();
  if (!stage.running() || stage.paused_since != 0) return;
  if (now > stage.due_at) stage.breached = true;
  stage.paused_since = now;
}

void resume_stage(Ticket& t, std::int64_t now, const ServiceLevelPolicy& policy) {
  if (t.stages.empty()) return;
  Stage& stage = t.stages.back();
  if (stage.paused_since == 0) return;
  stage.paused_seconds += policy.clock_for(t.type).between(stage.paused_since, now);
  stage.paused_since = 0;
  // Not retarget_stage(): until the due time moves by the wait, it looks passed.
  recompute_due(t, policy);
}

void retarget_stage(Ticket& t, std::int64_t now, const ServiceLevelPolicy& policy) {
  if (t.stages.empty() || !t.stages.back().running()) return;
  if (is_breached(t.stages.back(), now)) t.stages.back().breached = true;
  recompute_due(t, policy);
}

std::int64_t paused_working_time(const Ticket& t, const WorkCalendar& clock) {
  if (t.stages.empty()) return 0;
  const Stage& stage = t.stages.back();
  std::int64_t total = 0, asked_at = 0;
  for (const auto& e : t.history) {
    if (e.at < stage.started_at) continue;
    if (e.action == Action::AskUser && e.to_status == Status::PendingUser) asked_at = e.at;
    if (e.action == Action::Answer && asked_at) {
      total += clock.between(asked_at, e.at);
      asked_at = 0;
    }
  }
  // A question still open is not counted here: resume_stage() adds it when it is answered.
  return total;
}

bool is_breached(const Stage& stage, std::int64_t now) {
  if (stage.breached) return true;
  return stage.running() && stage.paused_since == 0 && stage.due_at != 0 && now > stage.due_at;
}

bool is_breached(Status status, std::int64_t sla_due_at, std::int64_t resolved_at, bool stage_breached,
                 std::int64_t now) {
  if (stage_breached) return true;
  if (sla_due_at == 0) return false;
  if (status == Status::PendingUser) return false;  // the clock is stopped
  bool finished = status == Status::Resolved || status == Status::Closed;
  if (finished) return resolved_at > sla_due_at;
  return now > sla_due_at;
}

bool is_breached(const Ticket& t, std::int64_t now) {
  if (!t.stages.empty()) return is_breached(t.stages.back(), now);
  return is_breached(t.status, t.sla_due_at, t.resolved_at, false, now);
}

void sort_for_desk(std::vector<Ticket>& tickets, std::int64_t now) {
  std::stable_sort(tickets.begin(), tickets.end(), [now](const Ticket& a, const Ticket& b) {
    bool late_a = is_breached(a, now), late_b = is_breached(b, now);
    return late_a != late_b ? late_a : a.sla_due_at < b.sla_due_at;
  });
}

}  // namespace tk
