// The desk's commands: the queue, classification, assignment, and the workflow moves
// (docs/design.md sections 4 and 9). Desk moves need the server; the user's own moves
// (answer, comment, confirm, rate, reopen) go through the local cache like reports.
#include <algorithm>
#include <iostream>
#include <map>

#include "output.h"
#include "tk/json_mapping.h"
#include "tk/service_level.h"
#include "tk/time.h"
#include "tkctl.h"

namespace tkctl {

int user_action(Context&, const std::string& tk, const tk::EventRequest&);

namespace {

bool is_users_action(tk::Action action) {
  switch (action) {
    case tk::Action::Answer:
    case tk::Action::Comment:
    case tk::Action::Confirm:
    case tk::Action::Rate:
    case tk::Action::Reopen: return true;
    default: return false;
  }
}

std::string group_and_assignee(const tk::Ticket& t) {
  return (t.group.empty() ? "—" : t.group) + " / " + (t.assignee.empty() ? "—" : t.assignee);
}

}  // namespace

int ticket_event(Context& c) {
  static const std::map<std::string, tk::Action> moves{
      {"take", tk::Action::Take},       {"escalate", tk::Action::Escalate}, {"vendor", tk::Action::Vendor},
      {"ask", tk::Action::AskUser},     {"answer", tk::Action::Answer},     {"resolve", tk::Action::Resolve},
      {"confirm", tk::Action::Confirm}, {"reopen", tk::Action::Reopen},     {"comment", tk::Action::Comment},
      {"close", tk::Action::Confirm},   {"rate", tk::Action::Rate}};
  tk::EventRequest event;
  event.action = moves.at(c.command.name);
  if (c.command.name == "close" && c.args.has("not-resolved")) event.action = tk::Action::CloseNotResolved;
  if (c.args.given("containment") && event.action != tk::Action::CloseNotResolved)
    throw UsageError(_("--containment goes with --not-resolved"));
  event.note = c.args.get("note");
  event.vendor_ref = c.args.get("ref").empty() ? c.args.get("vendor-ref") : c.args.get("ref");
  event.containment = c.args.get("containment");
  if (auto rating = c.args.get("rating"); !rating.empty()) {
    if (rating.size() != 1 || rating[0] < '1' || rating[0] > '5')
      throw UsageError(_("--rating goes from 1 (poor) to 5 (excellent)"));
    event.rating = rating[0] - '0';
  }
  event.comment = c.args.get("comment");
  if (event.action == tk::Action::Rate && !event.rating) throw UsageError(_("rate needs --rating from 1 to 5"));
  std::string tk = c.one_tk();
  if (is_users_action(event.action)) return user_action(c, tk, event);
  return send_move(c, tk, event);
}

int queue(Context& c) {
  c.no_operands();
  tk::ListQuery query;
  int selectors = c.args.has("mine") + c.args.has("my-group") + c.args.has("unassigned") + c.args.given("group") +
                  c.args.given("assignee");
  if (selectors > 1) throw UsageError(_("use only one of --mine, --my-group, --unassigned, --group and --assignee"));
  if (c.args.has("mine")) query.queue = "me";
  if (c.args.has("my-group")) query.group = "mine";
  if (c.args.has("unassigned")) query.assignee = "none";
  if (c.args.given("group")) query.group = c.args.get("group");
  if (c.args.given("assignee")) query.assignee = c.args.get("assignee");
  query.type = c.args.get("type");
  query.level = c.args.get("level");
  query.status = c.args.get("status");
  query.text = c.args.get("text");
  query.breached_only = c.args.has("breached");
  query.open_only = !c.args.has("all");
  std::vector<tk::Ticket> tickets;
  for (;;) {
    auto page = c.api().list(query);
    if (!page) return c.fail(page.error());
    for (auto& t : page->tickets) tickets.push_back(std::move(t));
    if (!page->more) break;
    query.since = page->cursor;
  }
  std::int64_t now = tk::now_seconds();
  tk::sort_for_desk(tickets, now);
  if (c.json) {
    tk::Json list = tk::Json::array();
    for (const auto& t : tickets) list.push_back(tk::to_json(t, now, false));
    std::cout << tk::Json{{"tickets", list}}.dump() << "\n";
    return 0;
  }
  if (tickets.empty()) {
    std::cout << _("There are no tickets in the queue.") << "\n";
    return 0;
  }
  Table table({"TK", _("Pri."), _("Due"), _("Group / agent"), _("State"), _("Summary")});
  for (const auto& t : tickets) {
    bool late = tk::is_breached(t, now);
    table.add(
        {t.tk, "P" + std::to_string(t.priority), when(t.sla_due_at) + (late ? " " + std::string(_("OVERDUE")) : ""),
         group_and_assignee(t), state_text(t), t.summary},
        late);
  }
  std::cout << table.text()
            << format(P_("({} ticket)", "({} tickets)", tickets.size()), {std::to_string(tickets.size())}) << "\n";
  return 0;
}

int classify(Context& c) {
  tk::EventRequest event;
  event.action = tk::Action::Classify;
  if (auto type = c.args.get("type"); !type.empty()) event.type = parse_type(type);
  event.category = c.args.get("category");
  if (c.args.given("impact")) event.impact = parse_scale(c, "impact", 0);
  if (c.args.given("urgency")) event.urgency = parse_scale(c, "urgency", 0);
  event.note = c.args.get("note");
  return send_move(c, c.one_tk(), event);
}

int assign(Context& c) {
  tk::EventRequest event;
  event.action = tk::Action::Assign;
  event.group = c.args.get("group");
  event.assignee = c.args.get("to");
  if (event.group.empty() && event.assignee.empty()) throw UsageError(_("assign needs --group, --to or both"));
  return send_move(c, c.one_tk(), event);
}

}  // namespace tkctl
