#include "ticket_service.h"

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

bool FailureLimiter::begin(const std::string& party, std::int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Parties come from strangers (addresses, account names): quiet ones are forgotten before
  // they pile up, in a sweep that runs again only once the map has doubled.
  if (tracks_.size() >= sweep_at_) {
    for (auto it = tracks_.begin(); it != tracks_.end();) {
      const Track& t = it->second;
      bool quiet =
          t.in_progress == 0 && now >= t.blocked_until && (t.failures.empty() || t.failures.back() <= now - window_);
      it = quiet ? tracks_.erase(it) : std::next(it);
    }
    sweep_at_ = std::max<std::size_t>(4096, tracks_.size() * 2);
  }
  auto& track = tracks_[party];
  if (now < track.blocked_until) return false;
  while (!track.failures.empty() && track.failures.front() <= now - window_) track.failures.pop_front();
  if (static_cast<int>(track.failures.size()) + track.in_progress >= allowed_) return false;
  ++track.in_progress;
  return true;
}

void FailureLimiter::end(const std::string& party, std::int64_t now, bool failed) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& track = tracks_[party];
  --track.in_progress;
  if (!failed) return;
  track.failures.push_back(now);
  while (!track.failures.empty() && track.failures.front() <= now - window_) track.failures.pop_front();
  if (static_cast<int>(track.failures.size()) >= allowed_) track.blocked_until = now + window_;
}

TicketService::TicketService(Storage& store, ServiceOptions options, Clock clock)
    : store_(store),
      options_(std::move(options)),
      clock_(std::move(clock)),
      limiter_(options_.lookup_failures_allowed, options_.lookup_window_seconds),
      account_failures_(options_.account_failures_allowed, 15 * 60) {}

std::string TicketService::create_token(Identity identity, std::int64_t expires_at) {
  // 32 random bytes; the "tk_" prefix keeps tokens from ever starting with '-'.
  std::string token = "tk_" + random_token(32);
  identity.token_id = store_.access().add_token(sha256_hex(token), identity, expires_at);
  return token;
}

namespace {
constexpr char kCodeAlphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";  // no 0/O, 1/I/L
constexpr std::size_t kCodeLetters = 12;

// What people type back: upper case, without spaces or dashes; empty when it cannot be one.
std::string normal_code(const std::string& typed) {
  std::string code;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!std::strchr(kCodeAlphabet, upper) || upper == '\0') return {};
    code.push_back(upper);
  }
  return code.size() == kCodeLetters ? code : std::string();
}
}  // namespace

std::string TicketService::create_enrolment(const std::string& employee, const std::string& name, int hours) {
  std::string random = platform::secure_random_bytes(kCodeLetters);
  std::string code;
  for (std::size_t i = 0; i < kCodeLetters; ++i) {
    if (i && i % 4 == 0) code.push_back('-');
    // 256 is not a multiple of 31: the first letters are a little likelier, which costs
    // well under a bit of the code's strength.
    code.push_back(kCodeAlphabet[static_cast<unsigned char>(random[i]) % (sizeof(kCodeAlphabet) - 1)]);
  }
  std::int64_t now = clock_();
  store_.access().add_enrolment(sha256_hex(normal_code(code)), employee, name, now, now + std::int64_t{hours} * 3600);
  return code;
}

namespace {
// One line of text without control characters: it is shown in an administrator's terminal.
std::optional<Error> check_device(const std::string& device) {
  // Bidi overrides, line separators and invisible characters too: the name is shown in an
  // administrator's token list, where two computers must not look alike.
  bool controls = has_unsafe_characters(device) || has_invisible_characters(device);
  if (controls || !is_valid_utf8(device) || utf8_length(device) > 64)
    return make_error(ErrorKind::Invalid, "invalid_device",
                      {"El nombre del equipo no es válido (una línea, hasta 64 caracteres).",
                       "The computer's name is not valid (one line, up to 64 characters)."},
                      "device");
  return std::nullopt;
}

}  // namespace

