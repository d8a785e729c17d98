// TicketService on a real SQLite file, without HTTP.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "temp_dir.h"
#include "services.h"
#include "storage/storage.h"

namespace tk::server {
namespace {

class ServiceTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  std::atomic<std::int64_t> clock{1'800'000'000};
  std::unique_ptr<Storage> store = std::make_unique<Storage>(dir.file("tk.db"));
  std::unique_ptr<Services> service = make_service();
  Identity employee = identity("employee", "1002", "Ana López");
  Identity other = identity("employee", "2001", "Beto");
  Identity agent = identity("agent", "", "Mesa");
  Identity kiosk = identity("kiosk", "", "Vestíbulo");

  std::unique_ptr<Services> make_service() {
    return std::make_unique<Services>(*store, ServiceOptions{}, [this] { return clock.load(); });
  }

  Identity identity(const std::string& role, const std::string& employee_number, const std::string& name) {
    Identity id;
    id.role = *parse_role(role);
    id.employee = employee_number;
    id.name = name;
    auto token = service->access.create_token(id);
    return *service->access.authenticate(token);
  }

  static NewTicket report(TicketType type = TicketType::Incident, const std::string& category = "printer") {
    NewTicket t;
    t.type = type;
    t.category = category;
    t.summary = "No imprime";
    t.description = "La impresora del piso 3 no imprime.";
    t.impact = 2;
    t.urgency = 1;
    return t;
  }

  Ticket file(const Identity& who, NewTicket t = report(), const std::string& key = {}) {
    auto created = service->tickets.create(who, std::move(t), key);
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    return created->ticket;
  }

