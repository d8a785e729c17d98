// The desk's side of TicketService on a real SQLite file with a clock the test moves:
// registration for a caller, classification, assignment, and stages measured in the
// desk's working hours (a weekend and a holiday in between) or around the clock (security).
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>

#include "quality/quality_report.h"
#include "site_time.h"
#include "temp_dir.h"
#include "services.h"
#include "storage/storage.h"

namespace tk::server {
namespace {

constexpr std::int64_t kHour = 3600;

// A local date and time at the site (tests/support/site_time.h).
std::int64_t local(int year, int month, int day, int hour, int minute = 0) {
  return test::site_time(year, month, day, hour, minute);
}

class DeskTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  // Friday 4 December 2026, 16:00 at the site; Monday 7 December is a holiday here.
  std::atomic<std::int64_t> clock{local(2026, 12, 4, 16)};
  std::unique_ptr<Storage> store = std::make_unique<Storage>(dir.file("tk.db"));
  std::unique_ptr<Services> service = make_service();
  Identity employee = identity(Role::Employee, "1002", "Ana López");
  Identity mesa = identity(Role::Agent, "", "Luis Pérez", "lperez", "mesa");
  Identity mesa2 = identity(Role::Agent, "", "Marta Ruiz", "mruiz", "mesa");
  Identity soc = identity(Role::Agent, "", "Sofía Ortega", "sortega", "soc");
  Identity sitio = identity(Role::Agent, "", "Iván Castro", "icastro", "sitio");

  std::unique_ptr<Services> make_service() {
    ServiceOptions options;
    auto calendar = WorkCalendar::from_config({{"monday", "09:00-18:00"},
                                               {"tuesday", "09:00-18:00"},
                                               {"wednesday", "09:00-18:00"},
                                               {"thursday", "09:00-18:00"},
                                               {"friday", "09:00-18:00"},
                                               {"holidays", "2026-12-07"},
                                               {"utc_offset", "-06:00"}});
    EXPECT_TRUE(calendar.ok());
    options.service_levels.calendar = *calendar;
    options.service_levels.priority_seconds = {4 * kHour, 8 * kHour, 16 * kHour, 24 * kHour};
    return std::make_unique<Services>(*store, options, [this] { return clock.load(); });
  }

  Identity identity(Role role, const std::string& number, const std::string& name, const std::string& login = {},
                    const std::string& group = {}) {
    Identity id;
    id.role = role;
    id.employee = number;
    id.name = name;
    id.login = login;
    id.group = group;
    return *service->access.authenticate(service->access.create_token(id));
  }

  static NewTicket report(TicketType type = TicketType::Incident, const std::string& category = "printer") {
    NewTicket t;
    t.type = type;
    t.category = category;
    t.summary = "No imprime";
    t.description = "La impresora del piso 3 no imprime.";
    auto defaults = default_impact_urgency(type);
    t.impact = defaults.impact;
    t.urgency = defaults.urgency;
    return t;
  }

  Ticket file(const Identity& who, NewTicket t = report()) {
    auto created = service->tickets.create(who, std::move(t), {});
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    return created.ok() ? created->ticket : Ticket{};
  }

  Result<Ticket> act(const Identity& who, const std::string& tk, EventRequest request) {
    return service->tickets.apply(who, tk, request);
  }
  Result<Ticket> act(const Identity& who, const std::string& tk, Action action, const std::string& note = "nota") {
    return act(who, tk, EventRequest{action, note, "", ""});
  }
};

}  // namespace

TEST_F(DeskTest, TheDeskRegistersACallForItsCaller) {
  NewTicket call = report();
  call.reporter.employee = "1002";
  call.reporter.name = "Ana López";
  Ticket t = file(mesa, call);
  EXPECT_EQ(t.channel, Channel::Phone) << "a call unless the desk says otherwise";
  EXPECT_EQ(t.reporter.employee, "1002");
  EXPECT_EQ(t.group, "mesa");
  EXPECT_EQ(t.history.front().by, "agent:Luis Pérez");

  call.channel = Channel::InPerson;
  EXPECT_EQ(file(mesa, call).channel, Channel::InPerson);
  call.channel = Channel::Tray;
  auto tray = service->tickets.create(mesa, call, {});
  ASSERT_FALSE(tray.ok());
  EXPECT_EQ(tray.error().field, "channel");
  NewTicket anonymous = report();
  auto nobody = service->tickets.create(mesa, anonymous, {});
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().field, "reporter.employee");
  NewTicket own = report();
  own.channel = Channel::Phone;
  auto employee_call = service->tickets.create(employee, own, {});
  ASSERT_FALSE(employee_call.ok()) << "only the desk registers calls";
  EXPECT_EQ(employee_call.error().field, "channel");
}