Result<TicketService::Enrolled> TicketService::enrol(const std::string& typed, const std::string& device,
                                                     const std::string& address) {
  std::string code = normal_code(typed);
  auto unknown = [] {
    return make_error(ErrorKind::NotFound, "unknown_code",
                      {"El código de inscripción no existe, ya se usó o venció. Pida otro a la mesa de servicios.",
                       "The enrolment code does not exist, was used already or expired. Ask the service desk for "
                       "another."},
                      "code");
  };
  if (auto bad = check_device(device)) return *bad;
  FailureLimiter::Attempt from_address(address_failures_, "address " + address, clock_());
  if (!from_address.admitted()) {
    log::warning("auth", "enrolment refused from " + address + ": too many wrong codes");
    return too_many_attempts();
  }
  bool open = !code.empty() && store_.access().enrolment_open(sha256_hex(code), clock_());
  from_address.end(clock_(), !open);
  // The code is a secret (never logged); where the guess came from is not.
  if (!open) {
    log::warning("auth", "enrolment code refused from " + address);
    return unknown();
  }
  std::string token = "tk_" + random_token(32);
  auto identity = store_.access().redeem_enrolment(sha256_hex(code), sha256_hex(token), device, clock_());
  if (!identity) return unknown();
  forget_tokens_of(identity->employee);
  return Enrolled{token, *identity};
}

Result<TicketService::Enrolled> TicketService::enrol_with_directory(const std::string& user,
                                                                    const std::string& password,
                                                                    const std::string& device,
                                                                    const std::string& address) {
  if (!directory_)
    return make_error(ErrorKind::NotFound, "directory_not_configured",
                      {"Este servidor no inscribe con la cuenta del directorio; pida un código de inscripción a la "
                       "mesa de servicios.",
                       "This server does not enrol with directory accounts; ask the service desk for an enrolment "
                       "code."});
  if (auto bad = check_device(device)) return *bad;
  // What an administrator needs to see a brute force or a lockout: the account as typed
  // (never the password) and where from. A name no account can have is not written: it
  // may be a password typed into the wrong field.
  auto refused = [&](const Error& why) {
    std::string account = is_valid_account_name(user) ? "\"" + user + "\"" : std::string("(not an account name)");
    log::warning("auth", "directory sign-in refused (" + why.code + ") for account " + account + " from " + address);
    return why;
  };
  // Every sign-in that reaches the directory counts here, whatever its outcome: a right
  // password too, since each one holds the directory for a moment and makes a token. (A
  // try turned away as busy is given back uncounted: retrying must not lock anyone out.)
  FailureLimiter::Attempt by_address(sign_ins_by_address_, "address " + address, clock_());
  if (!by_address.admitted()) return refused(too_many_sign_ins());
  FailureLimiter::Attempt from_address(address_failures_, "address " + address, clock_());
  if (!from_address.admitted()) return refused(too_many_attempts());
  // A name no account can have is a failure of the address only: it never reaches the
  // directory, and strangers' junk does not fill the accounts' table.
  if (!is_valid_account_name(user) || password.empty()) {
    from_address.end(clock_(), true);
    return refused(wrong_credentials());
  }
  // Names differ only in case for the directory ("JPerez", "jperez"): one count for both.
  FailureLimiter::Attempt by_account(sign_ins_by_account_, "account " + lower_ascii(user), clock_());
  if (!by_account.admitted()) return refused(too_many_sign_ins());
  FailureLimiter::Attempt for_account(account_failures_, "account " + lower_ascii(user), clock_());
  if (!for_account.admitted()) return refused(too_many_attempts());
  auto slot = directory_slots_.take(address);
  if (!slot)
    return refused(
        make_error(ErrorKind::Unavailable, "directory_busy",
                   {"El servidor está atendiendo otros inicios de sesión; intente de nuevo en unos segundos.",
                    "The server is busy with other sign-ins; try again in a few seconds."}));
  by_address.end(clock_(), true);
  by_account.end(clock_(), true);
  // The entry found counts too: a filter that takes several attributes (sAMAccountName or
  // userPrincipalName) gives one person several names, and the lock is the person's.
  std::optional<FailureLimiter::Attempt> for_entry;
  auto before_password = [&](const std::string& dn) {
    for_entry.emplace(account_failures_, "entry " + lower_ascii(dn), clock_());
    return for_entry->admitted();
  };
  Result<DirectoryAccount> signed_in = directory_->sign_in(user, password, before_password);
  slot.reset();
  bool wrong = !signed_in && signed_in.error().code == "invalid_credentials";
  if (for_entry) for_entry->end(clock_(), wrong);
  for_account.end(clock_(), wrong);
  from_address.end(clock_(), wrong);
  if (!signed_in) return refused(signed_in.error());

  Identity identity;
  identity.role = Role::Employee;
  identity.employee = signed_in->employee;
  // The device in the token's name tells an administrator's token list which one it is;
  // signing in again from the same device replaces that device's token.
  identity.name = device.empty() ? signed_in->name : signed_in->name + " (" + device + ")";
  std::string token = "tk_" + random_token(32);
  identity.token_id = store_.access().replace_device_token(sha256_hex(token), identity, device, clock_());
  forget_tokens_of(identity.employee);
  identity.name = signed_in->name;
  return Enrolled{token, identity};
}

