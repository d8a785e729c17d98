#include <gtest/gtest.h>

#include "tk/service_level.h"

namespace tk {

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kT0 = 1'800'000'000;

TEST(ServiceLevel, SecurityIncidentGetsTheSocTwoHoursAtRegistration) {
  ServiceLevelPolicy policy;
  EXPECT_EQ(initial_due_at(TicketType::SecurityIncident, 4, kT0, policy), kT0 + 2 * kHour);
}

TEST(ServiceLevel, OtherTicketsTakeTheirPriorityTarget) {
  ServiceLevelPolicy policy;
  policy.priority_seconds = {1 * kHour, 2 * kHour, 3 * kHour, 4 * kHour};
  for (int p = 1; p <= 4; ++p) {
    EXPECT_EQ(initial_due_at(TicketType::Incident, p, kT0, policy), kT0 + p * kHour);
    EXPECT_EQ(initial_due_at(TicketType::ServiceRequest, p, kT0, policy), kT0 + p * kHour);
  }
}

TEST(ServiceLevel, SecurityOnSiteStageGetsFourHoursFromItsStart) {
  ServiceLevelPolicy policy;
  Ticket t;
  t.type = TicketType::SecurityIncident;
  t.priority = 2;
  t.status = Status::InProgress;
  t.level = Level::Soc;
  t.sla_due_at = kT0 + 2 * kHour;
  EXPECT_EQ(due_after_move(t, Status::InProgress, Level::Second, kT0 + kHour, policy), kT0 + 5 * kHour);
  t.level = Level::Second;
  t.sla_due_at = kT0 + 5 * kHour;
  EXPECT_EQ(due_after_move(t, Status::InProgress, Level::Third, kT0 + 3 * kHour, policy),
            kT0 + 3 * kHour + policy.for_priority(2));
}

TEST(ServiceLevel, TakingASecurityIncidentKeepsTheSocClockFromRegistration) {
  ServiceLevelPolicy policy;
  Ticket t;
  t.type = TicketType::SecurityIncident;
  t.status = Status::Registered;
  t.sla_due_at = kT0 + 2 * kHour;
  EXPECT_EQ(due_after_move(t, Status::InProgress, Level::Soc, kT0 + kHour, policy), kT0 + 2 * kHour);
}

TEST(ServiceLevel, IncidentTargetRunsFromRegistrationThroughEscalations) {
  ServiceLevelPolicy policy;
  Ticket t;
  t.type = TicketType::Incident;
  t.priority = 3;
  t.status = Status::InProgress;
  t.level = Level::First;
  t.sla_due_at = kT0 + 24 * kHour;
  EXPECT_EQ(due_after_move(t, Status::InProgress, Level::Second, kT0 + kHour, policy), kT0 + 24 * kHour);
}

TEST(ServiceLevel, ReopeningRestartsTheClock) {
  ServiceLevelPolicy policy;
  Ticket t;
  t.type = TicketType::Incident;
  t.priority = 1;
  t.status = Status::Resolved;
  t.level = Level::First;
  t.sla_due_at = kT0;
  EXPECT_EQ(due_after_move(t, Status::InProgress, Level::First, kT0 + 10 * kHour, policy),
            kT0 + 10 * kHour + policy.for_priority(1));
}

TEST(ServiceLevel, BreachesAreFlagged) {
  Ticket t;
  t.status = Status::InProgress;
  t.sla_due_at = kT0;
  EXPECT_FALSE(is_breached(t, kT0));
  EXPECT_TRUE(is_breached(t, kT0 + 1));
  t.status = Status::Resolved;
  t.resolved_at = kT0 - 5;
  EXPECT_FALSE(is_breached(t, kT0 + 100));
  t.resolved_at = kT0 + 5;
  EXPECT_TRUE(is_breached(t, kT0 + 100));
}

}  // namespace tk
