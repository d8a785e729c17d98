#include "ticket_service.h"

#include "tk/json_mapping.h"
#include "tk/text.h"

namespace tk::server {

bool LookupLimiter::begin(std::int64_t token_id, std::int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& track = tracks_[token_id];
  if (now < track.blocked_until) return false;
  while (!track.failures.empty() && track.failures.front() <= now - window_) track.failures.pop_front();
  if (static_cast<int>(track.failures.size()) + track.in_progress >= allowed_) return false;
  ++track.in_progress;
  return true;
}

void LookupLimiter::end(std::int64_t token_id, std::int64_t now, bool failed) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& track = tracks_[token_id];
  --track.in_progress;
  if (!failed) return;
  track.failures.push_back(now);
  while (!track.failures.empty() && track.failures.front() <= now - window_) track.failures.pop_front();
  if (static_cast<int>(track.failures.size()) >= allowed_) track.blocked_until = now + window_;
}

TicketService::TicketService(TicketStore& store, ServiceOptions options, Clock clock)
    : store_(store),
      options_(std::move(options)),
      clock_(std::move(clock)),
      limiter_(options_.lookup_failures_allowed, options_.lookup_window_seconds) {}

std::string TicketService::create_token(Identity identity) {
  // 32 random bytes; the "tk_" prefix keeps tokens from ever starting with '-'.
  std::string token = "tk_" + random_token(32);
  identity.token_id = store_.add_token(sha256_hex(token), identity);
  return token;
}

Result<Identity> TicketService::authenticate(const std::string& token) {
  if (token.empty())
    return make_error(ErrorKind::Unauthorized, "unauthorized",
                      {"Falta el token de acceso.", "The access token is missing."});
  // Tokens carry 256 random bits, so an unsalted SHA-256 is enough to keep the stored
  // hashes useless to a reader of the database.
  std::string hash = sha256_hex(token);
  {
    std::shared_lock<std::shared_mutex> lock(tokens_mutex_);
    if (auto it = known_tokens_.find(hash); it != known_tokens_.end()) return it->second;
  }
  auto identity = store_.find_token(hash);
  if (!identity)
    return make_error(ErrorKind::Unauthorized, "unauthorized",
                      {"El token de acceso no es válido.", "The access token is not valid."});
  std::unique_lock<std::shared_mutex> lock(tokens_mutex_);
  known_tokens_.emplace(hash, *identity);
  return *identity;
}