std::optional<DirectorySlots::Slot> DirectorySlots::take(const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (in_use_ >= kAtOnce) return std::nullopt;
  // One address holds one slot at most: a loop signing in from one computer, even with a
  // right password, leaves the other slot to everyone else.
  if (by_address_[address] >= kPerAddress) return std::nullopt;
  ++in_use_;
  ++by_address_[address];
  return Slot(this, address);
}

void DirectorySlots::give_back(const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  --in_use_;
  if (auto it = by_address_.find(address); it != by_address_.end() && --it->second <= 0) by_address_.erase(it);
}

void TicketService::forget_tokens_of(const std::string& employee) {
  std::unique_lock<std::shared_mutex> lock(tokens_mutex_);
  for (auto it = known_tokens_.begin(); it != known_tokens_.end();)
    it = it->second.identity.employee == employee && it->second.identity.role == Role::Employee
             ? known_tokens_.erase(it)
             : std::next(it);
}

Result<Identity> TicketService::authenticate(const std::string& token) {
  if (token.empty())
    return make_error(ErrorKind::Unauthorized, "unauthorized",
                      {"Falta el token de acceso.", "The access token is missing."});
  // Tokens carry 256 random bits, so an unsalted SHA-256 is enough to keep the stored
  // hashes useless to a reader of the database.
  std::string hash = sha256_hex(token);
  auto steady_now = std::chrono::steady_clock::now();
  std::int64_t now = clock_();
  std::optional<KnownToken> known;
  {
    std::shared_lock<std::shared_mutex> lock(tokens_mutex_);
    if (auto it = known_tokens_.find(hash);
        it != known_tokens_.end() && steady_now - it->second.checked < kTokenRecheck)
      known = it->second;
  }
  if (!known) {
    auto stored = store_.access().find_token(hash);
    if (!stored || stored->revoked_at) {
      std::unique_lock<std::shared_mutex> lock(tokens_mutex_);
      known_tokens_.erase(hash);
      if (!stored)
        return make_error(ErrorKind::Unauthorized, "unauthorized",
                          {"El token de acceso no es válido.", "The access token is not valid."});
      return make_error(ErrorKind::Unauthorized, "token_revoked",
                        {"Este token de acceso fue revocado; pida uno nuevo a la mesa de servicios.",
                         "This access token was revoked; ask the service desk for a new one."});
    }
    std::unique_lock<std::shared_mutex> lock(tokens_mutex_);
    auto& entry = known_tokens_[hash];
    entry.identity = stored->identity;
    entry.expires_at = stored->expires_at;
    entry.checked = steady_now;
    known = entry;
  }
  if (known->expires_at && now >= known->expires_at)
    return make_error(ErrorKind::Unauthorized, "token_expired",
                      {"Este token de acceso venció; pida uno nuevo a la mesa de servicios.",
                       "This access token has expired; ask the service desk for a new one."});
  // The last use is written at most once a minute per token: a write per request would
  // queue behind every report.
  if (now - known->use_recorded_at >= 60) {
    {
      std::unique_lock<std::shared_mutex> lock(tokens_mutex_);
      if (auto it = known_tokens_.find(hash); it != known_tokens_.end()) it->second.use_recorded_at = now;
    }
    store_.access().record_token_use(known->identity.token_id, now);
  }
  return known->identity;
}

std::vector<TokenInfo> TicketService::tokens() { return store_.access().list_tokens(); }