  Result<Ticket> move(const Identity& who, const std::string& tk, Action action, std::string note = "nota",
                      std::string vendor_ref = {}, std::string containment = {}) {
    return service->tickets.apply(who, tk, EventRequest{action, note, vendor_ref, containment});
  }
};

}  // namespace

TEST_F(ServiceTest, TokensAreStoredOnlyAsHashes) {
  Identity id;
  id.role = Role::Agent;
  id.name = "Mesa";
  auto token = service->access.create_token(id);
  EXPECT_EQ(token.rfind("tk_", 0), 0u);
  SQLite::Database db(dir.file("tk.db"));
  SQLite::Statement q(db, "SELECT COUNT(*) FROM tokens WHERE hash = ?");
  q.bind(1, token);
  q.executeStep();
  EXPECT_EQ(q.getColumn(0).getInt(), 0);
  EXPECT_TRUE(service->access.authenticate(token).ok());
  EXPECT_EQ(service->access.authenticate(token + "x").error().kind, ErrorKind::Unauthorized);
  EXPECT_EQ(service->access.authenticate("").error().kind, ErrorKind::Unauthorized);
}

TEST_F(ServiceTest, CreateGivesATkPriorityServiceLevelAndARegistration) {
  auto t = file(employee);
  EXPECT_EQ(t.tk, "TK-2027-000001");
  EXPECT_EQ(t.priority, 2);
  EXPECT_EQ(t.status, Status::Registered);
  EXPECT_EQ(t.reporter.employee, "1002");
  EXPECT_EQ(t.reporter.name, "Ana López");
  EXPECT_EQ(t.sla_due_at, clock + ServiceLevelPolicy{}.for_priority(2));
  ASSERT_EQ(t.history.size(), 1u);
  EXPECT_EQ(t.history[0].action, Action::Register);
  EXPECT_EQ(t.history[0].by, "employee:1002");
  EXPECT_EQ(file(employee).tk, "TK-2027-000002");
}

TEST_F(ServiceTest, SecurityIncidentIsDueInTwoHours) {
  auto t = file(employee, report(TicketType::SecurityIncident, "phishing"));
  EXPECT_EQ(t.sla_due_at, clock + 2 * 3600);
}

TEST_F(ServiceTest, EmployeesReportOnlyForThemselves) {
  auto t = report();
  t.reporter.employee = "2001";
  EXPECT_EQ(service->tickets.create(employee, t, {}).error().kind, ErrorKind::Forbidden);
  auto no_caller = service->tickets.create(agent, report(), {});
  EXPECT_EQ(no_caller.error().kind, ErrorKind::Invalid) << "the desk says for whom it registers";
  EXPECT_EQ(no_caller.error().field, "reporter.employee");
}

TEST_F(ServiceTest, KioskMustSayWhoIsReporting) {
  EXPECT_EQ(service->tickets.create(kiosk, report(), {}).error().field, "reporter.employee");
  auto t = report();
  t.reporter.employee = "3003";
  auto created = file(kiosk, t);
  EXPECT_EQ(created.channel, Channel::Kiosk);
  EXPECT_EQ(created.reporter.employee, "3003");
}

TEST_F(ServiceTest, SameIdempotencyKeyFromSameTokenGivesSameTicket) {
  auto first = service->tickets.create(employee, report(), "key-1");
  auto again = service->tickets.create(employee, report(), "key-1");
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_FALSE(first->replayed);
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(first->ticket.tk, again->ticket.tk);
  // The same key from another token is another report.
  auto others = service->tickets.create(other, report(), "key-1");
  EXPECT_NE(others->ticket.tk, first->ticket.tk);
  // A key reused for a different report is refused rather than silently answered.
  auto different = report();
  different.summary = "Otra cosa";
  EXPECT_EQ(service->tickets.create(employee, different, "key-1").error().code, "idempotency_key_reused");
}

TEST_F(ServiceTest, ConcurrentCreatesGetDistinctTks) {
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::set<std::string> tks;
  for (int i = 0; i < 16; ++i)
    threads.emplace_back([&, i] {
      auto created = service->tickets.create(employee, report(), "concurrent-" + std::to_string(i));
      std::lock_guard<std::mutex> lock(mutex);
      if (created.ok()) tks.insert(created->ticket.tk);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(tks.size(), 16u);
}

// Issue 25: one address cannot hold every directory sign-in slot.
TEST(DirectorySlots, OneAddressHoldsOneSlotAndEveryoneShares) {
  DirectorySlots slots;
  auto first = slots.take("203.0.113.5");
  ASSERT_TRUE(first);
  EXPECT_FALSE(slots.take("203.0.113.5")) << "the same address waits for its first";
  auto other = slots.take("198.51.100.7");
  ASSERT_TRUE(other);
  EXPECT_FALSE(slots.take("192.0.2.1")) << "two at once in all";
  first.reset();
  auto again = slots.take("192.0.2.1");
  EXPECT_TRUE(again) << "a slot given back is taken by the next address";
  EXPECT_FALSE(slots.take("203.0.113.5"));
}

TEST_F(ServiceTest, OwnersAgentsAndKiosksSeeWhatTheyMay) {
  auto t = file(employee);
  EXPECT_TRUE(service->tickets.get(employee, t.tk, {}).ok());
  EXPECT_TRUE(service->tickets.get(agent, t.tk, {}).ok());
  // Someone else's existing TK answers exactly as a missing one: TKs cannot be enumerated.
  EXPECT_EQ(service->tickets.get(other, t.tk, {}).error().code, "unknown_tk");
  EXPECT_EQ(service->tickets.get(other, "TK-2027-999999", {}).error().code, "unknown_tk");
  EXPECT_TRUE(service->tickets.get(kiosk, t.tk, "1002").ok());
  EXPECT_EQ(service->tickets.get(kiosk, t.tk, "2001").error().kind, ErrorKind::NotFound);
  EXPECT_EQ(service->tickets.get(agent, "TK-2027-999999", {}).error().kind, ErrorKind::NotFound);
  EXPECT_EQ(service->tickets.get(agent, "no-es-un-tk", {}).error().kind, ErrorKind::NotFound);
}

TEST_F(ServiceTest, KioskLookupsAreLimitedAfterTenFailuresInAMinute) {
  auto t = file(employee);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(service->tickets.get(kiosk, t.tk, "9999").error().kind, ErrorKind::NotFound) << i;
    clock += 1;
  }
  // Even the right pair is refused now, until a minute after the last failure.
  EXPECT_EQ(service->tickets.get(kiosk, t.tk, "1002").error().kind, ErrorKind::TooManyRequests);
  clock += 50;  // 51 s after the last failure
  EXPECT_EQ(service->tickets.get(kiosk, t.tk, "1002").error().kind, ErrorKind::TooManyRequests);
  clock += 10;
  EXPECT_TRUE(service->tickets.get(kiosk, t.tk, "1002").ok());
}

TEST_F(ServiceTest, SlowFailuresDoNotBlockAKiosk) {
  auto t = file(employee);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(service->tickets.get(kiosk, t.tk, "9999").error().kind, ErrorKind::NotFound) << i;
    clock += 7;  // fewer than 10 within any 60 s
  }
  EXPECT_TRUE(service->tickets.get(kiosk, t.tk, "1002").ok());
}

TEST_F(ServiceTest, ListShowsOnlyMyTicketsWithADeltaCursor) {
  auto mine1 = file(employee);
  file(other);
  auto page = service->tickets.list(employee, list_request(true, "", 200));
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->tickets.size(), 1u);
  EXPECT_EQ(page->tickets[0].tk, mine1.tk);
  auto empty = service->tickets.list(employee, list_request(true, page->cursor, 200));
  EXPECT_TRUE(empty->tickets.empty());
  EXPECT_EQ(empty->cursor, page->cursor);
  ASSERT_TRUE(move(agent, mine1.tk, Action::Take).ok());
  ASSERT_TRUE(move(agent, mine1.tk, Action::Comment, "Vamos para allá").ok());
  auto changed = service->tickets.list(employee, list_request(true, page->cursor, 200));
  ASSERT_EQ(changed->tickets.size(), 1u);
  EXPECT_EQ(changed->tickets[0].history.size(), 3u);
  EXPECT_EQ(service->tickets.list(kiosk, ListRequest{}).error().kind, ErrorKind::Forbidden);
  EXPECT_EQ(service->tickets.list(employee, list_request(true, "abc", 10)).error().kind, ErrorKind::BadRequest);
}