TEST_F(DeskTest, StagesRunInWorkingHoursAcrossAWeekendAndAHoliday) {
  // P4 (24 working hours) registered Friday 16:00: Friday 2 h, Monday is a holiday,
  // Tuesday 9 h, Wednesday 9 h, then 4 h of Thursday: due Thursday 10 December 13:00.
  Ticket t = file(employee);
  EXPECT_EQ(t.priority, 4);
  ASSERT_EQ(t.stages.size(), 1u);
  EXPECT_EQ(t.stages[0].level, Level::First);
  EXPECT_EQ(t.sla_due_at, local(2026, 12, 10, 13));

  // A security incident runs around the clock: the SOC's two hours end Friday 18:00.
  Ticket security = file(employee, report(TicketType::SecurityIncident, "phishing"));
  EXPECT_EQ(security.group, "soc");
  EXPECT_EQ(security.sla_due_at, local(2026, 12, 4, 18));
}

TEST_F(DeskTest, WaitingOnTheUserStopsTheClockForTheWorkingTimeItCovers) {
  Ticket t = file(employee);
  ASSERT_TRUE(act(mesa, t.tk, Action::Take).ok());
  clock = local(2026, 12, 4, 17);
  auto asked = act(mesa, t.tk, Action::AskUser, "¿Qué modelo es?");
  ASSERT_TRUE(asked.ok());
  EXPECT_FALSE(is_breached(*asked, local(2026, 12, 20, 12))) << "a paused stage does not breach";
  // Answered Tuesday 10:00: Friday 17-18 and Tuesday 9-10 were working time (2 h).
  clock = local(2026, 12, 8, 10);
  auto answered = act(employee, t.tk, Action::Answer, "HP 4250");
  ASSERT_TRUE(answered.ok()) << answered.error().message;
  EXPECT_EQ(answered->stages.back().paused_seconds, 2 * kHour);
  EXPECT_EQ(answered->sla_due_at, local(2026, 12, 10, 15));
}

TEST_F(DeskTest, ClassificationRecomputesPriorityAndTheStageDueTimeAndRecordsTheChange) {
  Ticket t = file(employee);
  EventRequest classify{Action::Classify, "Todo el piso sin imprimir", "", ""};
  classify.impact = 1;
  classify.urgency = 1;
  auto done = act(mesa, t.tk, classify);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->priority, 1);
  // Four working hours from Friday 16:00: two on Friday, two on Tuesday (Monday is a holiday).
  EXPECT_EQ(done->sla_due_at, local(2026, 12, 8, 11));
  const auto& changes = done->history.back().changes;
  EXPECT_NE(std::find(changes.begin(), changes.end(), FieldChange{"priority", "4", "1"}), changes.end());
  EXPECT_NE(std::find(changes.begin(), changes.end(), FieldChange{"impact", "3", "1"}), changes.end());

  // Found to be phishing: the ticket moves to the SOC and its clock runs around the clock.
  EventRequest security{Action::Classify, "Es un correo de phishing", "", ""};
  security.type = TicketType::SecurityIncident;
  auto wrong = act(mesa, t.tk, security);
  ASSERT_FALSE(wrong.ok()) << "a printer is no security category";
  EXPECT_EQ(wrong.error().field, "category");
  security.category = "phishing";
  auto moved = act(mesa, t.tk, security);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->group, "soc");
  EXPECT_EQ(moved->stages.back().level, Level::Soc);
  EXPECT_EQ(moved->sla_due_at, local(2026, 12, 4, 18));
  auto taken = act(soc, t.tk, Action::Take);
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(taken->level, Level::Soc);
}