bool TicketService::revoke_token(std::int64_t token_id) {
  bool found = store_.access().revoke_token(token_id, clock_());
  // This process forgets at once; other processes within kTokenRecheck.
  std::unique_lock<std::shared_mutex> lock(tokens_mutex_);
  for (auto it = known_tokens_.begin(); it != known_tokens_.end();)
    it = it->second.identity.token_id == token_id ? known_tokens_.erase(it) : std::next(it);
  return found;
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
      // The desk registers a call, an e-mail or a visit for its caller (procedure 3, activity 1).
      if (t.reporter.employee.empty())
        return make_error(
            ErrorKind::Invalid, "required",
            {"Indique el número de empleado de quien reporta.", "Give the employee number of the person reporting."},
            "reporter.employee");
      if (t.channel == Channel::Api) t.channel = Channel::Phone;
      if (t.channel != Channel::Phone && t.channel != Channel::Email && t.channel != Channel::InPerson)
        return make_error(ErrorKind::Invalid, "invalid_channel",
                          {"La mesa registra por teléfono (phone), correo (email) o en persona (in_person).",
                           "The desk registers by phone, email or in_person."},
                          "channel");
      break;
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
                        {"Demasiadas consultas fallidas. Espere un minuto e intente de nuevo.",
                         "Too many failed look-ups. Wait a minute and try again."});
    auto ticket = is_well_formed_tk(tk) && is_digits(employee) ? store_.tickets().head(tk) : std::nullopt;
    bool found = ticket && ticket->reporter_employee == employee;
    limiter_.end(std::to_string(who.token_id), now, !found);
    if (!found)
      return make_error(ErrorKind::NotFound, "unknown_tk",
                        {"No encontramos un ticket con ese número para ese número de empleado.",
                         "We found no ticket with that number for that employee number."});
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
    return make_error(ErrorKind::Forbidden, "forbidden_role",
                      {"Un quiosco no descarga adjuntos.", "A kiosk does not download attachments."});
  auto allowed = check_read(who, tk, employee);
  if (!allowed) return allowed.error();
  auto file = store_.tickets().attachment(tk, id);
  if (!file)
    return make_error(ErrorKind::NotFound, "unknown_attachment",
                      {"No existe ese adjunto.", "There is no such attachment."});
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

Result<Json> TicketService::quality_report(const Identity& who, const std::string& from, const std::string& to) {
  if (who.role != Role::Agent && who.role != Role::Admin)
    return make_error(ErrorKind::Forbidden, "forbidden_role",
                      {"El informe de calidad es para la mesa de servicios y la dirección.",
                       "The quality report is for the service desk and management."});
  auto period = quality_period(from, to, now(), options_.service_levels.calendar.utc_offset());
  if (!period) return period.error();
  return quality_report_json(*period, store_.quality().figures(*period), options_.objectives);
}

namespace {
bool is_desk(const Identity& who) { return who.role == Role::Agent || who.role == Role::Admin; }

// An article's page lists its most recent cases; more would not be read.
constexpr int kMaxArticleLinksShown = 50;
// A lobby kiosk may honestly deflect the same problem for many people in a day.
constexpr int kKioskFeedbackPerArticleDay = 100;

Error no_article(std::int64_t id) {
  return make_error(
      ErrorKind::NotFound, "unknown_article",
      {"No existe el artículo " + std::to_string(id) + ".", "There is no article " + std::to_string(id) + "."});
}
}  // namespace

Result<std::vector<KbHit>> TicketService::kb_search(const Identity& who, const std::string& text, int limit) {
  limit = std::clamp(limit, 1, 50);
  if (trim(text).empty()) return store_.knowledge().latest_articles(!is_desk(who), limit);
  return store_.knowledge().search_articles(spanish_match_query(text), !is_desk(who), limit);
}

Result<KbArticle> TicketService::kb_article(const Identity& who, std::int64_t id) {
  auto article = store_.knowledge().article(id);
  // A draft is the desk's: to anyone else it does not exist.
  if (!article || (!article->published && !is_desk(who))) return no_article(id);
  if (is_desk(who)) article->links = store_.knowledge().article_links(id, kMaxArticleLinksShown);
  return std::move(*article);
}

Outcome TicketService::may_write_articles(const Identity& who) const {
  if (!is_desk(who))
    return make_error(ErrorKind::Forbidden, "forbidden_role",
                      {"Solo la mesa de servicios escribe artículos.", "Only the service desk writes articles."});
  return Done{};
}

Result<KbArticle> TicketService::kb_save(const Identity& who, std::int64_t id, KbArticle article) {
  if (auto allowed = may_write_articles(who); !allowed) return allowed.error();
  if (!article.category.empty() && !options_.catalog.find(article.category))
    return make_error(
        ErrorKind::Invalid, "invalid_category",
        {"No existe la categoría " + article.category + ".", "There is no category " + article.category + "."},
        "category");
  std::int64_t now = clock_();
  article.id = id;
  article.updated_by = who.actor();
  article.updated_at = now;
  if (id == 0) {
    article.created_by = who.actor();
    article.created_at = now;
  } else {
    auto current = store_.knowledge().article(id);
    if (!current) return no_article(id);
    article.created_by = current->created_by;
    article.created_at = current->created_at;
    article.source_tk = current->source_tk;
  }
  auto saved = store_.knowledge().save_article(article);
  if (!saved) return saved.error();
  auto stored = store_.knowledge().article(*saved);
  if (!stored) return no_article(*saved);
  return std::move(*stored);
}

