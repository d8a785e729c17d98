// Every (state, type, role, action) combination against an independent statement of the
// rules in docs/design.md section 3: the allowed ones land where the design says, the others
// are refused with 403 (never allowed to that role) or 409 (not from this state).
#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "tk/workflow.h"

namespace tk {
namespace {

struct State {
  Status status;
  Level level;
};

const State kStates[] = {
    {Status::Registered, Level::None},   {Status::InProgress, Level::First}, {Status::InProgress, Level::Soc},
    {Status::InProgress, Level::Second}, {Status::InProgress, Level::Third}, {Status::PendingUser, Level::First},
    {Status::PendingUser, Level::Third}, {Status::Vendor, Level::Third},     {Status::Resolved, Level::Second},
    {Status::Resolved, Level::Third},    {Status::Closed, Level::Third},
};

const Action kActions[] = {Action::Take,       Action::Escalate, Action::Vendor,           Action::AskUser,
                           Action::Answer,     Action::Resolve,  Action::Confirm,          Action::Reopen,
                           Action::Comment,    Action::Classify, Action::CloseNotResolved, Action::Assign,
                           Action::LinkArticle};

// The design's moves for desk staff, as (from, action) -> to. "same" keeps the level.
std::optional<State> expected_for_desk(State from, TicketType type, Action action) {
  const bool security = type == TicketType::SecurityIncident;
  const Status s = from.status;
  const Level l = from.level;
  switch (action) {
    case Action::Take:
      if (s == Status::Registered) return State{Status::InProgress, security ? Level::Soc : Level::First};
      // Taking a ticket someone else had only changes who has it (docs/design.md section 9).
      if (s == Status::InProgress || s == Status::PendingUser || s == Status::Vendor) return from;
      break;
    case Action::Classify:
    case Action::Assign:
      if (s != Status::Resolved && s != Status::Closed) return from;
      break;
    case Action::Escalate:
      if (s == Status::InProgress && (l == Level::First || l == Level::Soc))
        return State{Status::InProgress, Level::Second};
      if (s == Status::InProgress && l == Level::Second) return State{Status::InProgress, Level::Third};
      break;
    case Action::Vendor:
      if (s == Status::InProgress && l == Level::Third) return State{Status::Vendor, Level::Third};
      break;
    case Action::AskUser:
      if (s == Status::InProgress || s == Status::Vendor) return State{Status::PendingUser, l};
      break;
    case Action::Answer:
      if (s == Status::PendingUser) return State{Status::InProgress, l};
      break;
    case Action::Resolve:
      if (s == Status::InProgress || s == Status::Vendor) return State{Status::Resolved, l};
      break;
    case Action::Confirm:
      if (s == Status::Resolved) return State{Status::Closed, l};
      break;
    case Action::Reopen:
      if (s == Status::Resolved) return State{Status::InProgress, l};
      break;
    case Action::CloseNotResolved:
      if ((s == Status::InProgress && l == Level::Third) || s == Status::Vendor) return State{Status::Closed, l};
      break;
    case Action::Comment:
      if (s != Status::Closed) return from;
      break;
    case Action::LinkArticle: return from;  // any state, closed too: articles are often written after the case
    default: break;
  }
  return std::nullopt;
}

bool employee_may(Action a) {
  return a == Action::Answer || a == Action::Confirm || a == Action::Reopen || a == Action::Comment;
}

Identity desk_agent(const std::string& name) {
  Identity id;
  id.token_id = 1;
  id.role = Role::Agent;
  id.name = name;
  return id;
}

EventRequest complete_request(Action action) {
  EventRequest request{action, "nota", "VEND-42", "Se aisló el equipo de la red"};
  request.impact = 1;
  request.group = "mesa";
  request.article = 7;
  return request;
}

}  // namespace

TEST(Workflow, EveryMoveIsAllowedOrRefusedAsDesigned) {
  struct Caller {
    const char* name;
    Role role;
    bool owner;
  };
  const Caller callers[] = {{"agent", Role::Agent, false},
                            {"admin", Role::Admin, false},
                            {"owner", Role::Employee, true},
                            {"other employee", Role::Employee, false},
                            {"kiosk", Role::Kiosk, false}};
  int allowed = 0, refused = 0;
  for (auto type : {TicketType::Incident, TicketType::ServiceRequest, TicketType::SecurityIncident})
    for (const auto& state : kStates)
      for (auto action : kActions)
        for (const auto& caller : callers) {
          Ticket t;
          t.type = type;
          t.status = state.status;
          t.level = state.level;
          Identity who;
          who.role = caller.role;
          auto result = decide(t, who, caller.owner, complete_request(action));
          auto expected = expected_for_desk(state, type, action);
          bool desk = caller.role == Role::Agent || caller.role == Role::Admin;
          bool role_may = desk || (caller.role == Role::Employee && caller.owner && employee_may(action));
          std::string where = std::string(to_string(action)) + " by " + caller.name + " from " +
                              std::string(to_string(state.status)) + "/" + std::string(to_string(state.level)) + " (" +
                              std::string(to_string(type)) + ")";
          if (role_may && expected) {
            ASSERT_TRUE(result.ok()) << where << ": " << result.error().message;
            EXPECT_EQ(result->to_status, expected->status) << where;
            EXPECT_EQ(result->to_level, expected->level) << where;
            ++allowed;
          } else {
            ASSERT_FALSE(result.ok()) << where;
            EXPECT_EQ(result.error().kind, role_may ? ErrorKind::Conflict : ErrorKind::Forbidden) << where;
            ++refused;
          }
        }
  EXPECT_GT(allowed, 100);
  EXPECT_GT(refused, 1000);
}

TEST(Workflow, ClosingASecurityIncidentUnresolvedNeedsContainment) {
  Ticket t;
  t.type = TicketType::SecurityIncident;
  t.status = Status::Vendor;
  t.level = Level::Third;
  Identity agent = desk_agent("SOC");
  auto refused = decide(t, agent, false, EventRequest{Action::CloseNotResolved, "sin solución", "", ""});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(refused.error().field, "containment");
  auto accepted = decide(t, agent, false, EventRequest{Action::CloseNotResolved, "", "", "Equipo aislado"});
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(accepted->move->resolution, Resolution::NotResolved);
}

TEST(Workflow, MovesThatNeedSomethingSayWhichField) {
  Identity agent = desk_agent("Mesa");
  Ticket third;
  third.status = Status::InProgress;
  third.level = Level::Third;
  auto vendor = decide(third, agent, false, EventRequest{Action::Vendor, "", "", ""});
  ASSERT_FALSE(vendor.ok());
  EXPECT_EQ(vendor.error().field, "vendor_ref");
  auto resolve = decide(third, agent, false, EventRequest{Action::Resolve, "", "", ""});
  ASSERT_FALSE(resolve.ok());
  EXPECT_EQ(resolve.error().field, "note");
  auto comment = decide(third, agent, false, EventRequest{Action::Comment, "", "", ""});
  ASSERT_FALSE(comment.ok());
  EXPECT_EQ(comment.error().kind, ErrorKind::Invalid);

  EventRequest classify{Action::Classify, "Afecta a toda el área", "", ""};
  auto nothing = decide(third, agent, false, classify);
  ASSERT_FALSE(nothing.ok()) << "a classification changes something";
  EXPECT_EQ(nothing.error().field, "type");
  classify.urgency = 1;
  classify.note.clear();
  auto no_reason = decide(third, agent, false, classify);
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().field, "note");
  classify.note = "Afecta a toda el área";
  EXPECT_TRUE(decide(third, agent, false, classify).ok());

