// The user interfaces' logic without a display: report form, ticket views, tray state.
#include <gtest/gtest.h>

#ifdef _WIN32
#include <windows.h>
#endif

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "temp_dir.h"
#include "tk/config.h"
#include "tk/file_path.h"
#include "tk/machine_policy.h"
#include "tk/platform.h"
#include "tk/ui/report_form.h"
#include "tk/ui/ticket_view.h"
#include "tk/workflow.h"
#include "tray_settings.h"
#include "tray_status.h"

namespace tk {
namespace {

Ticket ticket_with(std::initializer_list<std::pair<Action, Level>> moves, TicketType type = TicketType::Incident) {
  Ticket t;
  t.tk = "TK-2026-000042";
  t.type = type;
  t.summary = "Sin red";
  std::int64_t at = 1'800'000'000;
  HistoryEvent reg;
  reg.at = at;
  reg.action = Action::Register;
  t.history.push_back(reg);
  for (auto [action, level] : moves) {
    HistoryEvent e;
    e.at = (at += 60);
    e.action = action;
    e.to_level = level;
    t.history.push_back(e);
  }
  return t;
}

}  // namespace

TEST(ReportForm, ChecksEachFieldAndSaysWhere) {
  ui::ReportFormLogic logic(default_catalog(), ui::Language::Spanish, ui::untranslated);
  ui::ReportForm form;
  auto problems = logic.check(form);
  EXPECT_TRUE(problems.count("category"));
  EXPECT_TRUE(problems.count("summary"));
  EXPECT_TRUE(problems.count("description"));
  form.category = "printer";
  form.summary = "No imprime";
  form.description = "Hojas en blanco";
  EXPECT_TRUE(logic.check(form).empty());
  form.reporter.email = "ana";
  EXPECT_EQ(logic.check(form).count("reporter.email"), 1u);
  form.reporter.email = "ana@energia.gob.mx";
  form.file = NewAttachment{"grande.bin", "application/octet-stream",
                            std::string(ui::ReportFormLogic::max_attachment_bytes() + 1, 'x')};
  EXPECT_EQ(logic.check(form).count("attachments"), 1u);
}

TEST(ReportForm, OffersTheCatalogInTheUsersLanguageAndPlainWords) {
  ui::ReportFormLogic es(default_catalog(), ui::Language::Spanish, ui::untranslated);
  ui::ReportFormLogic en(default_catalog(), ui::Language::English, ui::untranslated);
  auto security = es.categories(TicketType::SecurityIncident);
  ASSERT_EQ(security.size(), 4u);
  EXPECT_EQ(security[0].id, "phishing");
  EXPECT_EQ(es.categories(TicketType::Incident)[4].label, "Impresoras y escáneres");
  EXPECT_EQ(en.categories(TicketType::Incident)[4].label, "Printers");
  EXPECT_EQ(es.impact_choices()[2].label, "Solo yo");
  EXPECT_EQ(es.urgency_choices()[0].label, "No puedo trabajar");
}

TEST(ReportForm, BuildsTheReportWithWhatTheUserChose) {
  ui::ReportFormLogic logic(default_catalog(), ui::Language::Spanish, ui::untranslated);
  ui::ReportForm form;
  form.category = "printer";
  form.summary = "  No imprime  ";
  form.description = "Hojas en blanco";
  form.impact = 1;
  form.urgency = 1;
  form.device.hostname = "PC-0231";
  form.screenshot = NewAttachment{"captura.png", "image/png", "\x89PNG"};
  auto t = logic.build(form, Channel::Tray);
  EXPECT_EQ(t.summary, "No imprime");
  EXPECT_EQ(t.device.hostname, "PC-0231");
  EXPECT_EQ(t.attachments.size(), 1u);
  EXPECT_EQ(t.channel, Channel::Tray);
  form.attach_device = false;
  EXPECT_TRUE(logic.build(form, Channel::Tray).device.empty()) << "the user may keep the machine's details";
}

TEST(ReportForm, ReadsAFileToAttachAndRefusesOneTooBig) {
  test::TempDir dir;
  std::ofstream(utf8_path(dir.file("error.log"))) << "fallo";
  ui::ReportFormLogic logic(default_catalog(), ui::Language::Spanish, ui::untranslated);
  auto read = logic.read_attachment(dir.file("error.log"));
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->name, "error.log");
  EXPECT_EQ(read->content_type, "text/plain");
  EXPECT_EQ(read->data, "fallo");
  std::ofstream(utf8_path(dir.file("big.bin")), std::ios::binary)
      << std::string(ui::ReportFormLogic::max_attachment_bytes() + 1, 'x');
  EXPECT_EQ(logic.read_attachment(dir.file("big.bin")).error().kind, ErrorKind::PayloadTooLarge);
  EXPECT_FALSE(logic.read_attachment(dir.file("missing")).ok());
}

