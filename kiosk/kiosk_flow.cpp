#include "kiosk_flow.h"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

#include "tk/config.h"
#include "tk/text.h"
#include "tk/time.h"
#include "tk/workflow.h"

namespace tk::kiosk {

std::string legacy_pin_hash(const std::string& salt, const std::string& pin) { return sha256_hex(salt + pin); }

namespace {
constexpr char kArgon2Prefix[] = "$argon2";
bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}
}  // namespace

std::string make_pin_hash(const std::string& pin) {
  if (!sodium_ready()) throw std::runtime_error("libsodium could not start");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("not enough memory to hash the PIN");
  return out;
}

bool pin_matches(const KioskConfig& config, const std::string& pin) {
  const std::string& stored = config.admin_pin_hash;
  if (stored.empty()) return false;
  if (stored.rfind(kArgon2Prefix, 0) == 0)
    return sodium_ready() && crypto_pwhash_str_verify(stored.c_str(), pin.data(), pin.size()) == 0;
  // An older kiosk.ini: compared in constant time all the same.
  std::string legacy = legacy_pin_hash(config.admin_pin_salt, pin);
  return legacy.size() == stored.size() && sodium_memcmp(legacy.data(), stored.data(), legacy.size()) == 0;
}

KioskConfig load_kiosk_config(const std::string& path) {
  KioskConfig c;
  // The kiosk's installer writes its lines under [kiosk].
  auto values = read_key_values(path, "kiosk");
  take_value(values, "server", c.server_url);
  take_value(values, "token", c.token);
  take_value(values, "admin_pin_salt", c.admin_pin_salt);
  take_value(values, "admin_pin_hash", c.admin_pin_hash);
  // Older installers wrote both in one value (the TK_PIN_HASH property): "SALT:HASH".
  // An argon2id string carries its own salt.
  if (auto colon = c.admin_pin_hash.find(':');
      colon != std::string::npos && c.admin_pin_salt.empty() && c.admin_pin_hash.rfind("$argon2", 0) != 0) {
    c.admin_pin_salt = c.admin_pin_hash.substr(0, colon);
    c.admin_pin_hash.erase(0, colon + 1);
  }
  take_value(values, "institution", c.institution);
  take_value(values, "logo", c.logo_path);
  take_value(values, "primary_colour", c.primary_colour);
  take_value(values, "accent_colour", c.accent_colour);
  if (auto it = values.find("language"); it != values.end()) c.language = ui::parse_language(it->second);
  if (auto it = values.find("idle_seconds"); it != values.end())
    c.idle_seconds = std::clamp(std::atoi(it->second.c_str()), 15, 600);
  return c;
}

KioskFlow::KioskFlow(Catalog catalog, ui::Language language, ui::Translate translate, KioskConfig config)
    : catalog_(std::move(catalog)), language_(language), tr_(std::move(translate)), config_(std::move(config)) {}

void KioskFlow::go(Screen s) {
  screen_ = s;
  message_.clear();
}

void KioskFlow::report_fault() {
  home();
  type_ = TicketType::Incident;
  go(Screen::Employee);
}

void KioskFlow::report_security() {
  home();
  type_ = TicketType::SecurityIncident;
  go(Screen::Employee);
}

void KioskFlow::look_up() {
  home();
  go(Screen::LookupTk);
}

bool KioskFlow::set_employee(const std::string& digits) {
  if (!is_digits(digits) || digits.size() > Limits::employee) {
    message_ = tr_(N_("Type your employee number (digits only)."));
    return false;
  }
  employee_ = digits;
  go(type_ == TicketType::SecurityIncident ? Screen::Category : Screen::Type);
  return true;
}

void KioskFlow::choose_type(TicketType type) {
  type_ = type;
  category_.clear();
  impact_ = urgency_ = 3;
  go(Screen::Category);
}

std::vector<ui::Choice> KioskFlow::categories() const {
  std::vector<ui::Choice> out;
  for (const auto& c : catalog_.categories)
    if (c.allows(type_)) out.push_back({c.id, ui::category_text(catalog_, c.id, language_)});
  return out;
}

void KioskFlow::choose_category(const std::string& id) {
  const Category* c = catalog_.find(id);
  if (!c || !c->allows(type_)) return;
  category_ = id;
  auto defaults = default_impact_urgency(type_);
  impact_ = defaults.impact;
  urgency_ = defaults.urgency;
  // Security reports are not asked: the core's rule rates them, and the SOC's clock runs anyway.
  go(type_ == TicketType::SecurityIncident ? Screen::Describe : Screen::Impact);
}

void KioskFlow::set_impact(int value) {
  if (value >= 1 && value <= 3) impact_ = value;
}