TEST_F(ServiceTest, PartialPagesSayThereIsMore) {
  for (int i = 0; i < 5; ++i) file(employee);
  ListRequest request = list_request(true, "", 2);
  std::set<std::string> seen;
  int pages = 0;
  for (;;) {
    auto page = service->tickets.list(employee, request);
    ASSERT_TRUE(page.ok());
    for (auto& t : page->tickets) seen.insert(t.tk);
    ++pages;
    if (!page->more) break;
    request.since = page->cursor;
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(pages, 3);
}

TEST_F(ServiceTest, HistoryRecordsWhoWhenFromToAndNote) {
  auto t = file(employee);
  clock += 60;
  auto taken = move(agent, t.tk, Action::Take, "Lo reviso");
  ASSERT_TRUE(taken.ok());
  const auto& e = taken->history.back();
  EXPECT_EQ(e.by, "agent:Mesa");
  EXPECT_EQ(e.at, clock);
  EXPECT_EQ(e.from_status, Status::Registered);
  EXPECT_EQ(e.to_status, Status::InProgress);
  EXPECT_EQ(e.to_level, Level::First);
  EXPECT_EQ(e.note, "Lo reviso");
  EXPECT_EQ(taken->updated_at, clock);
}

TEST_F(ServiceTest, EmployeesMayOnlyAnswerConfirmReopenAndCommentOnTheirOwn) {
  auto t = file(employee);
  EXPECT_EQ(move(employee, t.tk, Action::Take).error().kind, ErrorKind::Forbidden);
  EXPECT_TRUE(move(employee, t.tk, Action::Comment, "Sigue sin imprimir").ok());
  EXPECT_EQ(move(other, t.tk, Action::Comment, "hola").error().code, "unknown_tk") << "as if it did not exist";
  EXPECT_EQ(move(kiosk, t.tk, Action::Comment, "hola").error().kind, ErrorKind::Forbidden);
  ASSERT_TRUE(move(agent, t.tk, Action::Take).ok());
  ASSERT_TRUE(move(agent, t.tk, Action::AskUser, "¿Qué modelo es?").ok());
  ASSERT_TRUE(move(employee, t.tk, Action::Answer, "HP 400").ok());
  ASSERT_TRUE(move(agent, t.tk, Action::Resolve, "Se cambió el tóner").ok());
  ASSERT_TRUE(move(employee, t.tk, Action::Reopen, "Volvió a fallar").ok());
  ASSERT_TRUE(move(agent, t.tk, Action::Resolve, "Se cambió el fusor").ok());
  auto closed = move(employee, t.tk, Action::Confirm);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->status, Status::Closed);
  EXPECT_EQ(closed->resolution, Resolution::Resolved);
  EXPECT_EQ(closed->resolution_notes, "Se cambió el fusor");
  EXPECT_EQ(move(employee, t.tk, Action::Comment, "gracias").error().kind, ErrorKind::Conflict);
}

