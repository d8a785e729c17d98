#include "tickets/ticket_service.h"

#include "tk/spanish_search.h"

#include "tk/json_mapping.h"
#include "tk/logging.h"
#include "tk/platform.h"
#include "tk/text.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>

namespace tk::server {

TicketService::TicketService(Storage& store, ServiceOptions options, Clock clock)
    : store_(store),
      options_(std::move(options)),
      clock_(std::move(clock)),
      limiter_(options_.lookup_failures_allowed, options_.lookup_window_seconds) {}

Result<CreatedTicket> TicketService::create(const Identity& who, NewTicket t, const std::string& key) {
  switch (who.role) {
    case Role::Employee:
      if (!t.reporter.employee.empty() && t.reporter.employee != who.employee)
        return make_error(ErrorKind::Forbidden, "not_yours", N_("You can only report in your own name."),
                          "reporter.employee");
      t.reporter.employee = who.employee;
      if (t.reporter.name.empty()) t.reporter.name = who.name;
      if (t.channel != Channel::Tray && t.channel != Channel::Api)
        return make_error(ErrorKind::Invalid, "invalid_channel", N_("Channel not allowed for this token."), "channel");
      break;
    case Role::Kiosk:
      if (t.reporter.employee.empty())
        return make_error(ErrorKind::Invalid, "required", N_("The kiosk must give the employee number."),
                          "reporter.employee");
      t.channel = Channel::Kiosk;
      break;
    case Role::Agent:
    case Role::Admin:
      // The desk registers a call, an e-mail or a visit for its caller (procedure 3, activity 1).
      if (t.reporter.employee.empty())
        return make_error(ErrorKind::Invalid, "required", N_("Give the employee number of the person reporting."),
                          "reporter.employee");
      if (t.channel == Channel::Api) t.channel = Channel::Phone;
      if (t.channel != Channel::Phone && t.channel != Channel::Email && t.channel != Channel::InPerson)
        return make_error(ErrorKind::Invalid, "invalid_channel", N_("The desk registers by phone, email or in_person."),
                          "channel");
      break;
  }
  t.summary = trim(t.summary);
  t.description = trim(t.description);
  if (key.size() > 200 || (!key.empty() && !is_valid_utf8(key)))
    return make_error(ErrorKind::BadRequest, "invalid_idempotency_key", N_("The Idempotency-Key is not valid."),
                      "Idempotency-Key");
  std::string fingerprint = key.empty() ? std::string{} : sha256_hex(to_json(t).dump());
  // A key seen before is answered with its ticket before anything else is checked: rules
  // or the catalog may have changed since, and a resend must never become a refusal.
  if (!key.empty()) {
    if (auto earlier = store_.tickets().find_by_key(who.token_id, key)) {
      if (earlier->fingerprint != fingerprint) return idempotency_key_reused();
      return CreatedTicket{std::move(earlier->ticket), true};
    }
  }
  if (auto valid = validate_new_ticket(t, options_.catalog); !valid) return valid.error();

  std::int64_t now = clock_();
  Ticket draft;
  draft.type = t.type;
  draft.category = t.category;
  draft.summary = t.summary;
  draft.description = t.description;
  draft.impact = t.impact;
  draft.urgency = t.urgency;
  draft.priority = priority_for(t.impact, t.urgency);
  draft.status = Status::Registered;
  draft.reporter = t.reporter;
  draft.channel = t.channel;
  draft.device = t.device;
  draft.created_at = draft.updated_at = now;
  // The level that will take it is known from registration, and its clock starts then.
  draft.level = intake_level(t.type);
  draft.group = options_.catalog.intake_group(draft.level);
  start_stage(draft, draft.level, draft.group, now, options_.service_levels);
  HistoryEvent registered;
  registered.at = now;
  registered.by = who.actor();
  registered.action = Action::Register;
  registered.to_status = Status::Registered;
  draft.history.push_back(registered);
  return store_.tickets().create(std::move(draft), std::move(t.attachments), who.token_id, key, fingerprint);
}

Result<TicketHead> TicketService::check_read(const Identity& who, const std::string& tk, const std::string& employee) {
  std::int64_t now = clock_();
  if (who.role == Role::Kiosk) {
    if (!limiter_.begin(std::to_string(who.token_id), now))
      return make_error(ErrorKind::TooManyRequests, "too_many_lookups",
                        N_("Too many failed look-ups. Wait a minute and try again."));
    auto ticket = is_well_formed_tk(tk) && is_digits(employee) ? store_.tickets().head(tk) : std::nullopt;
    bool found = ticket && ticket->reporter_employee == employee;
    limiter_.end(std::to_string(who.token_id), now, !found);
    if (!found)
      return make_error(ErrorKind::NotFound, "unknown_tk",
                        N_("We found no ticket with that number for that employee number."));
    return std::move(*ticket);
  }
  auto ticket = is_well_formed_tk(tk) ? store_.tickets().head(tk) : std::nullopt;
  if (!ticket) return unknown_ticket(tk);
  // Someone else's ticket answers as a missing one: an employee must not learn which TKs
  // exist by trying them (docs/design.md section 4).
  if (who.role == Role::Employee && ticket->reporter_employee != who.employee) return unknown_ticket(tk);
  return std::move(*ticket);
}

Result<Ticket> TicketService::get(const Identity& who, const std::string& tk, const std::string& employee) {
  auto allowed = check_read(who, tk, employee);
  if (!allowed) return allowed.error();
  auto ticket = store_.tickets().find(tk);
  if (!ticket) return unknown_ticket(tk);
  return std::move(*ticket);
}

Result<StoredAttachment> TicketService::attachment(const Identity& who, const std::string& tk, std::int64_t id,
                                                   const std::string& employee) {
  // The kiosk's public view leaves attachments out, and its token can be read off its disk:
  // a screenshot of someone's desktop is not for whoever walks up (docs/design.md section 4).
  if (who.role == Role::Kiosk)
    return make_error(ErrorKind::Forbidden, "forbidden_role", N_("A kiosk does not download attachments."));
  auto allowed = check_read(who, tk, employee);
  if (!allowed) return allowed.error();
  auto file = store_.tickets().attachment(tk, id);
  if (!file) return make_error(ErrorKind::NotFound, "unknown_attachment", N_("There is no such attachment."));
  return std::move(*file);
}

const std::vector<std::string>& list_parameters() {
  static const std::vector<std::string> names{"mine",  "since", "cursor",   "status", "type",  "level",   "group",
                                              "queue", "open",  "breached", "q",      "limit", "assignee"};
  return names;
}

namespace {
Error invalid_parameter(const std::string& name, const std::string& value) {
  return make_error(
      ErrorKind::BadRequest, "invalid_parameter",
      {"Valor no válido para " + name + ": " + value + ".", "Invalid value for " + name + ": " + value + "."}, name);
}
}  // namespace

Result<ListAnswer> TicketService::list(const Identity& who, const ListRequest& request) {
  TicketFilter filter;
  bool desk = who.role == Role::Agent || who.role == Role::Admin;
  switch (who.role) {
    case Role::Kiosk:
      return make_error(ErrorKind::Forbidden, "forbidden_role", N_("A kiosk looks tickets up by number only."));
    case Role::Employee:
      filter.reporter_employee = who.employee;  // an employee only ever sees their own
      break;
    case Role::Agent:
    case Role::Admin:
      if (request.mine) filter.reporter_employee = who.employee;
      break;
  }
  if (!request.since.empty()) {
    if (!is_digits(request.since) || request.since.size() > 18)
      return make_error(ErrorKind::BadRequest, "invalid_cursor", N_("The cursor is not valid."), "since");
    filter.after_change_seq = std::stoll(request.since);
  }
  if (!request.status.empty()) {
    filter.status = parse_status(request.status);
    if (!filter.status) return invalid_parameter("status", request.status);
  }
  if (!request.type.empty()) {
    filter.type = parse_ticket_type(request.type);
    if (!filter.type) return invalid_parameter("type", request.type);
  }
  if (!request.level.empty()) {
    filter.level = parse_level(request.level);
    if (!filter.level || *filter.level == Level::None) return invalid_parameter("level", request.level);
  }
  // The desk's own words ("me", "mine") need an agent's login or group behind them.
  auto needs_desk = [&](const std::string& name, const std::string& value) -> std::optional<Error> {
    if (!desk) return invalid_parameter(name, value);
    return std::nullopt;
  };
  if (!request.group.empty()) {
    if (request.group == "none") {
      filter.group = std::string{};
    } else if (request.group == "mine") {
      if (auto e = needs_desk("group", request.group)) return *e;
      if (who.group.empty())
        return make_error(ErrorKind::BadRequest, "invalid_parameter", N_("Your token belongs to no group."), "group");
      filter.group = who.group;
    } else {
      if (!options_.catalog.group(request.group)) return invalid_parameter("group", request.group);
      filter.group = request.group;
    }
  }
  auto own_login = [&](const std::string& name, const std::string& value) -> Result<std::string> {
    if (auto e = needs_desk(name, value)) return *e;
    if (who.login.empty())
      return make_error(ErrorKind::BadRequest, "invalid_parameter", N_("Your token has no agent login."), name);
    return who.login;
  };
  if (!request.assignee.empty()) {
    if (request.assignee == "none") {
      filter.assignee = std::string{};
    } else if (request.assignee == "me") {
      auto login = own_login("assignee", request.assignee);
      if (!login) return login.error();
      filter.assignee = *login;
    } else {
      if (!is_plain_id(request.assignee)) return invalid_parameter("assignee", request.assignee);
      filter.assignee = request.assignee;
    }
  }
  if (!request.queue.empty()) {
    if (request.queue != "me") return invalid_parameter("queue", request.queue);
    auto login = own_login("queue", request.queue);
    if (!login) return login.error();
    filter.queue_login = *login;
    filter.queue_group = who.group;
  }
  filter.open_only = request.open_only;
  if (request.breached_only) filter.breached_at = clock_();
  filter.text = trim(request.text);
  if (filter.text.size() > 200 || !is_valid_utf8(filter.text)) return invalid_parameter("q", "…");
  filter.limit = std::clamp(request.limit, 1, 1000);
  // An agent without an employee number has reported nothing: checked after the
  // parameters, so that a wrong one is refused all the same.
  if (desk && request.mine && who.employee.empty())
    return ListAnswer{{}, request.since.empty() ? "0" : request.since, false};
  auto found = store_.tickets().list(filter);
  return ListAnswer{std::move(found.tickets), std::to_string(found.last_change_seq), found.more};
}

namespace {

// What a move may need besides the ticket: who makes it, when, the rules' configuration,
// and for an assignment the agent named (looked up before the write).
struct MoveContext {
  const Identity& who;
  std::int64_t now;
  const ServiceOptions& options;
  std::optional<Identity> assignee;
  std::string article_title;  // link_article: the article's title, read before the move
};

void record_change(HistoryEvent& event, const char* field, const std::string& from, const std::string& to) {
  if (from != to) event.changes.push_back(FieldChange{field, from, to});
}

// Who has the ticket changes: the group at the stage's level, and the agent.
void hand_over(Ticket& next, HistoryEvent& event, const std::string& group, const std::string& assignee) {
  record_change(event, "group", next.group, group);
  record_change(event, "assignee", next.assignee, assignee);
  next.group = group;
  next.assignee = assignee;
  if (!next.stages.empty() && next.stages.back().running()) next.stages.back().group = group;
}

Outcome classify(Ticket& next, HistoryEvent& event, const EventRequest& request, const MoveContext& context) {
  const Catalog& catalog = context.options.catalog;
  TicketType type = request.type.value_or(next.type);
  std::string category = request.category.empty() ? next.category : request.category;
  const Category* known = catalog.find(category);
  if (!known)
    return make_error(ErrorKind::Invalid, "invalid_category",
                      {"Categoría desconocida: " + category + ".", "Unknown category: " + category + "."}, "category");
  if (!known->allows(type))
    return make_error(ErrorKind::Invalid, "invalid_category",
                      {"La categoría " + category + " no corresponde al tipo " + std::string(to_string(type)) +
                           "; indique también la categoría.",
                       "The category " + category + " does not belong to the type " + std::string(to_string(type)) +
                           "; give the category too."},
                      "category");
  int impact = request.impact.value_or(next.impact), urgency = request.urgency.value_or(next.urgency);
  int priority = priority_for(impact, urgency);
  record_change(event, "type", std::string(to_string(next.type)), std::string(to_string(type)));
  record_change(event, "category", next.category, category);
  record_change(event, "impact", std::to_string(next.impact), std::to_string(impact));
  record_change(event, "urgency", std::to_string(next.urgency), std::to_string(urgency));
  record_change(event, "priority", std::to_string(next.priority), std::to_string(priority));
  bool was_security = next.type == TicketType::SecurityIncident;
  next.type = type;
  next.category = category;
  next.impact = impact;
  next.urgency = urgency;
  next.priority = priority;
  // A ticket found to be (or not to be) a security incident while at the first stage moves
  // between the first level and the SOC; its clock keeps its start.
  bool is_security = type == TicketType::SecurityIncident;
  Level entry = intake_level(type);
  if (was_security != is_security && (next.level == Level::First || next.level == Level::Soc)) {
    record_change(event, "level", std::string(to_string(next.level)), std::string(to_string(entry)));
    next.level = entry;
    if (!next.stages.empty() && next.stages.back().running()) next.stages.back().level = entry;
    hand_over(next, event, catalog.intake_group(entry), "");
  }
  const ServiceLevelPolicy& policy = context.options.service_levels;
  // A new type may mean a new clock (security runs around the clock): the waits already
  // over are counted again on it.
  if (was_security != is_security && !next.stages.empty() && next.stages.back().running())
    next.stages.back().paused_seconds = paused_working_time(next, policy.clock_for(next.type));
  retarget_stage(next, context.now, policy);
  return Done{};
}

Outcome assign(Ticket& next, HistoryEvent& event, const EventRequest& request, const MoveContext& context) {
  const Catalog& catalog = context.options.catalog;
  std::string group = request.group;
  if (!request.assignee.empty() && !context.assignee)
    return make_error(ErrorKind::Invalid, "unknown_agent",
                      {"No hay un agente con el login " + request.assignee + ".",
                       "There is no agent with the login " + request.assignee + "."},
                      "assignee");
  if (group.empty()) {
    // The agent's own group when it works at this level; else the ticket stays in its group.
    const DeskGroup* own = context.assignee ? catalog.group(context.assignee->group) : nullptr;
    group = own && own->level == next.level ? own->id : next.group;
  }
  const DeskGroup* target = catalog.group(group);
  if (!target)
    return make_error(ErrorKind::Invalid, "unknown_group",
                      {"Grupo desconocido: " + group + ".", "Unknown group: " + group + "."}, "group");
  if (target->level != next.level)
    return make_error(ErrorKind::Conflict, "wrong_level",
                      {"El grupo " + group + " atiende otro nivel; para pasar el ticket de nivel use escalar.",
                       "The group " + group + " works at another level; to move the ticket up a level, escalate it."},
                      "group");
  // A new group without a named agent leaves the ticket to the group.
  std::string assignee = context.assignee ? context.assignee->login : group == next.group ? next.assignee : "";
  hand_over(next, event, group, assignee);
  return Done{};
}

Result<Ticket> apply_transition(const Ticket& current, const Transition& tr, const EventRequest& request,
                                const MoveContext& context) {
  const ServiceLevelPolicy& policy = context.options.service_levels;
  const Catalog& catalog = context.options.catalog;
  std::int64_t now = context.now;
  Ticket next = current;
  HistoryEvent event;
  event.at = now;
  event.by = context.who.actor();
  event.action = request.action;
  event.from_known = true;
  event.from_status = current.status;
  event.from_level = current.visible_level();
  event.to_status = tr.to_status;
  next.status = tr.to_status;
  next.level = tr.to_level;
  event.note = request.note;
  switch (request.action) {
    case Action::Take: {
      // The caller's own group when it works at this level; the ticket's group otherwise.
      const DeskGroup* own = catalog.group(context.who.group);
      // A token without a login (made before agents had one) moves the ticket but cannot
      // hold it: whoever held it keeps it.
      hand_over(next, event, own && own->level == next.level ? own->id : next.group,
                context.who.login.empty() ? next.assignee : context.who.login);
      break;
    }
    case Action::Escalate:
      end_stage(next, now, policy);
      hand_over(next, event, catalog.intake_group(next.level), "");
      start_stage(next, next.level, next.group, now, policy);
      break;
    case Action::Vendor:
      next.vendor_ref = request.vendor_ref;
      if (event.note.empty()) event.note = "Referencia del fabricante: " + request.vendor_ref;
      break;
    case Action::AskUser: pause_stage(next, now); break;
    case Action::Answer: resume_stage(next, now, policy); break;
    case Action::Resolve:
      next.resolution_notes = request.note;
      next.resolved_at = now;
      end_stage(next, now, policy);
      break;
    case Action::Reopen:
      next.resolved_at = 0;
      start_stage(next, next.level, next.group, now, policy);
      break;
    case Action::CloseNotResolved:
      next.containment = request.containment;
      next.resolved_at = now;
      end_stage(next, now, policy);
      if (event.note.empty()) event.note = request.containment;
      break;
    case Action::Classify:
      if (auto done = classify(next, event, request, context); !done) return done.error();
      break;
    case Action::Assign:
      if (auto done = assign(next, event, request, context); !done) return done.error();
      break;
    case Action::LinkArticle: {
      std::string id = std::to_string(request.article);
      for (const auto& e : current.history)
        if (e.action == Action::LinkArticle)
          for (const auto& c : e.changes)
            if (c.field == "article" && c.to == id)
              return make_error(ErrorKind::Conflict, "already_linked",
                                {"El artículo " + id + " ya está vinculado a este ticket.",
                                 "Article " + id + " is already linked to this ticket."},
                                "article");
      event.changes.push_back(FieldChange{"article", "", id});
      // The history reads on its own: the article's title stands in for a note not given.
      if (event.note.empty()) event.note = context.article_title;
      break;
    }
    case Action::Rate:
      if (current.satisfaction.rating)
        return make_error(ErrorKind::Conflict, "already_rated", N_("This ticket has been rated already."));
      if (now - current.closed_at > context.options.rating_window_seconds)
        return make_error(ErrorKind::Conflict, "rating_closed", N_("The 14 days to rate this ticket are over."));
      break;
    default: break;
  }
  if (request.rating && (request.action == Action::Confirm || request.action == Action::Rate)) {
    next.satisfaction = Satisfaction{*request.rating, request.comment, now};
    event.changes.push_back(FieldChange{"rating", "", std::to_string(*request.rating)});
    if (event.note.empty()) event.note = request.comment;
  }
  if (next.status == Status::Closed && current.status != Status::Closed) next.closed_at = now;
  event.to_level = next.visible_level();
  if (tr.move->resolution != Resolution::None) next.resolution = tr.move->resolution;
  next.updated_at = now;
  next.history.push_back(std::move(event));
  return next;
}

}  // namespace

Result<Ticket> TicketService::apply(const Identity& who, const std::string& tk, const EventRequest& request,
                                    const std::string& idempotency_key, const std::string& employee) {
  if (who.role == Role::Kiosk) {
    // The survey at the kiosk (docs/design.md section 9): the person who looked their ticket up
    // answers "¿Quedó resuelto?" there; nothing else moves a ticket from a shared screen.
    bool survey =
        request.action == Action::Confirm || request.action == Action::Reopen || request.action == Action::Rate;
    if (!survey)
      return make_error(ErrorKind::Forbidden, "forbidden_role",
                        N_("A kiosk only confirms, reopens or rates a ticket it looked up."));
    if (auto allowed = check_read(who, tk, employee); !allowed) return allowed.error();
  }
  if (auto valid = validate_event(request); !valid) return valid.error();
  if (!is_well_formed_tk(tk)) return unknown_ticket(tk);
  if (idempotency_key.size() > 200 || !is_valid_utf8(idempotency_key))
    return make_error(ErrorKind::BadRequest, "invalid_idempotency_key", N_("The Idempotency-Key is not valid."),
                      "Idempotency-Key");
  if (request.rating && request.action != Action::Confirm && request.action != Action::Rate)
    return make_error(ErrorKind::Invalid, "unexpected_field", N_("A rating goes only with confirm or rate."), "rating");
  MoveContext context{who, clock_(), options_, std::nullopt, {}};
  EventKey key{who.token_id, idempotency_key, idempotency_key.empty() ? "" : sha256_hex(to_json(request).dump())};
  if (request.action == Action::Assign && !request.assignee.empty() && is_plain_id(request.assignee))
    context.assignee = store_.access().find_agent(request.assignee);
  if (request.action == Action::LinkArticle && request.article > 0 && is_desk(who)) {
    auto article = store_.knowledge().article(request.article);
    if (!article) return unknown_article(request.article);
    context.article_title = article->title;
  }
  return store_.tickets().update(
      tk,
      [&](const Ticket& current) -> Result<Ticket> {
        bool owner = (who.role == Role::Employee && current.reporter.employee == who.employee) ||
                     (who.role == Role::Kiosk && current.reporter.employee == employee);
        if (who.role == Role::Employee && !owner) return unknown_ticket(tk);
        auto transition = decide(current, who, owner, request);
        if (!transition) return transition.error();
        // A bound on what one ticket can grow to: every read carries its whole history.
        if (current.history.size() >= kMaxHistoryEvents)
          return make_error(ErrorKind::Conflict, "history_full",
                            N_("This ticket already has too many moves and comments; open a new one."));
        return apply_transition(current, *transition, request, context);
      },
      &key);
}

int TicketService::auto_close() {
  std::int64_t now = clock_();
  int closed = 0;
  for (const auto& tk : store_.tickets().resolved_before(now - options_.auto_close_after_seconds)) {
    auto result = store_.tickets().update(tk, [&](const Ticket& current) -> Result<Ticket> {
      if (current.status != Status::Resolved)
        return make_error(ErrorKind::Conflict, "not_resolved", N_("It is no longer resolved."));
      Ticket next = current;
      HistoryEvent event;
      event.at = now;
      event.by = "system";
      event.action = Action::AutoClose;
      event.from_known = true;
      event.from_status = Status::Resolved;
      event.to_status = Status::Closed;
      event.note = "Cerrado automáticamente: el usuario no respondió a la solución.";
      next.status = Status::Closed;
      next.resolution = Resolution::Resolved;
      next.closed_at = now;
      next.updated_at = now;
      next.history.push_back(std::move(event));
      return next;
    });
    if (result) ++closed;
  }
  return closed;
}

}  // namespace tk::server