TEST(Timeline, FollowsTheLevelsTheTicketWentThrough) {
  auto t = ticket_with({{Action::Take, Level::First}, {Action::Escalate, Level::Second}});
  t.status = Status::InProgress;
  auto steps = ui::timeline(t, ui::untranslated);
  ASSERT_EQ(steps.size(), 7u);
  EXPECT_TRUE(steps[0].reached);
  EXPECT_TRUE(steps[1].reached);
  EXPECT_TRUE(steps[2].reached && steps[2].current);
  EXPECT_FALSE(steps[3].reached);
  EXPECT_EQ(steps[1].label, "First level (remote)");
}

TEST(Timeline, SecurityIncidentsStartWithTheSocAndMayCloseUnresolved) {
  auto t = ticket_with({{Action::Take, Level::Soc},
                        {Action::Escalate, Level::Second},
                        {Action::Escalate, Level::Third},
                        {Action::Vendor, Level::Third},
                        {Action::CloseNotResolved, Level::None}},
                       TicketType::SecurityIncident);
  t.status = Status::Closed;
  t.resolution = Resolution::NotResolved;
  auto steps = ui::timeline(t, ui::untranslated);
  EXPECT_EQ(steps[1].label, "SOC (remote)");
  EXPECT_TRUE(steps[4].reached);
  EXPECT_FALSE(steps[5].reached) << "never resolved";
  EXPECT_TRUE(steps[6].current);
  EXPECT_EQ(steps[6].label, "Closed, not resolved");
}

TEST(Timeline, AReopenedTicketForgetsItsResolution) {
  auto t = ticket_with({{Action::Take, Level::First}, {Action::Resolve, Level::None}, {Action::Reopen, Level::First}});
  t.status = Status::InProgress;
  auto steps = ui::timeline(t, ui::untranslated);
  EXPECT_FALSE(steps[5].reached);
  EXPECT_TRUE(steps[1].current);
}

TEST(OwnerActions, FollowTheWorkflow) {
  Ticket t;
  t.status = Status::PendingUser;
  EXPECT_EQ(owner_moves(t), (std::vector<OwnerMove>{{Action::Answer, Needs::Nothing}, {Action::Comment, Needs::Note}}));
  t.status = Status::Resolved;
  EXPECT_EQ(owner_moves(t),
            (std::vector<OwnerMove>{
                {Action::Confirm, Needs::Nothing}, {Action::Reopen, Needs::Nothing}, {Action::Comment, Needs::Note}}));
  t.status = Status::Closed;
  EXPECT_TRUE(owner_moves(t).empty());
}