// The survey at the kiosk: the person who looked their ticket up confirms, rates or
// reopens it there, with the employee number of the look-up; nothing else.
TEST_F(ServiceTest, AKioskAnswersTheSurveyForTheEmployeeWhoLookedTheTicketUp) {
  auto t = file(employee);
  ASSERT_TRUE(move(agent, t.tk, Action::Take).ok());
  ASSERT_TRUE(move(agent, t.tk, Action::Resolve, "Se cambió el tóner").ok());
  EventRequest confirm{Action::Confirm};
  confirm.rating = 4;
  EXPECT_EQ(service->tickets.apply(kiosk, t.tk, confirm, "", "9999").error().code, "unknown_tk")
      << "another employee's number finds nothing, as in a look-up";
  EXPECT_EQ(service->tickets.apply(kiosk, t.tk, confirm).error().code, "unknown_tk") << "no number, no ticket";
  EXPECT_EQ(
      service->tickets.apply(kiosk, t.tk, EventRequest{Action::Comment, "hola"}, "", employee.employee).error().code,
      "forbidden_role");
  EXPECT_EQ(service->tickets.apply(kiosk, t.tk, EventRequest{Action::Take}, "", employee.employee).error().code,
            "forbidden_role");
  auto reopened =
      service->tickets.apply(kiosk, t.tk, EventRequest{Action::Reopen, "Sigue fallando"}, "", employee.employee);
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  EXPECT_EQ(reopened->status, Status::InProgress);
  EXPECT_EQ(reopened->history.back().by.rfind("kiosk:", 0), 0u) << reopened->history.back().by;
  ASSERT_TRUE(move(agent, t.tk, Action::Resolve, "Se cambió el fusor").ok());
  auto closed = service->tickets.apply(kiosk, t.tk, confirm, "kiosk-survey-1", employee.employee);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->status, Status::Closed);
  EXPECT_EQ(closed->satisfaction.rating, 4);
  auto again = service->tickets.apply(kiosk, t.tk, confirm, "kiosk-survey-1", employee.employee);
  ASSERT_TRUE(again.ok()) << "the same answer sent again after a lost reply happens once";
  EXPECT_EQ(again->satisfaction.rating, 4);
}