void KioskFlow::set_urgency(int value) {
  if (value >= 1 && value <= 3) urgency_ = value;
}

void KioskFlow::confirm_impact() {
  if (screen_ == Screen::Impact) go(Screen::Describe);
}

bool KioskFlow::set_description(const std::string& summary, const std::string& description, const std::string& name) {
  std::string s = trim(summary), d = trim(description), n = trim(name);
  if (s.empty()) {
    message_ = tr_(N_("Say in one line what is happening."));
    return false;
  }
  if (d.empty()) d = s;  // at a kiosk one line may be all a person writes
  NewTicket check = report();
  check.summary = s;
  check.description = d;
  check.reporter.name = n;
  if (auto valid = validate_new_ticket(check, catalog_); !valid) {
    message_ =
        valid.error().code == "too_long" ? tr_(N_("This text is too long.")) : valid.error().message_in(language_);
    return false;
  }
  summary_ = s;
  description_ = d;
  name_ = n;
  go(Screen::Review);
  return true;
}

NewTicket KioskFlow::report() const {
  NewTicket t;
  t.type = type_;
  t.category = category_;
  t.summary = summary_;
  t.description = description_;
  t.impact = impact_;
  t.urgency = urgency_;
  t.reporter.employee = employee_;
  t.reporter.name = name_;
  t.channel = Channel::Kiosk;
  return t;
}

void KioskFlow::filed(const FiledReport& filed) {
  filed_ = filed;
  if (filed.outcome == FiledReport::Outcome::Refused) {
    go(Screen::Review);  // (which clears the message)
    message_ = filed.refusal.message_in(language_);
    return;
  }
  // What was typed is no longer needed once the receipt is up.
  employee_.clear();
  summary_.clear();
  description_.clear();
  name_.clear();
  go(Screen::Receipt);
}

bool KioskFlow::set_lookup_tk(const std::string& typed) {
  auto tk = tk_from_typed(typed);
  if (!tk) {
    message_ = tr_(N_("Type the year and the number of your ticket, e.g. 2026-000123."));
    return false;
  }
  lookup_tk_ = *tk;
  go(Screen::LookupEmployee);
  return true;
}

bool KioskFlow::set_lookup_employee(const std::string& digits) {
  if (!is_digits(digits) || digits.size() > Limits::employee) {
    message_ = tr_(N_("Type your employee number (digits only)."));
    return false;
  }
  lookup_employee_ = digits;
  return true;
}

void KioskFlow::looked_up(const Result<Ticket>& result) {
  found_.reset();
  survey_rating_ = 0;
  survey_result_.clear();
  survey_key_ = random_uuid();
  if (result) {
    found_ = *result;
    found_at_ = now_seconds();
    go(Screen::LookupResult);
    return;
  }
  const Error& e = result.error();
  if (!reached_server(e))
    message_ = tr_(N_("The service desk cannot be reached right now. Please try again later."));
  else if (e.kind == ErrorKind::NotFound)
    message_ = tr_(N_("We found no ticket with that number for that employee number."));
  else if (e.kind == ErrorKind::TooManyRequests)
    message_ = tr_(N_("Too many attempts. Please wait a minute and try again."));
  else
    message_ = e.message_in(language_);
  screen_ = Screen::LookupTk;
}

void KioskFlow::open_article(KbArticleCopy article) {
  article_ = std::move(article);
  article_solved_ = false;
  go(Screen::Article);
}

void KioskFlow::article_solved() {
  if (!article_) return;
  article_solved_ = true;
}

void KioskFlow::article_not_solved() { go(Screen::Describe); }

// Open when the workflow lets the owner confirm the solution (the core's rule, as everywhere).
bool KioskFlow::survey_open() const {
  if (!found_ || !survey_result_.empty()) return false;
  auto moves = owner_moves(*found_);
  return std::any_of(moves.begin(), moves.end(), [](const OwnerMove& m) { return m.action == Action::Confirm; });
}

void KioskFlow::set_survey_rating(int rating) { survey_rating_ = rating >= 1 && rating <= 5 ? rating : 0; }

EventRequest KioskFlow::survey_answer(Action action) const {
  EventRequest request;
  request.action = action;
  if (action == Action::Confirm && survey_rating_) request.rating = survey_rating_;
  // The desk reads why it came back; at a kiosk nobody types it.
  if (action == Action::Reopen) request.note = tr_(N_("The problem goes on (said at the kiosk)."));
  return request;
}

std::string KioskFlow::survey_key(Action action) const {
  return survey_key_ + (action == Action::Confirm ? "-confirm" : "-reopen");
}

