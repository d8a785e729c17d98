// Stage clocks (docs/design.md section 9) around the clock; the working-hours calendar has its
// own tests (work_calendar_test.cpp) and the desk's walk through them is desk_test.cpp.
#include <gtest/gtest.h>

#include "tk/service_level.h"

namespace tk {

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kT0 = 1'800'000'000;

Ticket ticket(TicketType type, int priority) {
  Ticket t;
  t.type = type;
  t.priority = priority;
  return t;
}

TEST(ServiceLevel, SecurityIncidentGetsTheSocTwoHoursAtRegistration) {
  ServiceLevelPolicy policy;
  Ticket t = ticket(TicketType::SecurityIncident, 4);
  start_stage(t, intake_level(t.type), "soc", kT0, policy);
  EXPECT_EQ(t.stages.back().level, Level::Soc);
  EXPECT_EQ(t.sla_due_at, kT0 + 2 * kHour);
}

TEST(ServiceLevel, OtherTicketsTakeTheirPriorityTargetAtEachStage) {
  ServiceLevelPolicy policy;
  policy.priority_seconds = {1 * kHour, 2 * kHour, 3 * kHour, 4 * kHour};
  for (int p = 1; p <= 4; ++p)
    for (auto type : {TicketType::Incident, TicketType::ServiceRequest}) {
      Ticket t = ticket(type, p);
      start_stage(t, Level::First, "mesa", kT0, policy);
      EXPECT_EQ(t.sla_due_at, kT0 + p * kHour);
      end_stage(t, kT0 + kHour / 2, policy);
      start_stage(t, Level::Second, "sitio", kT0 + kHour / 2, policy);
      EXPECT_EQ(t.sla_due_at, kT0 + kHour / 2 + p * kHour) << "the next level has its own target";
    }
}

TEST(ServiceLevel, SecurityOnSiteStageGetsFourHoursFromItsStartAndTheSpecialistsThePriority) {
  ServiceLevelPolicy policy;
  Ticket t = ticket(TicketType::SecurityIncident, 2);
  start_stage(t, Level::Soc, "soc", kT0, policy);
  end_stage(t, kT0 + kHour, policy);
  start_stage(t, Level::Second, "sitio", kT0 + kHour, policy);
  EXPECT_EQ(t.sla_due_at, kT0 + 5 * kHour);
  end_stage(t, kT0 + 3 * kHour, policy);
  start_stage(t, Level::Third, "especialistas", kT0 + 3 * kHour, policy);
  EXPECT_EQ(t.sla_due_at, kT0 + 3 * kHour + policy.for_priority(2));
  ASSERT_EQ(t.stages.size(), 3u);
  EXPECT_FALSE(t.stages[0].breached);
  EXPECT_FALSE(t.stages[1].breached);
}

TEST(ServiceLevel, ALateStageIsBreachedForGood) {
  ServiceLevelPolicy policy;
  Ticket t = ticket(TicketType::SecurityIncident, 2);
  start_stage(t, Level::Soc, "soc", kT0, policy);
  EXPECT_FALSE(is_breached(t, kT0 + 2 * kHour));
  EXPECT_TRUE(is_breached(t, kT0 + 2 * kHour + 1));
  end_stage(t, kT0 + 3 * kHour, policy);
  EXPECT_TRUE(t.stages[0].breached);
  start_stage(t, Level::Second, "sitio", kT0 + 3 * kHour, policy);
  EXPECT_FALSE(is_breached(t, kT0 + 3 * kHour + 1)) << "the current stage is on time";
  EXPECT_TRUE(t.stages[0].breached) << "the SOC's miss stays on record";
}

TEST(ServiceLevel, WaitingOnTheUserMovesTheDueTimeByTheWait) {
  ServiceLevelPolicy policy;
  Ticket t = ticket(TicketType::Incident, 1);
  start_stage(t, Level::First, "mesa", kT0, policy);
  pause_stage(t, kT0 + kHour);
  EXPECT_FALSE(is_breached(t, kT0 + 10 * kHour)) << "a stopped clock does not run late";
  resume_stage(t, kT0 + 11 * kHour, policy);
  EXPECT_EQ(t.stages.back().paused_seconds, 10 * kHour);
  EXPECT_EQ(t.sla_due_at, kT0 + policy.for_priority(1) + 10 * kHour);
}

TEST(ServiceLevel, AStageAlreadyLateWhenPausedStaysBreached) {
  ServiceLevelPolicy policy;
  Ticket t = ticket(TicketType::Incident, 1);
  start_stage(t, Level::First, "mesa", kT0, policy);
  pause_stage(t, kT0 + 5 * kHour);
  EXPECT_TRUE(is_breached(t, kT0 + 5 * kHour));
  resume_stage(t, kT0 + 6 * kHour, policy);
  EXPECT_TRUE(is_breached(t, kT0 + 6 * kHour));
}

TEST(ServiceLevel, RetargetingFollowsTheNewPriorityFromTheStageStart) {
  ServiceLevelPolicy policy;
  Ticket t = ticket(TicketType::Incident, 4);
  start_stage(t, Level::First, "mesa", kT0, policy);
  t.priority = 1;
  retarget_stage(t, kT0 + kHour, policy);
  EXPECT_EQ(t.sla_due_at, kT0 + policy.for_priority(1));
  EXPECT_FALSE(t.stages.back().breached);
}

TEST(ServiceLevel, ALateStageStaysBreachedWhenItsTargetIsLengthened) {
  ServiceLevelPolicy policy;
  Ticket t = ticket(TicketType::Incident, 1);
  start_stage(t, Level::First, "mesa", kT0, policy);
  t.priority = 4;  // reclassified an hour after its four hours ran out
  retarget_stage(t, kT0 + 5 * kHour, policy);
  EXPECT_EQ(t.sla_due_at, kT0 + policy.for_priority(4));
  EXPECT_TRUE(t.stages.back().breached) << "a new target does not undo a miss";
  EXPECT_TRUE(is_breached(t, kT0 + 5 * kHour));
}

TEST(ServiceLevel, TicketsWithoutStagesAreJudgedByTheirDueTime) {
  Ticket t;
  t.status = Status::InProgress;
  t.sla_due_at = kT0;
  EXPECT_FALSE(is_breached(t, kT0));
  EXPECT_TRUE(is_breached(t, kT0 + 1));
  t.status = Status::PendingUser;
  EXPECT_FALSE(is_breached(t, kT0 + 1));
  t.status = Status::Resolved;
  t.resolved_at = kT0 - 5;
  EXPECT_FALSE(is_breached(t, kT0 + 100));
  t.resolved_at = kT0 + 5;
  EXPECT_TRUE(is_breached(t, kT0 + 100));
}

}  // namespace tk