TEST_F(ServiceTest, SecurityPathEndsNotResolvedWithContainment) {
  auto t = file(employee, report(TicketType::SecurityIncident, "malware"));
  auto soc = move(agent, t.tk, Action::Take, "SOC revisa");
  EXPECT_EQ(soc->level, Level::Soc);
  clock += 3600;
  auto onsite = move(agent, t.tk, Action::Escalate, "Especialista en sitio");
  EXPECT_EQ(onsite->level, Level::Second);
  EXPECT_EQ(onsite->sla_due_at, clock + 4 * 3600);
  ASSERT_TRUE(move(agent, t.tk, Action::Escalate, "Especialista").ok());
  auto vendor = move(agent, t.tk, Action::Vendor, "", "CASE-778");
  EXPECT_EQ(vendor->status, Status::Vendor);
  EXPECT_EQ(vendor->vendor_ref, "CASE-778");
  EXPECT_EQ(move(agent, t.tk, Action::CloseNotResolved, "sin contención").error().field, "containment");
  auto closed = move(agent, t.tk, Action::CloseNotResolved, "", "", "Equipo aislado y reinstalado");
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->status, Status::Closed);
  EXPECT_EQ(closed->resolution, Resolution::NotResolved);
  EXPECT_EQ(closed->containment, "Equipo aislado y reinstalado");
}

TEST_F(ServiceTest, ATicketsHistoryIsBounded) {
  auto t = file(employee);
  for (std::size_t i = t.history.size(); i < kMaxHistoryEvents; ++i)
    ASSERT_TRUE(move(agent, t.tk, Action::Comment, "nota " + std::to_string(i)).ok()) << i;
  auto refused = move(agent, t.tk, Action::Comment, "una más");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "history_full");
}

TEST_F(ServiceTest, ResolvedTicketsCloseThemselvesAfterTheConfiguredTime) {
  auto t = file(employee);
  ASSERT_TRUE(move(agent, t.tk, Action::Take).ok());
  ASSERT_TRUE(move(agent, t.tk, Action::Resolve, "listo").ok());
  EXPECT_EQ(service->tickets.auto_close(), 0);
  clock += ServiceOptions{}.auto_close_after_seconds + 1;
  EXPECT_EQ(service->tickets.auto_close(), 1);
  auto closed = service->tickets.get(agent, t.tk, {});
  EXPECT_EQ(closed->status, Status::Closed);
  EXPECT_EQ(closed->history.back().action, Action::AutoClose);
  EXPECT_EQ(closed->history.back().by, "system");
}

TEST_F(ServiceTest, DataSurvivesReopeningTheStore) {
  auto t = file(employee);
  ASSERT_TRUE(move(agent, t.tk, Action::Take).ok());
  service.reset();
  store.reset();
  store = std::make_unique<Storage>(dir.file("tk.db"));
  service = make_service();
  auto again = service->tickets.get(agent, t.tk, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->status, Status::InProgress);
  EXPECT_EQ(again->history.size(), 2u);
  EXPECT_EQ(file(employee).tk, "TK-2027-000002");
  EXPECT_EQ(store->schema_version(), 10);
}

TEST_F(ServiceTest, TokensExpireAreRevokedAndRecordTheirLastUse) {
  Identity lobby;
  lobby.role = Role::Kiosk;
  lobby.name = "Vestíbulo";
  std::string day_pass = service->access.create_token(lobby, clock + 24 * 3600);
  auto first = service->access.authenticate(day_pass);
  ASSERT_TRUE(first.ok());
  clock += 24 * 3600;
  auto expired = service->access.authenticate(day_pass);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "token_expired");
  EXPECT_EQ(expired.error().kind, ErrorKind::Unauthorized);

  std::string kiosk_token = service->access.create_token(lobby);
  auto used = service->access.authenticate(kiosk_token);
  ASSERT_TRUE(used.ok());
  file(employee);  // a write after the recorded use: the use is on disk by then
  auto listed = service->access.tokens();
  auto row = std::find_if(listed.begin(), listed.end(), [&](const TokenInfo& t) { return t.id == used->token_id; });
  ASSERT_NE(row, listed.end());
  EXPECT_EQ(row->last_used_at, clock.load());
  EXPECT_EQ(row->revoked_at, 0);

  ASSERT_TRUE(service->access.revoke_token(used->token_id));
  auto revoked = service->access.authenticate(kiosk_token);
  ASSERT_FALSE(revoked.ok()) << "at once in the process that revoked it";
  EXPECT_EQ(revoked.error().code, "token_revoked");
  EXPECT_FALSE(service->access.revoke_token(999999));
  listed = service->access.tokens();
  row = std::find_if(listed.begin(), listed.end(), [&](const TokenInfo& t) { return t.id == used->token_id; });
  EXPECT_EQ(row->revoked_at, clock.load());
}