Result<KbDelta> TicketService::kb_delta(const Identity&, std::int64_t cursor, int limit) {
  return store_.knowledge().articles_since(cursor, std::clamp(limit, 1, 1000));
}

Result<bool> TicketService::kb_feedback(const Identity& who, std::int64_t id, bool helpful,
                                        const std::string& idempotency_key) {
  if (idempotency_key.empty() || idempotency_key.size() > 200 || !is_valid_utf8(idempotency_key))
    return make_error(ErrorKind::BadRequest, "invalid_idempotency_key",
                      {"Falta una clave Idempotency-Key válida.", "A valid Idempotency-Key is needed."},
                      "Idempotency-Key");
  // A kiosk's token speaks for everyone who walks up to it; any other token for one person.
  int per_day = who.role == Role::Kiosk ? kKioskFeedbackPerArticleDay : 1;
  return store_.knowledge().record_feedback(id, who.token_id, idempotency_key, helpful, clock_(), per_day);
}

Result<ListAnswer> TicketService::list(const Identity& who, const ListRequest& request) {
  TicketFilter filter;
  bool desk = who.role == Role::Agent || who.role == Role::Admin;
  switch (who.role) {
    case Role::Kiosk:
      return make_error(ErrorKind::Forbidden, "forbidden_role",
                        {"Un quiosco solo consulta tickets por número.", "A kiosk looks tickets up by number only."});
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
      return make_error(ErrorKind::BadRequest, "invalid_cursor",
                        {"El cursor no es válido.", "The cursor is not valid."}, "since");
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
        return make_error(ErrorKind::BadRequest, "invalid_parameter",
                          {"Su token no pertenece a ningún grupo.", "Your token belongs to no group."}, "group");
      filter.group = who.group;
    } else {
      if (!options_.catalog.group(request.group)) return invalid_parameter("group", request.group);
      filter.group = request.group;
    }
  }
  auto own_login = [&](const std::string& name, const std::string& value) -> Result<std::string> {
    if (auto e = needs_desk(name, value)) return *e;
    if (who.login.empty())
      return make_error(ErrorKind::BadRequest, "invalid_parameter",
                        {"Su token no tiene login de agente.", "Your token has no agent login."}, name);
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
        return make_error(ErrorKind::Conflict, "already_rated",
                          {"Este ticket ya tiene su calificación.", "This ticket has been rated already."});
      if (now - current.closed_at > context.options.rating_window_seconds)
        return make_error(
            ErrorKind::Conflict, "rating_closed",
            {"Ya pasaron los 14 días para calificar este ticket.", "The 14 days to rate this ticket are over."});
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
                        {"Un quiosco solo confirma, reabre o califica un ticket consultado.",
                         "A kiosk only confirms, reopens or rates a ticket it looked up."});
    if (auto allowed = check_read(who, tk, employee); !allowed) return allowed.error();
  }
  if (auto valid = validate_event(request); !valid) return valid.error();
  if (!is_well_formed_tk(tk)) return unknown_ticket(tk);
  if (idempotency_key.size() > 200 || !is_valid_utf8(idempotency_key))
    return make_error(ErrorKind::BadRequest, "invalid_idempotency_key",
                      {"La clave Idempotency-Key no es válida.", "The Idempotency-Key is not valid."},
                      "Idempotency-Key");
  if (request.rating && request.action != Action::Confirm && request.action != Action::Rate)
    return make_error(
        ErrorKind::Invalid, "unexpected_field",
        {"Solo se califica al confirmar la solución o con la acción rate.", "A rating goes only with confirm or rate."},
        "rating");
  MoveContext context{who, clock_(), options_, std::nullopt, {}};
  EventKey key{who.token_id, idempotency_key, idempotency_key.empty() ? "" : sha256_hex(to_json(request).dump())};
  if (request.action == Action::Assign && !request.assignee.empty() && is_plain_id(request.assignee))
    context.assignee = store_.access().find_agent(request.assignee);
  if (request.action == Action::LinkArticle && request.article > 0 && is_desk(who)) {
    auto article = store_.knowledge().article(request.article);
    if (!article) return no_article(request.article);
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
                            {"Este ticket ya tiene demasiados movimientos y comentarios; abra uno nuevo.",
                             "This ticket already has too many moves and comments; open a new one."});
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