void KioskFlow::survey_answered(Action action, const Result<Ticket>& result) {
  if (!result) {
    const Error& e = result.error();
    message_ = reached_server(e) ? e.message_in(language_)
                                 : tr_(N_("The service desk cannot be reached right now. Please try again later."));
    return;
  }
  message_.clear();
  found_ = *result;
  found_at_ = now_seconds();
  survey_result_ = action == Action::Confirm
                       ? tr_(N_("Thank you! Your ticket is closed."))
                       : tr_(N_("We reopened your ticket; the service desk will get back to it."));
}

void KioskFlow::back() {
  switch (screen_) {
    case Screen::Employee:
    case Screen::LookupTk:
    case Screen::Receipt:
    case Screen::LookupResult: home(); return;
    case Screen::Type: go(Screen::Employee); return;
    case Screen::Category: go(type_ == TicketType::SecurityIncident ? Screen::Employee : Screen::Type); return;
    case Screen::Impact: go(Screen::Category); return;
    case Screen::Describe: go(type_ == TicketType::SecurityIncident ? Screen::Category : Screen::Impact); return;
    case Screen::Review: go(Screen::Describe); return;
    case Screen::Article: go(Screen::Describe); return;
    case Screen::LookupEmployee: go(Screen::LookupTk); return;
    default: home();
  }
}

void KioskFlow::home() {
  ++session_;
  type_ = TicketType::Incident;
  employee_.clear();
  category_.clear();
  impact_ = urgency_ = 3;
  summary_.clear();
  description_.clear();
  name_.clear();
  filed_ = FiledReport{};
  lookup_tk_.clear();
  lookup_employee_.clear();
  found_.reset();
  found_at_ = 0;
  article_.reset();
  article_solved_ = false;
  survey_rating_ = 0;
  survey_key_.clear();
  survey_result_.clear();
  tap_count_ = 0;
  go(Screen::Home);
}

bool KioskFlow::has_entries() const {
  return !employee_.empty() || !category_.empty() || !summary_.empty() || !description_.empty() || !name_.empty() ||
         !lookup_tk_.empty() || !lookup_employee_.empty() || found_.has_value() || !filed_.local_id.empty() ||
         article_.has_value();
}

void KioskFlow::touched(std::int64_t now_ms) { last_touch_ms_ = now_ms; }

int KioskFlow::seconds_left(std::int64_t now_ms) const {
  std::int64_t left_ms = static_cast<std::int64_t>(config_.idle_seconds) * 1000 - (now_ms - last_touch_ms_);
  return static_cast<int>(std::max<std::int64_t>(0, (left_ms + 999) / 1000));
}

bool KioskFlow::countdown_visible(std::int64_t now_ms) const {
  return screen_ != Screen::Home && seconds_left(now_ms) <= config_.countdown_seconds;
}

bool KioskFlow::check_idle(std::int64_t now_ms) {
  if (screen_ == Screen::Home && !has_entries()) return false;
  if (seconds_left(now_ms) > 0) return false;
  home();
  return true;
}

bool KioskFlow::logo_tapped(std::int64_t now_ms) {
  // Keep the last five taps; five within three seconds open the PIN screen.
  for (int i = 0; i < 4; ++i) taps_[i] = taps_[i + 1];
  taps_[4] = now_ms;
  tap_count_ = std::min(tap_count_ + 1, 5);
  if (tap_count_ == 5 && taps_[4] - taps_[0] <= 3000) {
    tap_count_ = 0;
    go(Screen::AdminPin);
    return true;
  }
  return false;
}

bool KioskFlow::check_pin(const std::string& pin) {
  // A PIN of four digits falls to guessing unless guesses are few: after kPinAttempts wrong
  // ones in a row, every PIN (the right one too) is refused for kPinLockMs. The time is
  // the last touch's: every key of the PIN pad is one.
  std::int64_t now = last_touch_ms_;
  if (pin_locked_until_ms_ > now) {
    std::int64_t minutes = (pin_locked_until_ms_ - now + 59'999) / 60'000;
    message_ = ui::format(tr_(N_("Too many wrong PINs. Try again in {} min.")), {std::to_string(minutes)});
    return false;
  }
  if (pin_matches(config_, pin)) {
    wrong_pins_ = 0;
    go(Screen::Admin);
    return true;
  }
  if (++wrong_pins_ >= kPinAttempts) {
    wrong_pins_ = 0;
    pin_locked_until_ms_ = now + kPinLockMs;
    message_ = ui::format(tr_(N_("Too many wrong PINs. Try again in {} min.")), {std::to_string(kPinLockMs / 60'000)});
    return false;
  }
  message_ = tr_(N_("Wrong PIN."));
  return false;
}

void KioskFlow::leave_admin() { home(); }

}  // namespace tk::kiosk