  EventRequest assign{Action::Assign, "", "", ""};
  auto nobody = decide(third, agent, false, assign);
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().field, "group");
  assign.assignee = "emora";
  EXPECT_TRUE(decide(third, agent, false, assign).ok());

  EventRequest link{Action::LinkArticle};
  auto no_article = decide(third, agent, false, link);
  ASSERT_FALSE(no_article.ok());
  EXPECT_EQ(no_article.error().field, "article");
  link.article = 3;
  EXPECT_TRUE(decide(third, agent, false, link).ok());
}

TEST(Workflow, ConfirmClosesAsResolved) {
  Ticket t;
  t.status = Status::Resolved;
  t.level = Level::First;
  t.reporter.employee = "1002";
  Identity owner = desk_agent("Ana");
  owner.role = Role::Employee;
  owner.employee = "1002";
  auto r = decide(t, owner, true, EventRequest{Action::Confirm, "", "", ""});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->to_status, Status::Closed);
  EXPECT_EQ(r->move->resolution, Resolution::Resolved);
}

}  // namespace tk

namespace tk {

TEST(Workflow, AClosedTicketMayBeRatedForFourteenDaysOnce) {
  Ticket t;
  t.status = Status::Closed;
  t.closed_at = 1'800'000'000;
  EXPECT_TRUE(may_rate(t, t.closed_at + kRatingWindowSeconds));
  EXPECT_FALSE(may_rate(t, t.closed_at + kRatingWindowSeconds + 1));
  t.satisfaction.rating = 4;
  EXPECT_FALSE(may_rate(t, t.closed_at + 60)) << "once";
  t.satisfaction.rating = 0;
  t.status = Status::Resolved;
  EXPECT_FALSE(may_rate(t, t.closed_at + 60)) << "a resolved ticket is rated with its confirmation";
}

}  // namespace tk