TEST_F(ServiceTest, AttachmentsAreKeptWithTheTicket) {
  auto t = report();
  t.attachments.push_back({"captura.png", "image/png", std::string("\x89PNG\r\n\x1a\n\0\x01", 10)});
  auto created = file(employee, t);
  ASSERT_EQ(created.attachments.size(), 1u);
  auto data = service->tickets.attachment(employee, created.tk, created.attachments[0].id, {});
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->data, std::string("\x89PNG\r\n\x1a\n\0\x01", 10));
  EXPECT_EQ(data->content_type, "image/png");
  EXPECT_EQ(service->tickets.attachment(other, created.tk, created.attachments[0].id, {}).error().code, "unknown_tk");
  // Never to a kiosk, even for the reporter's own number: its token can be read off its disk.
  EXPECT_EQ(service->tickets.attachment(kiosk, created.tk, created.attachments[0].id, "1002").error().code,
            "forbidden_role");
  EXPECT_EQ(service->tickets.attachment(employee, created.tk, 999, {}).error().kind, ErrorKind::NotFound);
}

}  // namespace tk::server

namespace tk::server {

// One-time enrolment codes (issue 14): made for one employee, traded once for a token of
// that employee, typed as people type them, refused once used or expired.
TEST_F(ServiceTest, AnEnrolmentCodeBecomesOneEmployeeTokenOnceBeforeItExpires) {
  std::string code = service->access.create_enrolment("1002", "Ana López", 72);
  ASSERT_EQ(code.size(), 14u) << code;
  EXPECT_EQ(code[4], '-');
  EXPECT_EQ(code[9], '-');
  EXPECT_EQ(code.find_first_of("01OIL"), std::string::npos) << "no letters that read as others: " << code;

  // Lower case, spaces instead of dashes: what people type back is the same code.
  std::string typed;
  for (char c : code) typed.push_back(c == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  auto enrolled = service->access.enrol(typed, "PC-0042");
  ASSERT_TRUE(enrolled.ok()) << enrolled.error().message;
  auto who = service->access.authenticate(enrolled->token);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->role, Role::Employee);
  EXPECT_EQ(who->employee, "1002");
  EXPECT_EQ(who->name, "Ana López (PC-0042)") << "the token list tells the computer apart";

  auto again = service->access.enrol(code, "PC-0043");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "unknown_code") << "once";
  auto listed = service->access.enrolments();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].used_at, clock.load());
  EXPECT_EQ(listed[0].token_id, who->token_id);

  std::string later = service->access.create_enrolment("1003", "Luis", 1);
  clock += 3600;
  EXPECT_EQ(service->access.enrol(later, "PC-1").error().code, "unknown_code") << "expired after its hour";
  EXPECT_EQ(service->access.enrol("ABCD-EFGH-JKMN", "PC-1").error().code, "unknown_code");
  EXPECT_EQ(service->access.enrol("no es un código", "PC-1").error().code, "unknown_code");
  std::string fresh = service->access.create_enrolment("1004", "Eva", 2);
  EXPECT_EQ(service->access.enrol(fresh, "PC\n1").error().code, "invalid_device");
  EXPECT_EQ(service->access.enrol(fresh, "PC\x1b[31m").error().code, "invalid_device") << "no terminal escapes";
  EXPECT_TRUE(service->access.enrol(fresh, "PC-1").ok()) << "a refused device name does not use the code up";
}

}  // namespace tk::server
