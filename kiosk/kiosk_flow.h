// The kiosk's screens as a state machine, without a display: which screen is up, what
// the person entered so far (kept in one place so that one call wipes it all), the idle
// countdown and the administrator's way in. The window layer only shows it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "tk/catalog.h"
#include "tk/client_store.h"
#include "tk/error.h"
#include "tk/sync_engine.h"
#include "tk/ui/report_form.h"
#include "tk/ui/text.h"

namespace tk::kiosk {

enum class Screen {
  Home,
  Employee,  // employee number on a keypad
  Type,      // fault or service request (security goes straight to its categories)
  Category,  // big tiles
  Impact,    // how many people, and whether they can keep working (not for security)
  Describe,  // summary, description and name on the on-screen keyboard
  Article,   // a knowledge-base article suggested while describing: it may solve it
  Review,
  Receipt,   // the TK with its QR code, or "saved" with the local reference
  LookupTk,  // TK on a keypad, "TK-" given
  LookupEmployee,
  LookupResult,
  AdminPin,
  Admin,
};

struct KioskConfig {
  std::string server_url;  // empty: the command line or TK_SERVER decides
  std::string token;       // the kiosk's token: keep kiosk.ini readable by its user only
  int idle_seconds = 60;
  int countdown_seconds = 10;
  // The administrator's PIN as make_pin_hash() gives it (argon2id, salt and cost inside).
  // Older kiosk.ini files hold sha256(salt + pin) in hex with its salt: still accepted.
  std::string admin_pin_salt;
  std::string admin_pin_hash;
  std::string institution = "Dirección General de Tecnologías de Información y Comunicaciones";
  std::string logo_path;  // a PNG; empty: the product's mark
  std::string primary_colour = "#0f4c81";
  std::string accent_colour = "#b38e5d";
  // Spanish unless kiosk.ini says "language = en" (or --lang does): a walk-up kiosk speaks
  // to the public in the first language whatever the machine's own is.
  ui::Language language = ui::Language::Spanish;
};

// The PIN hashed with argon2id (libsodium's crypto_pwhash_str, its "interactive" cost:
// 64 MiB and a fraction of a second a try): "$argon2id$v=19$m=...".
std::string make_pin_hash(const std::string& pin);
// Whether `pin` is the one of `config`, in either form.
bool pin_matches(const KioskConfig& config, const std::string& pin);
// The form of versions before argon2id, kept to read their kiosk.ini: sha256(salt + pin).
std::string legacy_pin_hash(const std::string& salt, const std::string& pin);
KioskConfig load_kiosk_config(const std::string& path);

class KioskFlow {
 public:
  KioskFlow(Catalog catalog, ui::Language language, ui::Translate translate, KioskConfig config);

  Screen screen() const { return screen_; }
  const KioskConfig& config() const { return config_; }
  const std::string& message() const { return message_; }  // a refusal or a hint to show

  // Home's three buttons.
  void report_fault();
  void report_security();
  void look_up();

  // Report flow; each returns false (with message()) when the input is not right.
  bool set_employee(const std::string& digits);
  void choose_type(TicketType);
  std::vector<ui::Choice> categories() const;
  void choose_category(const std::string& id);
  // The Impact screen's two questions, in plain words (the scales of tk/catalog.h); each
  // starts at the core's rule for the type, so one tap on "Continue" keeps it.
  void set_impact(int value);
  void set_urgency(int value);
  void confirm_impact();
  int impact() const { return impact_; }
  int urgency() const { return urgency_; }
  bool set_description(const std::string& summary, const std::string& description, const std::string& name);
  NewTicket report() const;
  void filed(const FiledReport&);
  const FiledReport& receipt() const { return filed_; }