Result<CreatedTicket> TicketService::create(const Identity& who, NewTicket t, const std::string& key) {
  switch (who.role) {
    case Role::Employee:
      if (!t.reporter.employee.empty() && t.reporter.employee != who.employee)
        return make_error(ErrorKind::Forbidden, "not_yours",
                          {"Solo puede reportar a su propio nombre.", "You can only report in your own name."},
                          "reporter.employee");
      t.reporter.employee = who.employee;
      if (t.reporter.name.empty()) t.reporter.name = who.name;
      if (t.channel != Channel::Tray && t.channel != Channel::Api)
        return make_error(ErrorKind::Invalid, "invalid_channel",
                          {"Canal no permitido para este token.", "Channel not allowed for this token."}, "channel");
      break;
    case Role::Kiosk:
      if (t.reporter.employee.empty())
        return make_error(
            ErrorKind::Invalid, "required",
            {"El quiosco debe indicar el número de empleado.", "The kiosk must give the employee number."},
            "reporter.employee");
      t.channel = Channel::Kiosk;
      break;
    case Role::Agent:
    case Role::Admin:
      return make_error(ErrorKind::Forbidden, "forbidden_role",
                        {"Los tickets se registran con un token de empleado o de quiosco.",
                         "Tickets are filed with an employee's or a kiosk's token."});
  }
  t.summary = trim(t.summary);
  t.description = trim(t.description);
  if (key.size() > 200 || (!key.empty() && !is_valid_utf8(key)))
    return make_error(ErrorKind::BadRequest, "invalid_idempotency_key",
                      {"La clave Idempotency-Key no es válida.", "The Idempotency-Key is not valid."},
                      "Idempotency-Key");
  std::string fingerprint = key.empty() ? std::string{} : sha256_hex(to_json(t).dump());
  // A key seen before is answered with its ticket before anything else is checked: rules
  // or the catalog may have changed since, and a resend must never become a refusal.
  if (!key.empty()) {
    if (auto earlier = store_.find_by_key(who.token_id, key)) {
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
  draft.created_at = draft.updated_at = draft.stage_started_at = now;
  draft.sla_due_at = initial_due_at(t.type, draft.priority, now, options_.service_levels);
  HistoryEvent registered;
  registered.at = now;
  registered.by = who.actor();
  registered.action = Action::Register;
  registered.to_status = Status::Registered;
  draft.history.push_back(registered);
  return store_.create(std::move(draft), std::move(t.attachments), who.token_id, key, fingerprint);
}

Result<TicketHead> TicketService::check_read(const Identity& who, const std::string& tk, const std::string& employee) {
  std::int64_t now = clock_();
  if (who.role == Role::Kiosk) {
    if (!limiter_.begin(who.token_id, now))
      return make_error(ErrorKind::TooManyRequests, "too_many_lookups",
                        {"Demasiadas consultas fallidas. Espere un minuto e intente de nuevo.",
                         "Too many failed look-ups. Wait a minute and try again."});
    auto ticket = is_well_formed_tk(tk) && is_digits(employee) ? store_.head(tk) : std::nullopt;
    bool found = ticket && ticket->reporter_employee == employee;
    limiter_.end(who.token_id, now, !found);
    if (!found)
      return make_error(ErrorKind::NotFound, "unknown_tk",
                        {"No encontramos un ticket con ese número para ese número de empleado.",
                         "We found no ticket with that number for that employee number."});
    return std::move(*ticket);
  }
  auto ticket = is_well_formed_tk(tk) ? store_.head(tk) : std::nullopt;
  if (!ticket) return unknown_ticket(tk);
  if (who.role == Role::Employee && ticket->reporter_employee != who.employee)
    return make_error(ErrorKind::Forbidden, "not_yours", {"Este ticket no es suyo.", "This ticket is not yours."});
  return std::move(*ticket);
}

Result<Ticket> TicketService::get(const Identity& who, const std::string& tk, const std::string& employee) {
  auto allowed = check_read(who, tk, employee);
  if (!allowed) return allowed.error();
  auto ticket = store_.find(tk);
  if (!ticket) return unknown_ticket(tk);
  return std::move(*ticket);
}

Result<StoredAttachment> TicketService::attachment(const Identity& who, const std::string& tk, std::int64_t id,
                                                   const std::string& employee) {
  auto allowed = check_read(who, tk, employee);
  if (!allowed) return allowed.error();
  auto file = store_.attachment(tk, id);
  if (!file)
    return make_error(ErrorKind::NotFound, "unknown_attachment",
                      {"No existe ese adjunto.", "There is no such attachment."});
  return std::move(*file);
}

Result<ListAnswer> TicketService::list(const Identity& who, const ListRequest& request) {
  TicketFilter filter;
  switch (who.role) {
    case Role::Kiosk:
      return make_error(ErrorKind::Forbidden, "forbidden_role",
                        {"Un quiosco solo consulta tickets por número.", "A kiosk looks tickets up by number only."});
    case Role::Employee:
      filter.reporter_employee = who.employee;  // an employee only ever sees their own
      break;
    case Role::Agent:
    case Role::Admin:
      if (request.mine) {
        if (who.employee.empty()) return ListAnswer{{}, request.since.empty() ? "0" : request.since, false};
        filter.reporter_employee = who.employee;
      }
      break;
  }
  if (!request.since.empty()) {
    if (!is_digits(request.since) || request.since.size() > 18)
      return make_error(ErrorKind::BadRequest, "invalid_cursor",
                        {"El cursor no es válido.", "The cursor is not valid."}, "since");
    filter.after_change_seq = std::stoll(request.since);
  }
  if (!request.status.empty()) {
    filter.status = parse_status(request.status);
    if (!filter.status)
      return make_error(ErrorKind::BadRequest, "invalid_status", {"Estado desconocido.", "Unknown status."}, "status");
  }
  filter.open_only = request.open_only;
  filter.limit = std::clamp(request.limit, 1, 1000);
  auto found = store_.list(filter);
  ListAnswer answer{std::move(found.tickets), std::to_string(found.last_change_seq), found.more};
  if (request.breached_only) {
    std::int64_t now = clock_();
    answer.tickets.erase(std::remove_if(answer.tickets.begin(), answer.tickets.end(),
                                        [now](const Ticket& t) { return !is_breached(t, now); }),
                         answer.tickets.end());
  }
  return answer;
}

namespace {

Ticket apply_transition(const Ticket& current, const Transition& tr, const EventRequest& request,
                        const std::string& actor, std::int64_t now, const ServiceLevelPolicy& policy) {
  Ticket next = current;
  HistoryEvent event;
  event.at = now;
  event.by = actor;
  event.action = request.action;
  event.from_known = true;
  event.from_status = current.status;
  event.from_level = current.visible_level();
  event.to_status = tr.to_status;
  next.status = tr.to_status;
  next.level = tr.to_level;
  event.to_level = next.visible_level();
  event.note = request.note;
  switch (request.action) {
    case Action::Vendor:
      next.vendor_ref = request.vendor_ref;
      if (event.note.empty()) event.note = "Referencia del fabricante: " + request.vendor_ref;
      break;
    case Action::Resolve:
      next.resolution_notes = request.note;
      next.resolved_at = now;
      break;
    case Action::Reopen: next.resolved_at = 0; break;
    case Action::CloseNotResolved:
      next.containment = request.containment;
      next.resolved_at = now;
      if (event.note.empty()) event.note = request.containment;
      break;
    default: break;
  }
  if (tr.move->resolution != Resolution::None) next.resolution = tr.move->resolution;
  next.sla_due_at = due_after_move(current, tr.to_status, tr.to_level, now, policy);
  if (next.sla_due_at != current.sla_due_at) next.stage_started_at = now;
  next.updated_at = now;
  next.history.push_back(std::move(event));
  return next;
}

}  // namespace

Result<Ticket> TicketService::apply(const Identity& who, const std::string& tk, const EventRequest& request) {
  if (who.role == Role::Kiosk)
    return make_error(ErrorKind::Forbidden, "forbidden_role",
                      {"Un quiosco no puede mover tickets.", "A kiosk cannot move tickets."});
  if (auto valid = validate_event(request); !valid) return valid.error();
  if (!is_well_formed_tk(tk)) return unknown_ticket(tk);
  std::int64_t now = clock_();
  const auto& policy = options_.service_levels;
  return store_.update(tk, [&](const Ticket& current) -> Result<Ticket> {
    bool owner = who.role == Role::Employee && current.reporter.employee == who.employee;
    if (who.role == Role::Employee && !owner)
      return make_error(ErrorKind::Forbidden, "not_yours", {"Este ticket no es suyo.", "This ticket is not yours."});
    auto transition = decide(current, who, owner, request);
    if (!transition) return transition.error();
    // A bound on what one ticket can grow to: every read carries its whole history.
    if (current.history.size() >= kMaxHistoryEvents)
      return make_error(ErrorKind::Conflict, "history_full",
                        {"Este ticket ya tiene demasiados movimientos y comentarios; abra uno nuevo.",
                         "This ticket already has too many moves and comments; open a new one."});
    return apply_transition(current, *transition, request, who.actor(), now, policy);
  });
}

int TicketService::auto_close() {
  std::int64_t now = clock_();
  int closed = 0;
  for (const auto& tk : store_.resolved_before(now - options_.auto_close_after_seconds)) {
    auto result = store_.update(tk, [&](const Ticket& current) -> Result<Ticket> {
      if (current.status != Status::Resolved)
        return make_error(ErrorKind::Conflict, "not_resolved", {"Ya no está resuelto.", "It is no longer resolved."});
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
      next.updated_at = now;
      next.history.push_back(std::move(event));
      return next;
    });
    if (result) ++closed;
  }
  return closed;
}

}  // namespace tk::server
