#include "desk_watch.h"

#include "tk/ui/text.h"

namespace tk::tray {

DeskWatch::DeskWatch(Identity agent, DeskWatchOptions options) : agent_(std::move(agent)), options_(options) {}

std::vector<DeskAlert> DeskWatch::update(const std::vector<Ticket>& queue, std::int64_t now) {
  std::vector<DeskAlert> alerts;
  std::map<std::string, std::pair<std::string, std::string>> holders;
  const std::string actor = agent_.actor();
  for (const auto& t : queue) {
    holders[t.tk] = {t.group, t.assignee};
    auto before = holders_.find(t.tk);
    bool moved_by_me = !t.history.empty() && t.history.back().by == actor;
    if (!first_ && !moved_by_me) {
      bool mine_now = !agent_.login.empty() && t.assignee == agent_.login;
      bool mine_before = before != holders_.end() && before->second.second == agent_.login;
      bool group_now = !agent_.group.empty() && t.group == agent_.group && t.assignee.empty();
      bool group_before = before != holders_.end() && before->second.first == agent_.group;
      if (mine_now && !mine_before)
        alerts.push_back({DeskAlert::Kind::HandedToMe, t});
      else if (group_now && !group_before)
        alerts.push_back({DeskAlert::Kind::HandedToGroup, t});
    }
    if (t.stages.empty()) continue;
    const Stage& stage = t.stages.back();
    if (!stage.running() || stage.paused_since != 0) continue;
    std::int64_t lead = stage.group == "soc" || stage.level == Level::Soc ? options_.warn_before_seconds_soc
                                                                          : options_.warn_before_seconds;
    auto key = std::make_tuple(t.tk, t.stages.size(), stage.due_at);
    if (stage.due_at - now <= lead && !warned_.count(key)) {
      warned_.insert(key);
      alerts.push_back({DeskAlert::Kind::StageDueSoon, t});
    }
  }
  // Tickets that left the queue are forgotten (a long-running tray must not grow).
  for (auto it = warned_.begin(); it != warned_.end();)
    it = holders.count(std::get<0>(*it)) ? std::next(it) : warned_.erase(it);
  holders_ = std::move(holders);
  first_ = false;
  return alerts;
}

Notification desk_notification(const DeskAlert& alert, std::int64_t now, const ui::Translate& tr) {
  const Ticket& t = alert.ticket;
  Notification n;
  n.tk = t.tk;
  n.body = t.summary;
  n.for_desk = true;
  switch (alert.kind) {
    case DeskAlert::Kind::HandedToMe: n.title = ui::format(tr(N_("{} was assigned to you")), {t.tk}); break;
    case DeskAlert::Kind::HandedToGroup:
      n.title = ui::format(tr(N_("{} arrived in your group's queue")), {t.tk});
      break;
    case DeskAlert::Kind::StageDueSoon: {
      std::int64_t due = t.stages.empty() ? t.sla_due_at : t.stages.back().due_at;
      n.title = due > now ? ui::format(tr(N_("{}: the stage is due in {}")), {t.tk, ui::duration_text(due - now, tr)})
                          : ui::format(tr(N_("{}: the stage is overdue")), {t.tk});
      break;
    }
  }
  if (alert.kind != DeskAlert::Kind::StageDueSoon && !t.stages.empty())
    n.body += "\n" + ui::format(tr(N_("Due {}")), {ui::local_time(t.stages.back().due_at)});
  return n;
}

}  // namespace tk::tray