TEST(ServiceLevelText, SaysHowMuchTimeIsLeftOrOver) {
  Ticket t;
  t.status = Status::InProgress;
  t.sla_due_at = 10'000;
  EXPECT_EQ(ui::service_level_text(t, 10'000 - 2 * 3600 - 15 * 60, ui::untranslated), "Due in 2 h 15 min");
  EXPECT_EQ(ui::service_level_text(t, 10'000 + 600, ui::untranslated), "Overdue by 10 min");
  t.status = Status::Closed;
  t.resolved_at = 9'000;
  EXPECT_EQ(ui::service_level_text(t, 20'000, ui::untranslated), "Target met");
}

TEST(TicketRows, PutWaitingReportsFirstAndMarkBreaches) {
  OutboxEntry queued;
  queued.local_id = "L-1";
  queued.report.summary = "En cola";
  TicketSummary late;
  late.tk = "TK-2026-000001";
  late.status = Status::InProgress;
  late.level = Level::First;
  late.sla_due_at = 100;
  auto rows = ui::ticket_rows({queued}, {late}, 200, ui::Language::Spanish, ui::untranslated, "");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, "L-1");
  EXPECT_TRUE(rows[0].queued);
  EXPECT_TRUE(rows[1].breached);
  EXPECT_EQ(rows[1].status, "En atención (primer nivel)");
}

TEST(TicketRows, AReportSavedUnderAnotherTokenIsNotShownAsAboutToBeSent) {
  OutboxEntry mine, older;
  mine.local_id = "L-2";
  mine.identity = "actual";
  older.local_id = "L-1";
  older.identity = "anterior";
  auto rows = ui::ticket_rows({older, mine}, {}, 0, ui::Language::English, ui::untranslated, "actual");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, "L-2");
  EXPECT_TRUE(rows[0].queued);
  EXPECT_FALSE(rows[0].other_identity);
  EXPECT_EQ(rows[1].id, "L-1");
  EXPECT_TRUE(rows[1].other_identity);
  EXPECT_FALSE(rows[1].queued);
  EXPECT_FALSE(rows[1].refused);
  EXPECT_EQ(rows[1].status, "Saved with another server or token: sent only under those");
}

TEST(TrayStatus, LookAndTooltipSayTheState) {
  tray::TrayStatus s;
  EXPECT_EQ(tray::look_of(s), tray::TrayLook::Unknown);
  s.known = true;
  s.online = true;
  EXPECT_EQ(tray::look_of(s), tray::TrayLook::Online);
  s.online = false;
  EXPECT_EQ(tray::look_of(s), tray::TrayLook::Offline);
  s.pending = 2;
  EXPECT_EQ(tray::look_of(s), tray::TrayLook::Waiting);
  EXPECT_NE(tray::tooltip_of(s, ui::untranslated).find("Waiting to be sent: 2"), std::string::npos);
  s.refused = 1;
  EXPECT_EQ(tray::look_of(s), tray::TrayLook::Attention);
}

TEST(TrayStatus, NotifiesChangesToKnownTicketsOnly) {
  TicketChange first{ticket_with({}), std::nullopt, std::nullopt};
  EXPECT_FALSE(tray::notification_for(first, ui::Language::Spanish, ui::untranslated));
  auto moved = ticket_with({{Action::Take, Level::First}});
  moved.status = Status::InProgress;
  moved.level = Level::First;
  TicketChange change{moved, Status::Registered, Level::None};
  auto n = tray::notification_for(change, ui::Language::Spanish, ui::untranslated);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->tk, "TK-2026-000042");
  EXPECT_EQ(n->title, "TK-2026-000042: En atención (primer nivel)");
  EXPECT_FALSE(n->asks_satisfaction);

  // Resolved: the click leads to "¿Quedó resuelto?"; a new comment on it does not again.
  auto resolved = moved;
  resolved.status = Status::Resolved;
  auto solved = tray::notification_for(TicketChange{resolved, Status::InProgress, Level::First}, ui::Language::Spanish,
                                       ui::untranslated);
  ASSERT_TRUE(solved);
  EXPECT_TRUE(solved->asks_satisfaction);
  auto commented = tray::notification_for(TicketChange{resolved, Status::Resolved, Level::None}, ui::Language::Spanish,
                                          ui::untranslated);
  ASSERT_TRUE(commented);
  EXPECT_FALSE(commented->asks_satisfaction);
}

#ifdef _WIN32
// On Windows the switch is a value under the user's Run key, read by Explorer at login.
TEST(Autostart, AValueUnderTheUsersRunKey) {
  const wchar_t* run_key = L"Software\\Microsoft\\Windows\\CurrentVersion\\Run";
  auto run_value = [&]() -> std::wstring {
    wchar_t value[512] = {};
    DWORD size = sizeof value;
    if (RegGetValueW(HKEY_CURRENT_USER, run_key, L"tk-tray-test", RRF_RT_REG_SZ, nullptr, value, &size) !=
        ERROR_SUCCESS)
      return L"";
    return value;
  };
  platform::set_start_at_login("tk-tray-test", "Mesa de servicios", "", false);
  EXPECT_FALSE(platform::starts_at_login("tk-tray-test"));
  ASSERT_TRUE(platform::set_start_at_login("tk-tray-test", "Mesa de servicios",
                                           "\"C:\\Program Files\\TK\\tk-tray.exe\"", true));
  EXPECT_TRUE(platform::starts_at_login("tk-tray-test"));
  EXPECT_EQ(run_value(), L"\"C:\\Program Files\\TK\\tk-tray.exe\"");
  ASSERT_TRUE(platform::set_start_at_login("tk-tray-test", "Mesa de servicios", "", false));
  EXPECT_FALSE(platform::starts_at_login("tk-tray-test"));
  EXPECT_EQ(run_value(), L"");
}

// The installer starts the tray for every user (a machine-wide Run value); a user who
// switches that off in Settings gets an opt-out of their own, and the machine's value stays.
TEST(Autostart, AUserOptsOutOfTheMachinesRunValue) {
  const wchar_t* run_key = L"Software\\Microsoft\\Windows\\CurrentVersion\\Run";
  const std::wstring command = L"\"C:\\Program Files\\TK\\bin\\tk-tray.exe\" --autostart";
  ASSERT_EQ(RegSetKeyValueW(HKEY_LOCAL_MACHINE, run_key, L"tk-tray-machine", REG_SZ, command.c_str(),
                            static_cast<DWORD>((command.size() + 1) * sizeof(wchar_t))),
            ERROR_SUCCESS);
  EXPECT_TRUE(platform::starts_at_login("tk-tray-machine"));
  ASSERT_TRUE(platform::set_start_at_login("tk-tray-machine", "Mesa de servicios", "tk-tray.exe", false));
  EXPECT_FALSE(platform::starts_at_login("tk-tray-machine"));
  DWORD opted = 1, size = sizeof opted;
  EXPECT_EQ(RegGetValueW(HKEY_CURRENT_USER, L"Software\\TK\\StartAtLogin", L"tk-tray-machine", RRF_RT_REG_DWORD,
                         nullptr, &opted, &size),
            ERROR_SUCCESS);
  EXPECT_EQ(opted, 0u);
  EXPECT_NE(RegGetValueW(HKEY_CURRENT_USER, run_key, L"tk-tray-machine", RRF_RT_REG_SZ, nullptr, nullptr, nullptr),
            ERROR_SUCCESS)
      << "no second entry of the user's own";
  ASSERT_TRUE(platform::set_start_at_login("tk-tray-machine", "Mesa de servicios", "tk-tray.exe", true));
  EXPECT_TRUE(platform::starts_at_login("tk-tray-machine"));
  RegDeleteKeyValueW(HKEY_LOCAL_MACHINE, run_key, L"tk-tray-machine");
}
#else
TEST(Autostart, AnEntryInTheUsersAutostartFolder) {
  test::TempDir dir;
  const char* previous = std::getenv("XDG_CONFIG_HOME");
  std::string saved = previous ? previous : "";
  setenv("XDG_CONFIG_HOME", dir.path().c_str(), 1);
  EXPECT_FALSE(platform::starts_at_login("tk-tray-test"));
  ASSERT_TRUE(platform::set_start_at_login("tk-tray-test", "Mesa de servicios", "/usr/bin/tk-tray", true));
  EXPECT_TRUE(std::filesystem::exists(dir.file("autostart/tk-tray-test.desktop")));
  EXPECT_TRUE(platform::starts_at_login("tk-tray-test"));
  ASSERT_TRUE(platform::set_start_at_login("tk-tray-test", "Mesa de servicios", "/usr/bin/tk-tray", false));
  EXPECT_FALSE(platform::starts_at_login("tk-tray-test"));
  if (previous)
    setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
  else
    unsetenv("XDG_CONFIG_HOME");
}
#endif

TEST(TraySettings, RoundTripAndCommandLineWins) {
  test::TempDir dir;
  tray::TraySettings s;
  s.server_url = "https://mesa.energia.gob.mx";
  s.token = "tk_secret";
  s.language = ui::Language::English;
  s.poll_minutes = 5;
  s.location = "Edificio B";
  ASSERT_TRUE(tray::save_settings(dir.file("tray.ini"), s));
  auto back = tray::load_settings(dir.file("tray.ini"));
  EXPECT_EQ(back.server_url, s.server_url);
  EXPECT_EQ(back.token, "tk_secret");
  EXPECT_EQ(back.language, ui::Language::English);
  EXPECT_EQ(back.poll_minutes, 5);
  EXPECT_EQ(back.location, "Edificio B");
#ifndef _WIN32  // on Windows the profile folder's ACL keeps other users out
  auto perms = std::filesystem::status(dir.file("tray.ini")).permissions();
  EXPECT_EQ(perms & std::filesystem::perms::others_read, std::filesystem::perms::none) << "it holds the token";
#endif
  tray::apply(back, {"http://127.0.0.1:9", "", "es"});
  EXPECT_EQ(back.server_url, "http://127.0.0.1:9");
  EXPECT_EQ(back.token, "tk_secret");
  EXPECT_EQ(back.language, ui::Language::Spanish);
}

// The token at rest: sealed for the user with DPAPI on Windows (under Wine too), kept in the
// 0600 file on Linux; an older file with the token in the clear still works.
TEST(TraySettings, TheTokenIsSealedForTheUserOnWindowsAndAnOlderClearFileStillWorks) {
  test::TempDir dir;
  tray::TraySettings s;
  s.token = "tk_secreto_de_prueba";
  ASSERT_TRUE(tray::save_settings(dir.file("tray.ini"), s));
  std::string stored = read_key_values(dir.file("tray.ini"))["token"];
#ifdef _WIN32
  EXPECT_EQ(stored.rfind("dpapi:", 0), 0u) << stored;
  EXPECT_EQ(stored.find("tk_secreto"), std::string::npos) << "not in the clear";
  // Damaged, it opens nothing (the tray then asks to enrol again).
  std::string damaged = stored;
  damaged[damaged.size() / 2] = damaged[damaged.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(platform::unseal_secret(damaged).has_value());
#else
  EXPECT_EQ(stored, "tk_secreto_de_prueba");
  EXPECT_FALSE(platform::unseal_secret("dpapi:AAAA").has_value()) << "a Windows profile's file opens nothing here";
#endif
  EXPECT_EQ(tray::load_settings(dir.file("tray.ini")).token, "tk_secreto_de_prueba");

  ASSERT_TRUE(write_key_values(dir.file("old.ini"), {{"token", "tk_de_antes"}}));
  EXPECT_EQ(tray::load_settings(dir.file("old.ini")).token, "tk_de_antes");
}

PolicyLookup lookup_in(std::map<std::string, std::string> values) {
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
    auto it = values.find(std::string(name));
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(MachinePolicy, EmptyValuesAreUnsetAndNonsenseIsIgnored) {
  // The MSI writes every value, empty when its property was not given.
  auto none = policy_from(lookup_in({{"Server", ""}, {"PollMinutes", ""}, {"AllowServerChange", ""}}));
  EXPECT_FALSE(none.server_url);
  EXPECT_FALSE(none.poll_minutes);
  EXPECT_FALSE(none.server_fixed());
  auto set = policy_from(lookup_in({{"Server", " https://mesa.energia.gob.mx "}, {"PollMinutes", "15"}}));
  EXPECT_EQ(set.server_url.value_or(""), "https://mesa.energia.gob.mx");
  EXPECT_TRUE(set.server_fixed()) << "a server the policy gives is fixed unless it says users may change it";
  EXPECT_EQ(set.poll_minutes.value_or(0), 15);
  EXPECT_FALSE(policy_from(lookup_in({{"PollMinutes", "0"}})).poll_minutes);
  EXPECT_FALSE(policy_from(lookup_in({{"PollMinutes", "5 min"}})).poll_minutes);
  EXPECT_FALSE(policy_from(lookup_in({{"PollMinutes", "999"}})).poll_minutes);
  auto open = policy_from(lookup_in({{"Server", "https://mesa"}, {"AllowServerChange", "1"}}));
  EXPECT_FALSE(open.server_fixed());
}

TEST(MachinePolicy, TheServerIsChosenInOneOrder) {
  MachinePolicy none;
  EXPECT_EQ(choose_server("", "", none), kDefaultServerUrl);
  EXPECT_EQ(choose_server("", "https://mio", none), "https://mio");
  auto fixed = policy_from(lookup_in({{"Server", "https://mesa"}}));
  EXPECT_EQ(choose_server("", "https://mio", fixed), "https://mesa");
  EXPECT_EQ(choose_server("http://127.0.0.1:9", "https://mio", fixed), "http://127.0.0.1:9") << "the command line";
  auto open = policy_from(lookup_in({{"Server", "https://mesa"}, {"AllowServerChange", "1"}}));
  EXPECT_EQ(choose_server("", "https://mio", open), "https://mio");
  EXPECT_EQ(choose_server("", "", open), "https://mesa");
}

TEST(TraySettings, WhatThePolicyFixesIsNeitherTakenFromNorWrittenToTheUsersFile) {
  test::TempDir dir;
  tray::TraySettings mine;
  mine.server_url = "https://mio.example";
  mine.poll_minutes = 7;
  mine.token = "tk_secret";
  ASSERT_TRUE(tray::save_settings(dir.file("tray.ini"), mine));

  auto policy = policy_from(lookup_in({{"Server", "https://mesa.energia.gob.mx"}, {"PollMinutes", "15"}}));
  auto s = tray::load_settings(dir.file("tray.ini"), policy);
  EXPECT_EQ(s.server_url, "https://mesa.energia.gob.mx");
  EXPECT_EQ(s.poll_minutes, 15);
  EXPECT_TRUE(s.server_fixed());
  EXPECT_TRUE(s.poll_fixed());
  EXPECT_EQ(s.token, "tk_secret");
  ASSERT_TRUE(tray::save_settings(dir.file("tray.ini"), s));
  auto file = read_key_values(dir.file("tray.ini"));
  EXPECT_EQ(file.count("server"), 0u);
  EXPECT_EQ(file.count("poll_minutes"), 0u);
  EXPECT_EQ(platform::unseal_secret(file["token"]).value_or(""), "tk_secret");

  // Where users may change it, the policy's server is the default: the user's own wins,
  // and a user who never chose one follows the policy when the organisation moves it.
  auto open = policy_from(lookup_in({{"Server", "https://mesa-1"}, {"AllowServerChange", "1"}}));
  auto follows = tray::load_settings(dir.file("tray.ini"), open);
  EXPECT_EQ(follows.server_url, "https://mesa-1");
  ASSERT_TRUE(tray::save_settings(dir.file("tray.ini"), follows));
  auto moved = policy_from(lookup_in({{"Server", "https://mesa-2"}, {"AllowServerChange", "1"}}));
  EXPECT_EQ(tray::load_settings(dir.file("tray.ini"), moved).server_url, "https://mesa-2");
  follows.server_url = "https://mio.example";
  ASSERT_TRUE(tray::save_settings(dir.file("tray.ini"), follows));
  EXPECT_EQ(tray::load_settings(dir.file("tray.ini"), moved).server_url, "https://mio.example");
}

#ifndef _WIN32  // Windows reads its display language instead
// Until the user chooses a language in Settings, the tray speaks the system's.
TEST(TraySettings, TheLanguageIsTheSystemsUntilTheUserChooses) {
  test::TempDir dir;
  std::map<std::string, std::string> saved;
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    if (const char* v = std::getenv(name)) saved[name] = v;
    unsetenv(name);
  }
  write_key_values(dir.file("tray.ini"), {{"token", "tk_x"}});
  setenv("LANG", "en_US.UTF-8", 1);
  EXPECT_EQ(tray::load_settings(dir.file("tray.ini")).language, ui::Language::English);
  setenv("LANG", "C.UTF-8", 1);
  EXPECT_EQ(tray::load_settings(dir.file("tray.ini")).language, ui::Language::Spanish) << "C says nothing";
  setenv("LC_ALL", "en_GB.UTF-8", 1);
  EXPECT_EQ(tray::load_settings(dir.file("tray.ini")).language, ui::Language::English) << "LC_ALL first";
  write_key_values(dir.file("tray.ini"), {{"language", "es"}});
  EXPECT_EQ(tray::load_settings(dir.file("tray.ini")).language, ui::Language::Spanish) << "the user's choice";
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    unsetenv(name);
    if (saved.count(name)) setenv(name, saved[name].c_str(), 1);
  }
}
#endif

}  // namespace tk