TEST_F(DeskTest, AssignmentStaysWithinTheLevelAndNamesKnownAgents) {
  Ticket t = file(employee);
  auto taken = act(mesa, t.tk, Action::Take);
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(taken->assignee, "lperez");
  EventRequest to_marta{Action::Assign, "", "", ""};
  to_marta.assignee = "mruiz";
  auto assigned = act(mesa, t.tk, to_marta);
  ASSERT_TRUE(assigned.ok()) << assigned.error().message;
  EXPECT_EQ(assigned->assignee, "mruiz");
  EXPECT_EQ(assigned->history.back().changes, (std::vector<FieldChange>{{"assignee", "lperez", "mruiz"}}));

  EventRequest unknown{Action::Assign, "", "", ""};
  unknown.assignee = "nadie";
  EXPECT_EQ(act(mesa, t.tk, unknown).error().code, "unknown_agent");
  EventRequest other_level{Action::Assign, "", "", ""};
  other_level.group = "sitio";
  EXPECT_EQ(act(mesa, t.tk, other_level).error().code, "wrong_level");
  EventRequest no_group{Action::Assign, "", "", ""};
  no_group.group = "redes";
  EXPECT_EQ(act(mesa, t.tk, no_group).error().code, "unknown_group");

  auto escalated = act(mesa2, t.tk, Action::Escalate);
  ASSERT_TRUE(escalated.ok());
  EXPECT_EQ(escalated->group, "sitio");
  EXPECT_EQ(escalated->assignee, "");
  auto picked = act(sitio, t.tk, Action::Take);
  ASSERT_TRUE(picked.ok()) << "taking an escalated ticket assigns it";
  EXPECT_EQ(picked->status, Status::InProgress);
  EXPECT_EQ(picked->level, Level::Second);
  EXPECT_EQ(picked->assignee, "icastro");
}

TEST_F(DeskTest, ATokenWithoutALoginMovesTicketsButDoesNotTakeThemFromTheirHolder) {
  Identity old_desk = identity(Role::Agent, "", "Mesa (token antiguo)");
  Ticket t = file(employee);
  ASSERT_TRUE(act(mesa, t.tk, Action::Take).ok());
  auto again = act(old_desk, t.tk, Action::Take);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->assignee, "lperez");
}

TEST_F(DeskTest, AWaitOnTheUserIsRecountedWhenTheTypeChangesTheClock) {
  // A security report waits on the user from Friday 17:00 to Tuesday 10:00 (89 h around
  // the clock), then turns out to be an ordinary incident: on the desk's clock that wait
  // was 1 h of Friday and 1 h of Tuesday (Monday is a holiday), not 89 working hours.
  Ticket t = file(employee, report(TicketType::SecurityIncident, "phishing"));
  clock = local(2026, 12, 4, 17);
  ASSERT_TRUE(act(soc, t.tk, Action::Take).ok());
  ASSERT_TRUE(act(soc, t.tk, Action::AskUser, "¿Abrió el adjunto?").ok());
  clock = local(2026, 12, 8, 10);
  auto answered = act(employee, t.tk, Action::Answer, "No lo abrí; es publicidad");
  ASSERT_TRUE(answered.ok());
  EXPECT_EQ(answered->stages.back().paused_seconds, 89 * kHour);
  EXPECT_EQ(answered->sla_due_at, local(2026, 12, 8, 11)) << "the SOC's 2 h, moved by the wait";
  EventRequest not_security{Action::Classify, "Es publicidad, no phishing", "", ""};
  not_security.type = TicketType::Incident;
  not_security.category = "email";
  auto reclassified = act(soc, t.tk, not_security);
  ASSERT_TRUE(reclassified.ok()) << reclassified.error().message;
  EXPECT_EQ(reclassified->level, Level::First);
  EXPECT_EQ(reclassified->group, "mesa");
  EXPECT_EQ(reclassified->stages.back().paused_seconds, 2 * kHour);
  // P2 (impact 2, urgency 1 kept): 8 working hours plus the 2 h wait from Friday 16:00.
  EXPECT_EQ(reclassified->sla_due_at, local(2026, 12, 8, 17));
  EXPECT_FALSE(reclassified->stages.back().breached);
}

