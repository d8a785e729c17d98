// The commands of a user's own tickets: report, sync, status, mine, show, correct,
// discard, enrol, and the desk's register (a report for a caller). Reports and the user's
// moves are queued in the local cache first, so that they work offline and reach the
// server exactly once (docs/design.md section 9).
#include <iostream>

#include "output.h"
#include "tk/json_mapping.h"
#include "tk/platform.h"
#include "tk/text.h"
#include "tk/time.h"
#include "tk/ui/text.h"
#include "tk/validation.h"
#include "tkctl.h"

namespace tkctl {

namespace {

const char* outbox_state(bool other_identity, tk::OutboxState state) {
  if (other_identity) return _("Saved under another server or token");
  return state == tk::OutboxState::Pending ? _("Queued") : _("Refused, to correct");
}

// "queued L-..." or "queued A-..." is the contract scripts read (docs/design.md section 4):
// never translated. People are told on standard error why it waits.
int say_queued(const Context& c, const std::string& local_id, const std::optional<tk::Error>& send_failure) {
  if (c.json) {
    std::cout << tk::Json{{"queued", local_id}}.dump() << "\n";
    return 0;
  }
  std::cout << "queued " << local_id << "\n";
  if (send_failure)
    std::cerr << format(_("Saved; it will be sent when the connection is back ({})."),
                        {send_failure->message_in(g_language)})
              << "\n";
  return 0;
}

// Checked before it is queued, offline too, against the catalog last fetched (or the
// built-in one): a report that cannot be accepted is refused here, not later.
std::optional<tk::Error> check_report(Context& c, tk::NewTicket t) {
  if (t.reporter.employee.empty()) t.reporter.employee = "0";  // the server fills it in
  auto catalog = c.store().catalog();
  if (!catalog && c.engine().refresh_catalog()) catalog = c.store().catalog();
  if (auto valid = tk::validate_new_ticket(t, catalog ? *catalog : tk::default_catalog()); !valid) return valid.error();
  return std::nullopt;
}

// `report` files the user's own report; `register` (desk) one for the caller named by --for.
int file_report(Context& c, bool for_caller) {
  c.no_operands();
  tk::NewTicket t;
  t.type = parse_type(c.args.get("type"));
  t.category = c.args.get("category");
  t.summary = tk::trim(c.args.get("summary"));
  t.description = tk::trim(c.args.get("description"));
  auto defaults = tk::default_impact_urgency(t.type);
  t.impact = parse_scale(c, "impact", defaults.impact);
  t.urgency = parse_scale(c, "urgency", defaults.urgency);
  t.reporter.employee = c.args.get("employee");
  t.reporter.name = c.args.get("name");
  t.reporter.email = c.args.get("email");
  t.reporter.phone = c.args.get("phone");
  t.reporter.location = c.args.get("location");
  if (for_caller) {
    t.reporter.employee = c.args.get("for");
    if (!tk::is_digits(t.reporter.employee))
      throw UsageError(_("--for takes the caller's employee number (digits only)"));
    auto channel = tk::parse_channel(c.args.get("channel").empty() ? "phone" : c.args.get("channel"));
    if (!channel ||
        (*channel != tk::Channel::Phone && *channel != tk::Channel::Email && *channel != tk::Channel::InPerson))
      throw UsageError(_("--channel must be phone, email or in_person"));
    t.channel = *channel;
  } else {
    // The user's own machine, which the desk will want to know; never the agent's.
    t.device = tk::platform::machine_info();
  }
  if (auto invalid = check_report(c, t)) return c.fail(*invalid);

  auto filed = tk::file_report(c.engine(), c.store(), t);
  switch (filed.outcome) {
    case tk::FiledReport::Outcome::Sent:
      if (c.json && filed.ticket)
        std::cout << tk::to_json(*filed.ticket, tk::now_seconds()).dump() << "\n";
      else
        std::cout << filed.tk << "\n";
      return 0;
    case tk::FiledReport::Outcome::Refused:
      if (filed.local_id.empty()) return c.fail(filed.refusal);  // not even saved
      std::cerr << "tkctl: "
                << format(_("the server refused the report {}; it stays saved to be corrected."), {filed.local_id})
                << "\n";
      return c.fail(filed.refusal);
    case tk::FiledReport::Outcome::Queued: break;
  }
  return say_queued(c, filed.local_id, filed.send_failure);
}

// A refused report of this cache; nothing (and the error said) when there is none.
std::optional<tk::OutboxEntry> refused_report(Context& c, const std::string& id) {
  auto entry = c.store().outbox_entry(id);
  if (entry && entry->state == tk::OutboxState::Refused) return entry;
  c.fail(tk::ErrorKind::NotFound, "not_refused", format(_("There is no refused report {} in this cache."), {id}));
  return std::nullopt;
}

std::string local_report_id(const Context& c) {
  if (c.operands.size() != 1 || c.operands[0].rfind("L-", 0) != 0)
    throw UsageError(format(_("{} needs a report's local reference, e.g. L-3F9A2C71"), {c.command.name}));
  return c.operands[0];
}

tk::Json outbox_json(const std::string& local_id, tk::OutboxState state, const tk::Error& refusal) {
  tk::Json j{{"local_id", local_id}, {"state", state == tk::OutboxState::Pending ? "queued" : "refused"}};
  if (state == tk::OutboxState::Refused) j["error"] = tk::error_to_json(refusal, g_language)["error"];
  return j;
}

int action_status(Context& c, const tk::QueuedAction& action) {
  if (c.json) {
    tk::Json j = outbox_json(action.local_id, action.state, action.refusal);
    j["tk"] = action.tk;
    j["action"] = tk::to_string(action.event.action);
    j["created_at"] = tk::format_rfc3339(action.created_at);
    std::cout << j.dump() << "\n";
    return 0;
  }
  std::cout << action.local_id << "  " << action.tk << "  " << tk::action_label(action.event.action, g_language) << "  "
            << (action.state == tk::OutboxState::Pending
                    ? std::string(_("Queued: it will be sent when the connection is back"))
                    : format(_("Refused by the server: {}"), {action.refusal.message_in(g_language)}))
            << "\n  " << format(_("Saved at: {}"), {when(action.created_at)}) << "\n";
  return 0;
}

int report_status(Context& c, const tk::OutboxEntry& entry) {
  if (c.json) {
    tk::Json j = tk::to_json(entry.report);
    j.update(outbox_json(entry.local_id, entry.state, entry.refusal));
    std::cout << j.dump() << "\n";
    return 0;
  }
  std::cout << entry.local_id << "  "
            << (entry.state == tk::OutboxState::Pending
                    ? std::string(_("Queued: it will be sent when the connection is back"))
                    : format(_("Refused: {}"), {entry.refusal.message_in(g_language)}))
            << "\n  " << format(_("Summary: {}"), {entry.report.summary}) << "\n  "
            << format(_("Saved: {}"), {when(entry.created_at)}) << "\n";
  return 0;
}

}  // namespace

int report(Context& c) { return file_report(c, false); }
int register_call(Context& c) { return file_report(c, true); }

int sync(Context& c) {
  c.no_operands();
  auto result = c.engine().sync_now();
  if (c.json) {
    tk::Json j{{"sent", result.sent},
               {"refused", result.refused},
               {"pulled", result.pulled},
               {"pending", result.pending_left},
               {"refused_waiting", result.refused_left},
               {"other_identity_waiting", result.other_identity_left},
               {"online", result.reached_server}};
    if (result.failure) j["error"] = tk::error_to_json(*result.failure, g_language)["error"];
    std::cout << j.dump() << "\n";
  } else {
    std::cout << format(_("Sent: {}, queued: {}, refused, to correct: {}, tickets updated: {}"),
                        {std::to_string(result.sent), std::to_string(result.pending_left),
                         std::to_string(result.refused_left), std::to_string(result.pulled)})
              << "\n";
    if (result.other_identity_left)
      std::cout << format(_("Saved under another server or token (sent only with them): {}"),
                          {std::to_string(result.other_identity_left)})
                << "\n";
    if (result.failure) c.fail(*result.failure);
    // What waits for the user: each refused report and move, with why and what to do.
    const std::string identity = c.store().identity();
    for (const auto& e : c.store().outbox())
      if (e.state == tk::OutboxState::Refused && !e.filed_under_other_identity(identity))
        std::cerr << "tkctl: "
                  << format(_("{} was refused: {} (tkctl correct {} or tkctl discard {})"),
                            {e.local_id, e.refusal.message_in(g_language), e.local_id, e.local_id})
                  << "\n";
    for (const auto& a : c.store().actions())
      if (a.state == tk::OutboxState::Refused && !a.filed_under_other_identity(identity))
        std::cerr << "tkctl: "
                  << format(_("{} ({} · {}) was refused: {} (tkctl discard {})"),
                            {a.local_id, tk::action_label(a.event.action, g_language), a.tk,
                             a.refusal.message_in(g_language), a.local_id})
                  << "\n";
  }
  // The contract: 0 when everything was sent (of this server and token's: reports saved
  // under others wait for them). A failed pull after that is reported above.
  if (result.everything_sent()) return 0;
  if (result.failure && !result.reached_server) return 3;
  return 1;
}

int status(Context& c) {
  std::string id = c.one_tk(), tk_number = id;
  bool local_action = id.rfind("A-", 0) == 0, local_report = id.rfind("L-", 0) == 0;
  if (local_action || local_report) {
    if (local_action)
      if (auto action = c.store().action(id)) return action_status(c, *action);
    if (local_report)
      if (auto entry = c.store().outbox_entry(id)) return report_status(c, *entry);
    // Sent since: its ticket is in the cache under its TK.
    auto sent = c.store().tk_for_local_id(id);
    if (!sent)
      return c.fail(
          tk::ErrorKind::NotFound, "unknown_local_id",
          format(local_action ? _("There is no action {} in this cache.") : _("There is no report {} in this cache."),
                 {id}));
    tk_number = *sent;
  }
  auto cached = c.store().ticket(tk_number);
  if (!cached)
    return c.fail(tk::ErrorKind::NotFound, "not_cached",
                  format(_("{} is not in the local cache; run tkctl sync."), {tk_number}));
  if (c.json) {
    tk::Json j = tk::to_json(cached->ticket, tk::now_seconds());
    j["confirmed_at"] = tk::format_rfc3339(cached->confirmed_at);
    std::cout << j.dump() << "\n";
  } else {
    print_ticket(cached->ticket, c.catalog());
    std::cout << "  " << format(_("Confirmed by the server: {}"), {when(cached->confirmed_at)}) << "\n";
  }
  return 0;
}

int mine(Context& c) {
  c.no_operands();
  auto outbox = c.store().outbox();
  auto actions = c.store().actions();
  auto tickets = c.store().tickets();
  std::int64_t confirmed = c.store().last_confirmed_at();
  const std::string identity = c.store().identity();
  if (c.json) {
    tk::Json queued = tk::Json::array(), list = tk::Json::array(), waiting = tk::Json::array();
    for (const auto& e : outbox)
      queued.push_back(tk::Json{{"local_id", e.local_id},
                                {"summary", e.report.summary},
                                {"state", e.state == tk::OutboxState::Pending ? "queued" : "refused"},
                                {"other_identity", e.filed_under_other_identity(identity)},
                                {"created_at", tk::format_rfc3339(e.created_at)}});
    for (const auto& a : actions)
      waiting.push_back(tk::Json{{"local_id", a.local_id},
                                 {"tk", a.tk},
                                 {"action", tk::to_string(a.event.action)},
                                 {"state", a.state == tk::OutboxState::Pending ? "queued" : "refused"},
                                 {"other_identity", a.filed_under_other_identity(identity)},
                                 {"created_at", tk::format_rfc3339(a.created_at)}});
    for (const auto& t : tickets)
      list.push_back(tk::Json{{"tk", t.tk},
                              {"summary", t.summary},
                              {"status", tk::to_string(t.status)},
                              {"level", t.level == tk::Level::None ? tk::Json() : tk::Json(tk::to_string(t.level))},
                              {"status_label", tk::status_label(t.status, t.level, t.resolution)},
                              {"updated_at", tk::format_rfc3339(t.updated_at)},
                              {"confirmed_at", tk::format_rfc3339(t.confirmed_at)}});
    std::cout << tk::Json{{"outbox", queued},
                          {"actions", waiting},
                          {"tickets", list},
                          {"last_confirmed_at", confirmed ? tk::Json(tk::format_rfc3339(confirmed)) : tk::Json()}}
                     .dump()
              << "\n";
    return 0;
  }
  std::cout << format(_("Updated: {}"), {confirmed ? when(confirmed) : std::string(_("never (run tkctl sync)"))})
            << "\n";
  if (outbox.empty() && actions.empty() && tickets.empty()) {
    std::cout << _("You have no tickets.") << "\n";
    return 0;
  }
  std::cout << "\n";
  if (!outbox.empty() || !actions.empty()) {
    Table waiting({_("Reference"), _("State"), _("What")});
    for (const auto& e : outbox)
      waiting.add({e.local_id, outbox_state(e.filed_under_other_identity(identity), e.state), e.report.summary},
                  e.state == tk::OutboxState::Refused);
    for (const auto& a : actions)
      waiting.add({a.local_id,
                   a.filed_under_other_identity(identity) ? _("Kept under another server or token")
                   : a.state == tk::OutboxState::Pending
                       ? _("Queued")
                       : format(_("Refused by the server: {}"), {a.refusal.message_in(g_language)}),
                   tk::action_label(a.event.action, g_language) + " · " + a.tk},
                  a.state == tk::OutboxState::Refused);
    std::cout << waiting.text() << "\n";
  }
  if (!tickets.empty()) {
    Table table({"TK", _("State"), _("Updated"), _("Summary")});
    for (const auto& t : tickets)
      table.add(
          {t.tk, tk::ui::status_text(t.status, t.level, t.resolution, g_language), when(t.updated_at), t.summary});
    std::cout << table.text();
  }
  return 0;
}

int show(Context& c) {
  auto ticket = c.api().get(c.one_tk());
  if (!ticket) return c.fail(ticket.error());
  if (c.json)
    std::cout << tk::to_json(*ticket, tk::now_seconds()).dump() << "\n";
  else
    print_ticket(*ticket, c.catalog());
  return 0;
}

// What the server refused, with what the user changes, goes back to the queue under the
// same key (a resend never makes a second ticket) and is sent at once.
int correct(Context& c) {
  std::string id = local_report_id(c);
  auto entry = refused_report(c, id);
  if (!entry) return 1;
  tk::NewTicket t = entry->report;
  if (auto type = c.args.get("type"); !type.empty()) t.type = parse_type(type);
  if (auto v = c.args.get("category"); !v.empty()) t.category = v;
  if (auto v = c.args.get("summary"); !v.empty()) t.summary = tk::trim(v);
  if (auto v = c.args.get("description"); !v.empty()) t.description = tk::trim(v);
  t.impact = parse_scale(c, "impact", t.impact);
  t.urgency = parse_scale(c, "urgency", t.urgency);
  if (auto invalid = check_report(c, t)) return c.fail(*invalid);
  c.engine().resubmit(id, t);
  auto result = c.engine().sync_now();
  if (auto sent = c.store().tk_for_local_id(id)) {
    std::cout << (c.json ? tk::Json{{"local_id", id}, {"tk", *sent}}.dump() : *sent) << "\n";
    return 0;
  }
  if (auto again = c.store().outbox_entry(id); again && again->state == tk::OutboxState::Refused)
    return c.fail(again->refusal);
  std::cout << (c.json ? tk::Json{{"queued", id}}.dump() : "queued " + id) << "\n";
  return result.reached_server ? 1 : 0;
}

int discard(Context& c) {
  bool action = c.operands.size() == 1 && c.operands[0].rfind("A-", 0) == 0;
  std::string id = action ? c.operands[0] : local_report_id(c);
  if (action) {
    if (!c.engine().discard_action(id))
      return c.fail(tk::ErrorKind::NotFound, "not_refused",
                    format(_("There is no refused action {} in this cache."), {id}));
  } else {
    if (!refused_report(c, id)) return 1;
    c.engine().discard(id);
  }
  if (c.json)
    std::cout << tk::Json{{"discarded", id}}.dump() << "\n";
  else
    std::cout << format(_("Discarded {}"), {id}) << "\n";
  return 0;
}

// The user's own moves (answer, comment, confirm, rate, reopen): queued like reports.
int user_action(Context& c, const std::string& tk, const tk::EventRequest& event) {
  auto filed = tk::file_action(c.engine(), c.store(), tk, event);
  switch (filed.outcome) {
    case tk::FiledAction::Outcome::Sent:
      if (!filed.ticket) {
        std::cout << tk << "\n";
        return 0;
      }
      return print_moved(c, *filed.ticket);
    case tk::FiledAction::Outcome::Refused: return c.fail(filed.refusal);
    case tk::FiledAction::Outcome::Queued: break;
  }
  return say_queued(c, filed.local_id, filed.send_failure);
}

// tkctl enrol CODE [--token-file F]: the one-time code an administrator gave traded for
// this user's token, written to F (readable by the user alone) or printed.
// tkctl enrol --user NAME: the same with the directory account (LDAP / AD); the password
// is read from the terminal without echo, or from standard input.
int enrol(Context& c) {
  std::string user = c.args.get("user");
  if (c.operands.size() > 1 || (!user.empty() && !c.operands.empty()))
    throw UsageError(_("enrol takes only the enrolment code, or --user"));
  std::string code, password;
  if (!user.empty()) {
    std::cerr << format(_("Password of {}: "), {user}) << std::flush;
    if (!tk::platform::read_hidden_line(password) || password.empty())
      throw UsageError(_("enrol --user needs the password"));
  } else {
    // Without it (or "-"), the code is read from standard input: on the command line,
    // other users of the computer could read it in ps and use it first.
    code = c.operands.empty() ? "-" : c.operands[0];
    if (code == "-") {
      std::cerr << _("Enrolment code: ") << std::flush;
      if (!std::getline(std::cin, code) || tk::trim(code).empty())
        throw UsageError(_("enrol needs the enrolment code"));
    }
  }
  std::string file = c.args.get("token-file");
  // The file is tried before the code is spent: a code is good once.
  if (!file.empty() && !tk::platform::write_private_file(file, ""))
    return c.fail(tk::ErrorKind::Internal, "cannot_write",
                  format(_("Cannot write {}; the code was not used."), {file}));
  // The server keeps one token per employee and device, replacing it when the device
  // enrols again: tkctl names itself, so that it never replaces the tray's on the same
  // computer (the server takes 64 characters).
  std::string device = tk::utf8_truncate(tk::platform::machine_info().hostname, 57) + ", tkctl";
  auto enrolled =
      user.empty() ? c.api().enrol(tk::trim(code), device) : c.api().enrol_with_account(user, password, device);
  if (!enrolled) return c.fail(enrolled.error());
  if (file.empty()) {
    std::cout << enrolled->token << "\n";
    return 0;
  }
  if (!tk::platform::write_private_file(file, enrolled->token + "\n")) {
    // The code is spent: the token must not be lost with it.
    std::cerr << "tkctl: " << format(_("could not write {}; this is your token, keep it:"), {file}) << "\n";
    std::cout << enrolled->token << "\n";
    return 1;
  }
  if (c.json)
    std::cout << tk::Json{{"employee", enrolled->identity.employee},
                          {"name", enrolled->identity.name},
                          {"token_file", file}}
                     .dump()
              << "\n";
  else
    std::cout << format(_("Enrolled: {} ({}). Token saved in {}"),
                        {enrolled->identity.name, enrolled->identity.employee, file})
              << "\n";
  return 0;
}

}  // namespace tkctl