  // Look-up flow.
  bool set_lookup_tk(const std::string& typed);  // "2026-123" or "2026000123"; "TK-" is given
  bool set_lookup_employee(const std::string& digits);
  const std::string& lookup_tk() const { return lookup_tk_; }
  const std::string& lookup_employee() const { return lookup_employee_; }
  void looked_up(const Result<Ticket>&);
  const std::optional<Ticket>& found() const { return found_; }
  std::int64_t found_at() const { return found_at_; }

  // The survey of a resolved ticket the person looked up (ISO 9001, docs/design.md section 9):
  // "¿Quedó resuelto?", a rating from 1 to 5, confirmed or reopened there.
  bool survey_open() const;
  void set_survey_rating(int rating);  // 1..5; 0: none
  int survey_rating() const { return survey_rating_; }
  // What to send for "yes" (Confirm, with the rating) or "no" (Reopen).
  EventRequest survey_answer(Action) const;
  // One key per answer of this look-up: pressed again after a lost answer, it happens once.
  std::string survey_key(Action) const;
  void survey_answered(Action, const Result<Ticket>&);
  // "Thank you..." once answered; empty before.
  const std::string& survey_result() const { return survey_result_; }

  // A knowledge-base article suggested on the Describe screen (issue 16). "Solved" ends
  // the visit without a report (the kiosk records it: a deflection); "not solved" goes
  // back to the description with nothing lost.
  void open_article(KbArticleCopy);
  const std::optional<KbArticleCopy>& article() const { return article_; }
  void article_solved();
  bool article_solved_said() const { return article_solved_; }
  void article_not_solved();

  // What was entered, for the review screen.
  TicketType type() const { return type_; }
  const std::string& employee() const { return employee_; }
  const std::string& category() const { return category_; }
  const std::string& summary() const { return summary_; }
  const std::string& description() const { return description_; }
  const std::string& name() const { return name_; }

  void back();
  // Home, with everything entered wiped (the on-screen keyboard's text lives here too).
  void home();

  // Idle: every touch or key resets the clock; after idle_seconds the kiosk goes home.
  void touched(std::int64_t now_ms);
  int seconds_left(std::int64_t now_ms) const;
  bool countdown_visible(std::int64_t now_ms) const;
  // Goes home when the time is up; true if it did.
  bool check_idle(std::int64_t now_ms);

  // The hidden way in: five taps on the logo within three seconds, then the PIN.
  bool logo_tapped(std::int64_t now_ms);
  // Five wrong PINs in a row lock the panel for five minutes (counted from the last touch).
  bool check_pin(const std::string& pin);
  static constexpr int kPinAttempts = 5;
  static constexpr std::int64_t kPinLockMs = 5 * 60'000;
  void leave_admin();

  bool has_entries() const;
  // Changes every time the kiosk goes home: an answer for an earlier person is dropped.
  std::uint64_t session() const { return session_; }

 private:
  void go(Screen s);

  Catalog catalog_;
  ui::Language language_;
  ui::Translate tr_;
  KioskConfig config_;
  Screen screen_ = Screen::Home;
  std::string message_;
  TicketType type_ = TicketType::Incident;
  std::string employee_;
  std::string category_;
  int impact_ = 3;
  int urgency_ = 3;
  std::string summary_;
  std::string description_;
  std::string name_;
  FiledReport filed_;
  std::string lookup_tk_;
  std::string lookup_employee_;
  std::optional<Ticket> found_;
  std::int64_t found_at_ = 0;
  std::optional<KbArticleCopy> article_;
  bool article_solved_ = false;
  int survey_rating_ = 0;
  std::string survey_key_;
  std::string survey_result_;
  std::int64_t last_touch_ms_ = 0;
  std::int64_t taps_[5] = {0, 0, 0, 0, 0};
  int tap_count_ = 0;
  int wrong_pins_ = 0;  // kept when the kiosk goes home: a lock must outlast a reset
  std::int64_t pin_locked_until_ms_ = 0;
  std::uint64_t session_ = 0;
};

}  // namespace tk::kiosk