TEST_F(DeskTest, TheUserRatesOnConfirmingOrWithinFourteenDaysOfAnAutomaticClose) {
  auto resolved = [&] {
    Ticket t = file(employee);
    EXPECT_TRUE(act(mesa, t.tk, Action::Take).ok());
    EXPECT_TRUE(act(mesa, t.tk, Action::Resolve, "Se cambió el tóner").ok());
    return t.tk;
  };
  std::string confirmed = resolved();
  EventRequest confirm{Action::Confirm};
  confirm.rating = 5;
  confirm.comment = "Muy rápido";
  auto closed = act(employee, confirmed, confirm);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->status, Status::Closed);
  EXPECT_EQ(closed->satisfaction, (Satisfaction{5, "Muy rápido", clock.load()}));
  EXPECT_EQ(closed->closed_at, clock.load());
  EventRequest again{Action::Rate};
  again.rating = 1;
  EXPECT_EQ(act(employee, confirmed, again).error().code, "already_rated") << "one rating per ticket";

  // Auto-closed: the user may still rate it for 14 days, and only the user.
  std::string auto_closed = resolved();
  clock += 6 * 24 * 3600;
  EXPECT_GE(service->tickets.auto_close(), 1);
  EventRequest rate{Action::Rate};
  rate.rating = 3;
  EXPECT_EQ(act(mesa, auto_closed, rate).error().kind, ErrorKind::Forbidden) << "the desk does not rate itself";
  EventRequest unrated{Action::Rate};
  EXPECT_EQ(act(employee, auto_closed, unrated).error().field, "rating");
  clock += 13 * 24 * 3600;
  auto rated = act(employee, auto_closed, rate);
  ASSERT_TRUE(rated.ok()) << rated.error().message;
  EXPECT_EQ(rated->satisfaction.rating, 3);
  EXPECT_EQ(rated->history.back().action, Action::Rate);

  std::string late = resolved();
  clock += 6 * 24 * 3600;
  service->tickets.auto_close();
  clock += 15 * 24 * 3600;
  EXPECT_EQ(act(employee, late, rate).error().code, "rating_closed");
  EventRequest comment_rating{Action::Comment, "gracias"};
  comment_rating.rating = 4;
  EXPECT_EQ(act(employee, late, comment_rating).error().code, "unexpected_field");
}

TEST_F(DeskTest, AnEventSentAgainWithItsKeyHappensOnce) {
  Ticket t = file(employee);
  EventRequest comment{Action::Comment, "¿Hay novedades?"};
  auto first = service->tickets.apply(employee, t.tk, comment, "evento-1");
  ASSERT_TRUE(first.ok());
  auto second = service->tickets.apply(employee, t.tk, comment, "evento-1");
  ASSERT_TRUE(second.ok()) << "the resend is answered with the ticket";
  EXPECT_EQ(second->history.size(), first->history.size()) << "and adds nothing";
  EventRequest other{Action::Comment, "Otra cosa"};
  EXPECT_EQ(service->tickets.apply(employee, t.tk, other, "evento-1").error().code, "idempotency_key_reused");
  EXPECT_TRUE(service->tickets.apply(employee, t.tk, comment, "evento-2").ok()) << "a new key is a new comment";
  auto stored = service->tickets.get(employee, t.tk, {});
  EXPECT_EQ(stored->history.size(), first->history.size() + 1);
}

TEST_F(DeskTest, ABreachedStageStaysBreachedAfterTheTicketMovesOn) {
  Ticket t = file(employee, report(TicketType::SecurityIncident, "malware"));
  ASSERT_TRUE(act(soc, t.tk, Action::Take).ok());
  clock = local(2026, 12, 4, 18, 30);  // the SOC's two hours ended at 18:00
  auto escalated = act(soc, t.tk, Action::Escalate, "Al sitio");
  ASSERT_TRUE(escalated.ok());
  ASSERT_EQ(escalated->stages.size(), 2u);
  EXPECT_TRUE(escalated->stages[0].breached);
  EXPECT_EQ(escalated->stages[0].ended_at, local(2026, 12, 4, 18, 30));
  EXPECT_EQ(escalated->stages[1].due_at, local(2026, 12, 4, 22, 30)) << "on-site: four hours, around the clock";
  EXPECT_FALSE(is_breached(*escalated, clock));
  clock = local(2026, 12, 4, 20);
  auto resolved = act(sitio, t.tk, Action::Resolve, "Equipo limpio");
  ASSERT_TRUE(resolved.ok());
  EXPECT_TRUE(resolved->stages[0].breached);
  EXPECT_FALSE(resolved->stages[1].breached);

  // Both stay as they were when read back from the database.
  auto stored = service->tickets.get(soc, t.tk, {});
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->stages, resolved->stages);
}

