// The kiosk's screens without a display.
#include <gtest/gtest.h>

#include <fstream>

#include "kiosk_flow.h"
#include "temp_dir.h"
#include "tk/file_path.h"

namespace tk::kiosk {
namespace {

KioskConfig config_with_pin(const std::string& pin) {
  KioskConfig c;
  c.admin_pin_hash = make_pin_hash(pin);
  return c;
}

KioskFlow make_flow() {
  return KioskFlow(default_catalog(), ui::Language::Spanish, ui::untranslated, config_with_pin("2468"));
}

}  // namespace

TEST(KioskFlow, AReportGoesThroughOneQuestionPerScreen) {
  auto flow = make_flow();
  flow.report_fault();
  EXPECT_EQ(flow.screen(), Screen::Employee);
  EXPECT_FALSE(flow.set_employee("12a"));
  EXPECT_FALSE(flow.message().empty());
  EXPECT_TRUE(flow.set_employee("1002"));
  EXPECT_EQ(flow.screen(), Screen::Type);
  flow.choose_type(TicketType::ServiceRequest);
  EXPECT_EQ(flow.screen(), Screen::Category);
  flow.choose_category("phishing");  // not for this type: ignored
  EXPECT_EQ(flow.screen(), Screen::Category);
  flow.choose_category("account");
  EXPECT_EQ(flow.screen(), Screen::Impact);
  EXPECT_EQ(flow.impact(), default_impact_urgency(TicketType::ServiceRequest).impact)
      << "the question starts at the core's rule, as the tray's and tkctl's";
  EXPECT_EQ(flow.urgency(), default_impact_urgency(TicketType::ServiceRequest).urgency);
  flow.set_impact(2);
  flow.set_urgency(1);
  flow.set_urgency(7);  // not on the scale: ignored
  flow.confirm_impact();
  EXPECT_EQ(flow.screen(), Screen::Describe);
  flow.back();
  EXPECT_EQ(flow.screen(), Screen::Impact) << "back goes one question back";
  flow.confirm_impact();
  EXPECT_FALSE(flow.set_description("  ", "", ""));
  EXPECT_TRUE(flow.set_description("Olvidé mi contraseña", "", "Ana"));
  EXPECT_EQ(flow.screen(), Screen::Review);
  auto t = flow.report();
  EXPECT_EQ(t.type, TicketType::ServiceRequest);
  EXPECT_EQ(t.category, "account");
  EXPECT_EQ(t.reporter.employee, "1002");
  EXPECT_EQ(t.description, "Olvidé mi contraseña") << "one line is enough at a kiosk";
  EXPECT_EQ(t.channel, Channel::Kiosk);
  EXPECT_EQ(t.impact, 2);
  EXPECT_EQ(t.urgency, 1);
  FiledReport sent;
  sent.outcome = FiledReport::Outcome::Sent;
  sent.tk = "TK-2026-000009";
  flow.filed(sent);
  EXPECT_EQ(flow.screen(), Screen::Receipt);
  EXPECT_TRUE(flow.employee().empty()) << "what was typed is gone once the receipt is up";
}

TEST(KioskFlow, SecurityIncidentsSkipTheTypeQuestion) {
  auto flow = make_flow();
  flow.report_security();
  ASSERT_TRUE(flow.set_employee("1002"));
  EXPECT_EQ(flow.screen(), Screen::Category);
  auto categories = flow.categories();
  ASSERT_EQ(categories.size(), 4u);
  EXPECT_EQ(categories[0].label, "Correo sospechoso (phishing)");
}

TEST(KioskFlow, ARefusedReportStaysOnReviewWithTheReason) {
  auto flow = make_flow();
  flow.report_fault();
  flow.set_employee("1002");
  flow.choose_type(TicketType::Incident);
  flow.choose_category("printer");
  flow.confirm_impact();
  flow.set_description("No imprime", "", "");
  FiledReport refused;
  refused.outcome = FiledReport::Outcome::Refused;
  refused.refusal = make_error(ErrorKind::Invalid, "x", {"Motivo del servidor", "The server's reason"}, "summary");
  flow.filed(refused);
  EXPECT_EQ(flow.screen(), Screen::Review);
  EXPECT_EQ(flow.message(), "Motivo del servidor");
}

TEST(KioskFlow, TheTkIsTypedWithoutItsPrefix) {
  auto flow = make_flow();
  flow.look_up();
  EXPECT_FALSE(flow.set_lookup_tk("12"));
  EXPECT_TRUE(flow.set_lookup_tk("2026-123"));
  EXPECT_EQ(flow.lookup_tk(), "TK-2026-000123");
  flow.back();
  EXPECT_TRUE(flow.set_lookup_tk("2026000045"));
  EXPECT_EQ(flow.lookup_tk(), "TK-2026-000045");
  EXPECT_EQ(flow.screen(), Screen::LookupEmployee);
  flow.looked_up(make_error(ErrorKind::NotFound, "unknown_tk", {"x", "x"}));
  EXPECT_EQ(flow.screen(), Screen::LookupTk);
  EXPECT_EQ(flow.message(), "We found no ticket with that number for that employee number.");
  flow.looked_up(make_error(ErrorKind::TooManyRequests, "too_many_lookups", {"x", "x"}));
  EXPECT_EQ(flow.message(), "Too many attempts. Please wait a minute and try again.");
}

TEST(KioskFlow, AResolvedTicketLookedUpAsksWhetherItIsSolved) {
  auto flow = make_flow();
  flow.look_up();
  ASSERT_TRUE(flow.set_lookup_tk("2026-7"));
  ASSERT_TRUE(flow.set_lookup_employee("1002"));
  Ticket resolved;
  resolved.tk = "TK-2026-000007";
  resolved.status = Status::Resolved;
  flow.looked_up(resolved);
  ASSERT_EQ(flow.screen(), Screen::LookupResult);
  EXPECT_TRUE(flow.survey_open());
  EXPECT_FALSE(flow.survey_answer(Action::Confirm).rating) << "no rating unless one is chosen";
  flow.set_survey_rating(4);
  EXPECT_EQ(flow.survey_answer(Action::Confirm).rating, 4);
  EXPECT_FALSE(flow.survey_answer(Action::Reopen).rating);
  EXPECT_EQ(flow.survey_answer(Action::Reopen).note, "The problem goes on (said at the kiosk).");
  flow.set_survey_rating(9);
  EXPECT_EQ(flow.survey_rating(), 0);
  // Pressed again after a lost answer, the same answer goes with the same key.
  EXPECT_EQ(flow.survey_key(Action::Confirm), flow.survey_key(Action::Confirm));
  EXPECT_NE(flow.survey_key(Action::Confirm), flow.survey_key(Action::Reopen));

  flow.survey_answered(Action::Confirm, make_error(ErrorKind::Offline, "offline", {"x", "x"}));
  EXPECT_EQ(flow.message(), "The service desk cannot be reached right now. Please try again later.");
  EXPECT_TRUE(flow.survey_open()) << "still to be answered";
  Ticket closed = resolved;
  closed.status = Status::Closed;
  flow.survey_answered(Action::Confirm, closed);
  EXPECT_FALSE(flow.survey_open());
  EXPECT_EQ(flow.survey_result(), "Thank you! Your ticket is closed.");
  EXPECT_TRUE(flow.message().empty());
  EXPECT_EQ(flow.found()->status, Status::Closed);

  Ticket in_progress = resolved;
  in_progress.status = Status::InProgress;
  flow.looked_up(in_progress);
  EXPECT_FALSE(flow.survey_open()) << "only a resolved ticket asks";
  flow.home();
  EXPECT_FALSE(flow.has_entries());
  EXPECT_TRUE(flow.survey_result().empty());
}

TEST(KioskFlow, ASuggestedArticleSolvesItOrGoesBackToTheDescription) {
  auto flow = make_flow();
  flow.report_fault();
  ASSERT_TRUE(flow.set_employee("1002"));
  flow.choose_type(TicketType::Incident);
  flow.choose_category("printer");
  flow.confirm_impact();
  ASSERT_EQ(flow.screen(), Screen::Describe);
  KbArticleCopy article;
  article.id = 4;
  article.title = "La impresora no imprime";
  flow.open_article(article);
  EXPECT_EQ(flow.screen(), Screen::Article);
  flow.article_not_solved();
  EXPECT_EQ(flow.screen(), Screen::Describe) << "back, nothing lost";
  EXPECT_EQ(flow.employee(), "1002");
  flow.open_article(article);
  flow.back();
  EXPECT_EQ(flow.screen(), Screen::Describe);
  flow.open_article(article);
  flow.article_solved();
  EXPECT_TRUE(flow.article_solved_said());
  EXPECT_TRUE(flow.has_entries());
  flow.home();
  EXPECT_FALSE(flow.article());
  EXPECT_FALSE(flow.has_entries()) << "the next person finds nothing of this one";
}

TEST(KioskFlow, IdleTimeGoesHomeAndWipesEverything) {
  auto flow = make_flow();
  flow.touched(0);
  flow.report_fault();
  flow.set_employee("1002");
  flow.choose_type(TicketType::Incident);
  flow.choose_category("printer");
  flow.confirm_impact();
  flow.set_description("Algo privado", "Detalles privados", "Ana");
  EXPECT_TRUE(flow.has_entries());
  EXPECT_FALSE(flow.countdown_visible(49'000));
  EXPECT_TRUE(flow.countdown_visible(50'500));
  EXPECT_EQ(flow.seconds_left(50'500), 10);
  EXPECT_FALSE(flow.check_idle(59'000));
  EXPECT_TRUE(flow.check_idle(60'000));
  EXPECT_EQ(flow.screen(), Screen::Home);
  EXPECT_FALSE(flow.has_entries());
  EXPECT_TRUE(flow.summary().empty());
  EXPECT_TRUE(flow.name().empty());
}

TEST(KioskFlow, EachPersonIsANewSession) {
  auto flow = make_flow();
  auto first = flow.session();
  flow.report_fault();  // starts from home: a new person
  auto second = flow.session();
  EXPECT_NE(first, second);
  flow.set_employee("1002");
  EXPECT_EQ(flow.session(), second) << "the same person goes on";
  flow.home();
  EXPECT_NE(flow.session(), second) << "an answer for the last person is now dropped";
}

TEST(KioskFlow, ATouchRestartsTheCountdown) {
  auto flow = make_flow();
  flow.touched(0);
  flow.report_fault();
  flow.touched(55'000);
  EXPECT_FALSE(flow.countdown_visible(60'000));
  EXPECT_FALSE(flow.check_idle(60'000));
}

TEST(KioskFlow, FiveQuickTapsOnTheLogoAskForThePin) {
  auto flow = make_flow();
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(flow.logo_tapped(i * 1000));
  EXPECT_FALSE(flow.logo_tapped(4'500)) << "five taps over 4.5 s are not the gesture";
  auto again = make_flow();
  for (int i = 0; i < 4; ++i) again.logo_tapped(10'000 + i * 300);
  EXPECT_TRUE(again.logo_tapped(11'500));
  EXPECT_EQ(again.screen(), Screen::AdminPin);
  EXPECT_FALSE(again.check_pin("1111"));
  EXPECT_EQ(again.screen(), Screen::AdminPin);
  EXPECT_TRUE(again.check_pin("2468"));
  EXPECT_EQ(again.screen(), Screen::Admin);
}

TEST(KioskFlow, FiveWrongPinsLockThePanelForFiveMinutes) {
  auto flow = make_flow();
  std::int64_t now = 100'000;
  auto try_pin = [&](const std::string& pin) {
    flow.touched(now);
    return flow.check_pin(pin);
  };
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(try_pin("000" + std::to_string(i)));
  EXPECT_EQ(flow.message(), "Wrong PIN.");
  EXPECT_FALSE(try_pin("0004"));
  EXPECT_EQ(flow.message(), "Too many wrong PINs. Try again in 5 min.");
  now += 60'000;
  EXPECT_FALSE(try_pin("2468")) << "the right PIN too, while locked";
  EXPECT_EQ(flow.message(), "Too many wrong PINs. Try again in 4 min.");
  flow.home();
  EXPECT_FALSE(try_pin("2468")) << "going home does not lift the lock";
  now += 4 * 60'000;
  EXPECT_TRUE(try_pin("2468"));
  EXPECT_EQ(flow.screen(), Screen::Admin);
}

TEST(KioskFlow, WithoutAConfiguredPinThereIsNoWayIn) {
  KioskFlow flow(default_catalog(), ui::Language::Spanish, ui::untranslated, KioskConfig{});
  for (int i = 0; i < 5; ++i) flow.logo_tapped(i * 100);
  EXPECT_FALSE(flow.check_pin(""));
  EXPECT_FALSE(flow.check_pin("0000"));
}

// The PIN is kept as argon2id: a slow hash with its own random salt, so that kiosk.ini in
// the wrong hands does not give the PIN away by trying all 10,000 four-digit ones quickly.
TEST(KioskFlow, ThePinIsKeptAsArgon2idWithASaltOfItsOwn) {
  std::string once = make_pin_hash("2468");
  std::string twice = make_pin_hash("2468");
  EXPECT_EQ(once.rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0), 0u) << once;
  EXPECT_NE(once, twice) << "a salt of its own each time";
  KioskConfig config;
  config.admin_pin_hash = once;
  EXPECT_TRUE(pin_matches(config, "2468"));
  EXPECT_FALSE(pin_matches(config, "2469"));
  EXPECT_FALSE(pin_matches(config, ""));
  config.admin_pin_hash = once.substr(0, once.size() - 2);
  EXPECT_FALSE(pin_matches(config, "2468")) << "a damaged hash opens nothing";
}

// The kiosk installer writes the PIN as one TK_PIN_HASH value, in the [kiosk] section
// Windows' ini files have: argon2id now; an older installer's SALT:HASH still opens.
TEST(KioskFlow, TheInstallersKioskIniGivesThePin) {
  test::TempDir dir;
  {
    std::ofstream out(utf8_path(dir.file("argon2.ini")));
    out << "[kiosk]\r\nadmin_pin_hash=" << make_pin_hash("1357") << "\r\n";
  }
  auto current = load_kiosk_config(dir.file("argon2.ini"));
  EXPECT_TRUE(current.admin_pin_salt.empty());
  KioskFlow argon2(default_catalog(), ui::Language::Spanish, ui::untranslated, current);
  for (int i = 0; i < 5; ++i) argon2.logo_tapped(i * 100);
  EXPECT_FALSE(argon2.check_pin("2468"));
  EXPECT_TRUE(argon2.check_pin("1357"));

  std::string combined = "sal:" + legacy_pin_hash("sal", "2468");
  {
    std::ofstream out(utf8_path(dir.file("kiosk.ini")));
    out << "[kiosk]\r\nserver=https://mesa.energia.gob.mx\r\ntoken=tk_kiosk\r\nadmin_pin_hash=" << combined << "\r\n";
  }
  auto config = load_kiosk_config(dir.file("kiosk.ini"));
  EXPECT_EQ(config.language, ui::Language::Spanish) << "Spanish unless kiosk.ini says otherwise";
  EXPECT_EQ(config.server_url, "https://mesa.energia.gob.mx");
  EXPECT_EQ(config.token, "tk_kiosk");
  EXPECT_EQ(config.admin_pin_salt, "sal");
  KioskFlow flow(default_catalog(), ui::Language::Spanish, ui::untranslated, config);
  for (int i = 0; i < 5; ++i) flow.logo_tapped(i * 100);
  EXPECT_FALSE(flow.check_pin("1111"));
  EXPECT_TRUE(flow.check_pin("2468"));
  {
    std::ofstream out(utf8_path(dir.file("english.ini")));
    out << "language = en  # visitors from abroad\n";
  }
  EXPECT_EQ(load_kiosk_config(dir.file("english.ini")).language, ui::Language::English);
}

}  // namespace tk::kiosk
