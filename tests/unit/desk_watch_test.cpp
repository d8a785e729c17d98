// What the tray tells an agent about their queue: a ticket handed to them or to their
// group (not their own moves, not what was there at start), and a stage about to breach,
// once per stage.
#include <gtest/gtest.h>

#include "desk_watch.h"

namespace tk::tray {
namespace {

constexpr std::int64_t kNow = 1'800'000'000;

Identity agent() {
  Identity id;
  id.role = Role::Agent;
  id.name = "Iván Castro";
  id.login = "icastro";
  id.group = "sitio";
  return id;
}

Ticket ticket(const std::string& tk, const std::string& group, const std::string& assignee, std::int64_t due,
              const std::string& by = "agent:Luis Pérez") {
  Ticket t;
  t.tk = tk;
  t.summary = "No imprime";
  t.status = Status::InProgress;
  t.level = group == "soc" ? Level::Soc : Level::Second;
  t.group = group;
  t.assignee = assignee;
  Stage s;
  s.level = t.level;
  s.group = group;
  s.started_at = kNow - 3600;
  s.due_at = due;
  t.stages.push_back(s);
  t.sla_due_at = due;
  HistoryEvent e;
  e.by = by;
  e.action = Action::Escalate;
  t.history.push_back(e);
  return t;
}

std::vector<DeskAlert::Kind> kinds(const std::vector<DeskAlert>& alerts) {
  std::vector<DeskAlert::Kind> out;
  for (const auto& a : alerts) out.push_back(a.kind);
  return out;
}

using K = DeskAlert::Kind;

}  // namespace

TEST(DeskWatch, TheFirstLookOnlyLearnsTheQueue) {
  DeskWatch watch(agent(), {});
  EXPECT_TRUE(watch.update({ticket("TK-2026-000001", "sitio", "", kNow + 4 * 3600)}, kNow).empty());
}

TEST(DeskWatch, SaysWhenATicketReachesTheGroupAndWhenItIsAssignedToMe) {
  DeskWatch watch(agent(), {});
  watch.update({}, kNow);
  auto arrived = watch.update({ticket("TK-2026-000001", "sitio", "", kNow + 4 * 3600)}, kNow);
  EXPECT_EQ(kinds(arrived), std::vector<K>{K::HandedToGroup});
  EXPECT_TRUE(watch.update({ticket("TK-2026-000001", "sitio", "", kNow + 4 * 3600)}, kNow).empty()) << "once";
  auto mine = watch.update({ticket("TK-2026-000001", "sitio", "icastro", kNow + 4 * 3600)}, kNow);
  EXPECT_EQ(kinds(mine), std::vector<K>{K::HandedToMe});
  Notification n = desk_notification(mine[0], kNow, ui::untranslated);
  EXPECT_EQ(n.title, "TK-2026-000001 was assigned to you");
  EXPECT_TRUE(n.for_desk);
}

TEST(DeskWatch, MyOwnTakeIsNoNews) {
  DeskWatch watch(agent(), {});
  watch.update({ticket("TK-2026-000001", "sitio", "", kNow + 4 * 3600)}, kNow);
  auto taken = watch.update({ticket("TK-2026-000001", "sitio", "icastro", kNow + 4 * 3600, "agent:Iván Castro")}, kNow);
  EXPECT_TRUE(taken.empty());
}

TEST(DeskWatch, WarnsOncePerStageBeforeItBreachesWithTheSocsShorterLead) {
  DeskWatch watch(agent(), {});
  // On-site stage due in 40 minutes: no warning; at 29 minutes, one; not again.
  Ticket onsite = ticket("TK-2026-000001", "sitio", "icastro", kNow + 40 * 60);
  EXPECT_TRUE(watch.update({onsite}, kNow).empty());
  auto soon = watch.update({onsite}, kNow + 11 * 60);
  EXPECT_EQ(kinds(soon), std::vector<K>{K::StageDueSoon});
  EXPECT_EQ(desk_notification(soon[0], kNow + 11 * 60, ui::untranslated).title,
            "TK-2026-000001: the stage is due in 29 min");
  EXPECT_TRUE(watch.update({onsite}, kNow + 20 * 60).empty());
  // The SOC's stage warns at 15 minutes, not 30: due in 20, nothing; due in 14, a warning.
  Ticket soc = ticket("TK-2026-000002", "soc", "", kNow + 20 * 60);
  DeskWatch soc_watch(agent(), {});
  EXPECT_TRUE(soc_watch.update({soc}, kNow).empty());
  EXPECT_EQ(kinds(soc_watch.update({soc}, kNow + 6 * 60)), std::vector<K>{K::StageDueSoon});
}

TEST(DeskWatch, ADueTimeMovedLaterIsWarnedOfAgainWhenItComesClose) {
  DeskWatch watch(agent(), {});
  Ticket t = ticket("TK-2026-000001", "sitio", "icastro", kNow + 10 * 60);
  EXPECT_EQ(kinds(watch.update({t}, kNow)), std::vector<K>{K::StageDueSoon});
  t.stages.back().due_at = t.sla_due_at = kNow + 3 * 3600;  // the user's wait moved it
  EXPECT_TRUE(watch.update({t}, kNow + 5 * 60).empty());
  EXPECT_EQ(kinds(watch.update({t}, kNow + 2 * 3600 + 40 * 60)), std::vector<K>{K::StageDueSoon});
}

TEST(DeskWatch, APausedStageIsNotAboutToBreach) {
  DeskWatch watch(agent(), {});
  Ticket waiting = ticket("TK-2026-000001", "sitio", "icastro", kNow + 60);
  waiting.status = Status::PendingUser;
  waiting.stages.back().paused_since = kNow - 60;
  EXPECT_TRUE(watch.update({waiting}, kNow).empty());
}

}  // namespace tk::tray