TEST_F(DeskTest, QueuesFilterByGroupAssigneeLevelBreachAndText) {
  Ticket printer = file(employee);
  Ticket phishing = file(employee, report(TicketType::SecurityIncident, "phishing"));
  ASSERT_TRUE(act(mesa, printer.tk, Action::Take).ok());
  auto list = [&](const Identity& who, ListRequest request) {
    auto answer = service->tickets.list(who, request);
    EXPECT_TRUE(answer.ok()) << (answer.ok() ? "" : answer.error().message);
    std::vector<std::string> tks;
    if (answer.ok())
      for (const auto& t : answer->tickets) tks.push_back(t.tk);
    return tks;
  };
  using V = std::vector<std::string>;
  ListRequest soc_queue;
  soc_queue.group = "soc";
  soc_queue.open_only = true;
  EXPECT_EQ(list(mesa, soc_queue), V{phishing.tk});
  ListRequest mine;
  mine.queue = "me";
  EXPECT_EQ(list(mesa, mine), V{printer.tk});
  EXPECT_EQ(list(soc, mine), V{phishing.tk}) << "the SOC's group queue";
  ListRequest unassigned;
  unassigned.assignee = "none";
  EXPECT_EQ(list(mesa, unassigned), V{phishing.tk});
  ListRequest level;
  level.level = "1";
  EXPECT_EQ(list(mesa, level), V{printer.tk});
  ListRequest text;
  text.text = "piso 3";
  EXPECT_EQ(list(mesa, text).size(), 2u);
  text.text = "%";
  EXPECT_TRUE(list(mesa, text).empty()) << "LIKE's wildcards are plain characters";
  text.text = "_";
  EXPECT_TRUE(list(mesa, text).empty());
  ListRequest breached;
  breached.breached_only = true;
  EXPECT_TRUE(list(mesa, breached).empty());
  clock = local(2026, 12, 4, 19);  // past the SOC's two hours
  EXPECT_EQ(list(mesa, breached), V{phishing.tk});
  ListRequest bad;
  bad.group = "redes";
  EXPECT_EQ(service->tickets.list(mesa, bad).error().code, "invalid_parameter");
  ListRequest employee_me;
  employee_me.queue = "me";
  EXPECT_EQ(service->tickets.list(employee, employee_me).error().code, "invalid_parameter");
}

// A database the first release wrote (schema version 1): its tickets get one stage each, at
// the level that had them, with the default groups, and a finished late one stays breached.
TEST(DeskMigration, TicketsOfTheFirstSchemaGetTheirStageAndGroup) {
  test::TempDir dir;
  {
    SQLite::Database db(dir.file("old.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(R"sql(
      CREATE TABLE tokens (id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
        employee TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL);
      CREATE TABLE tickets (id INTEGER PRIMARY KEY, tk TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
        category TEXT NOT NULL, summary TEXT NOT NULL, description TEXT NOT NULL, impact INTEGER NOT NULL,
        urgency INTEGER NOT NULL, priority INTEGER NOT NULL, status TEXT NOT NULL, level TEXT NOT NULL,
        resolution TEXT NOT NULL DEFAULT '', resolution_notes TEXT NOT NULL DEFAULT '',
        containment TEXT NOT NULL DEFAULT '', vendor_ref TEXT NOT NULL DEFAULT '', reporter_employee TEXT NOT NULL,
        reporter_name TEXT NOT NULL DEFAULT '', reporter_email TEXT NOT NULL DEFAULT '',
        reporter_phone TEXT NOT NULL DEFAULT '', reporter_location TEXT NOT NULL DEFAULT '', channel TEXT NOT NULL,
        device_json TEXT NOT NULL DEFAULT '{}', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
        sla_due_at INTEGER NOT NULL, stage_started_at INTEGER NOT NULL, resolved_at INTEGER NOT NULL DEFAULT 0,
        change_seq INTEGER NOT NULL UNIQUE);
      CREATE INDEX tickets_by_reporter ON tickets (reporter_employee, change_seq);
      CREATE INDEX tickets_by_status ON tickets (status, sla_due_at);
      CREATE TABLE events (id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL REFERENCES tickets (id),
        at INTEGER NOT NULL, by TEXT NOT NULL, action TEXT NOT NULL, from_status TEXT, from_level TEXT,
        to_status TEXT NOT NULL, to_level TEXT NOT NULL, note TEXT NOT NULL DEFAULT '');
      CREATE INDEX events_by_ticket ON events (ticket_id, id);
      CREATE TABLE attachments (id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL REFERENCES tickets (id),
        name TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL, data BLOB NOT NULL);
      CREATE TABLE idempotency (token_id INTEGER NOT NULL REFERENCES tokens (id), key TEXT NOT NULL,
        fingerprint TEXT NOT NULL, ticket_id INTEGER NOT NULL REFERENCES tickets (id),
        created_at INTEGER NOT NULL, PRIMARY KEY (token_id, key)) WITHOUT ROWID;
      INSERT INTO tickets (tk, type, category, summary, description, impact, urgency, priority, status, level,
        reporter_employee, channel, created_at, updated_at, sla_due_at, stage_started_at, resolved_at, change_seq)
      VALUES
        ('TK-2026-000001', 'security_incident', 'phishing', 'Correo', 'd', 2, 1, 2, 'in_progress', 'soc',
         '1002', 'tray', 1000, 1000, 8200, 1000, 0, 1),
        ('TK-2026-000002', 'incident', 'printer', 'Impresora', 'd', 3, 2, 4, 'registered', '',
         '1002', 'kiosk', 1000, 1000, 9000, 1000, 0, 2),
        ('TK-2026-000003', 'incident', 'hardware', 'Equipo', 'd', 3, 2, 4, 'resolved', '2',
         '1002', 'tray', 1000, 5000, 3000, 2000, 5000, 3),
        ('TK-2026-000004', 'incident', 'email', 'Correo', 'd', 3, 2, 4, 'pending_user', '1',
         '1002', 'tray', 1000, 6000, 3000, 1000, 0, 4);
      INSERT INTO events (ticket_id, at, by, action, from_status, from_level, to_status, to_level, note)
      VALUES (4, 1000, 'employee:1002', 'register', NULL, NULL, 'registered', '', ''),
             (4, 4000, 'agent:Mesa', 'ask_user', 'in_progress', '1', 'pending_user', '1', '¿Desde cuándo?'),
             (4, 6000, 'agent:Mesa', 'comment', 'pending_user', '1', 'pending_user', '1', 'Sigo esperando');
      PRAGMA user_version = 1;
    )sql");
  }
  Storage store(dir.file("old.db"));
  EXPECT_EQ(store.schema_version(), 10);
  auto soc = store.tickets().find("TK-2026-000001");
  ASSERT_TRUE(soc);
  EXPECT_EQ(soc->group, "soc");
  ASSERT_EQ(soc->stages.size(), 1u);
  EXPECT_EQ(soc->stages[0].level, Level::Soc);
  EXPECT_EQ(soc->stages[0].due_at, 8200);
  EXPECT_TRUE(soc->stages[0].running());
  auto registered = store.tickets().find("TK-2026-000002");
  ASSERT_TRUE(registered);
  EXPECT_EQ(registered->group, "mesa");
  EXPECT_EQ(registered->level, Level::First) << "the level that will take it";
  EXPECT_EQ(registered->visible_level(), Level::None) << "and still shown as nobody's yet";
  auto resolved = store.tickets().find("TK-2026-000003");
  ASSERT_TRUE(resolved);
  EXPECT_EQ(resolved->group, "sitio");
  ASSERT_EQ(resolved->stages.size(), 1u);
  EXPECT_EQ(resolved->stages[0].ended_at, 5000);
  EXPECT_TRUE(resolved->stages[0].breached) << "resolved after its due time";
  auto waiting = store.tickets().find("TK-2026-000004");
  ASSERT_TRUE(waiting);
  ASSERT_EQ(waiting->stages.size(), 1u);
  EXPECT_EQ(waiting->stages[0].paused_since, 4000) << "paused from the question, not the last comment";
  EXPECT_TRUE(waiting->stages[0].breached) << "asked after its due time: late under the first schema's clock";
  TicketFilter soc_queue;
  soc_queue.group = "soc";
  soc_queue.open_only = true;
  auto listed = store.tickets().list(soc_queue);
  ASSERT_EQ(listed.tickets.size(), 1u);
  EXPECT_EQ(listed.tickets[0].tk, "TK-2026-000001");

  // Schema 5 keeps each ticket's count of stages and first level for the quality report.
  QualityPeriod first_day;
  first_day.from = first_day.to = "1970-01-01";
  first_day.end = 86400;
  first_day.now = 10000;
  QualityFigures figures = store.quality().figures(first_day);
  EXPECT_EQ(figures.opened, 4);
  EXPECT_EQ(figures.resolved, 1);
  EXPECT_EQ(figures.first_level_resolved, 0) << "solved on site: its only stage was level 2's";
  EXPECT_EQ(figures.stages["2"].total, 1);
  EXPECT_EQ(figures.stages["2"].met, 0);
  EXPECT_EQ(figures.stages["soc"].total, 1) << "running and late since 8200";
}

}  // namespace tk::server
