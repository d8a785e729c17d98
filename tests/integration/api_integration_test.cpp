// The real tk-server on 127.0.0.1 with a temporary database, driven over HTTP by the
// project's client library.
#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

#include "server_process.h"
#include "tk/api_client.h"
#include "tk/json_mapping.h"
#include "tk/text.h"

namespace tk::test {
namespace {

class ApiIntegration : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server = new ServerProcess();
    server->start();
    // Tokens made while the server runs, as an administrator would.
    employee_token = new std::string(server->create_token("employee", "1002", "Ana López"));
    other_token = new std::string(server->create_token("employee", "2001", "Beto Ruiz"));
    kiosk_token = new std::string(server->create_token("kiosk", "", "Vestíbulo"));
    agent_token = new std::string(server->create_token("agent", "", "Mesa 1"));
    admin_token = new std::string(server->create_token("admin", "", "Admin"));
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(server->terminate(), 0);
    delete server;
    delete employee_token;
    delete other_token;
    delete kiosk_token;
    delete agent_token;
    delete admin_token;
  }

  std::unique_ptr<HttpTransport> transport = server->transport();

  static NewTicket report(const std::string& summary = "No imprime") {
    NewTicket t;
    t.type = TicketType::Incident;
    t.category = "printer";
    t.summary = summary;
    t.description = "La impresora del piso 3 saca hojas en blanco.";
    t.impact = 2;
    t.urgency = 2;
    return t;
  }

  Ticket file_as_employee(NewTicket t = report()) {
    ApiClient api(*transport, *employee_token);
    auto created = api.create(t, random_uuid());
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    return created->ticket;
  }

  HttpResponse raw(const std::string& method, const std::string& target, const std::string& token,
                   const std::string& body = {}, const std::string& content_type = "application/json") {
    HttpRequest r{method, target, {}, body};
    if (!token.empty()) r.headers["Authorization"] = "Bearer " + token;
    if (!content_type.empty() && !body.empty()) r.headers["Content-Type"] = content_type;
    auto response = transport->send(r);
    EXPECT_TRUE(response.ok()) << method << " " << target << ": " << (response.ok() ? "" : response.error().message);
    return response.ok() ? *response : HttpResponse{};
  }

  static Json error_of(const HttpResponse& r) {
    auto j = Json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"] : Json::object();
  }

  static ServerProcess* server;
  static std::string* employee_token;
  static std::string* other_token;
  static std::string* kiosk_token;
  static std::string* agent_token;
  static std::string* admin_token;
};

ServerProcess* ApiIntegration::server = nullptr;
std::string* ApiIntegration::employee_token = nullptr;
std::string* ApiIntegration::other_token = nullptr;
std::string* ApiIntegration::kiosk_token = nullptr;
std::string* ApiIntegration::agent_token = nullptr;
std::string* ApiIntegration::admin_token = nullptr;

const std::string kReportBody =
    R"({"type":"incident","category":"network","summary":"Sin red","description":"No hay internet en el piso 2"})";

}  // namespace

TEST_F(ApiIntegration, HealthAnswersWithoutToken) {
  auto r = raw("GET", "/api/v1/health", "");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Json::parse(r.body)["status"], "ok");
}

TEST_F(ApiIntegration, MeTellsWhoTheTokenBelongsTo) {
  auto me = ApiClient(*transport, *employee_token).me();
  ASSERT_TRUE(me.ok());
  EXPECT_EQ(me->role, Role::Employee);
  EXPECT_EQ(me->employee, "1002");
  EXPECT_EQ(me->name, "Ana López");
  auto kiosk = ApiClient(*transport, *kiosk_token).me();
  EXPECT_EQ(kiosk->role, Role::Kiosk);
  EXPECT_TRUE(kiosk->employee.empty());
  EXPECT_EQ(raw("GET", "/api/v1/me", "").status, 401);
}

TEST_F(ApiIntegration, CatalogListsTypesCategoriesScalesAndStatuses) {
  ApiClient api(*transport, *employee_token);
  auto catalog = api.catalog();
  ASSERT_TRUE(catalog.ok());
  EXPECT_TRUE(catalog->find("printer"));
  EXPECT_TRUE(catalog->find("phishing"));
  auto r = raw("GET", "/api/v1/catalog", *employee_token);
  auto j = Json::parse(r.body);
  EXPECT_EQ(j["types"], Json({"incident", "service_request", "security_incident"}));
  EXPECT_EQ(j["impact"].size(), 3u);
  EXPECT_EQ(j["urgency"].size(), 3u);
  EXPECT_FALSE(j["statuses"].empty());
  EXPECT_FALSE(r.header("etag").empty());
  HttpRequest conditional{"GET",
                          "/api/v1/catalog",
                          {{"Authorization", "Bearer " + *employee_token}, {"If-None-Match", r.header("etag")}},
                          {}};
  EXPECT_EQ(transport->send(conditional)->status, 304);
}

TEST_F(ApiIntegration, CreateReturnsTheTicketAtOnce) {
  auto r = raw("POST", "/api/v1/tickets", *employee_token, kReportBody);
  ASSERT_EQ(r.status, 201);
  auto j = Json::parse(r.body);
  EXPECT_TRUE(std::string(j["tk"]).rfind("TK-", 0) == 0);
  EXPECT_EQ(j["status"], "registered");
  EXPECT_TRUE(j["level"].is_null());
  EXPECT_EQ(j["reporter"]["employee"], "1002");
  EXPECT_EQ(j["reporter"]["name"], "Ana López");
  EXPECT_EQ(j["priority"], 4);
  EXPECT_EQ(j["history"].size(), 1u);
  EXPECT_EQ(r.header("location"), "/api/v1/tickets/" + std::string(j["tk"]));
}

TEST_F(ApiIntegration, IdempotentReplayGivesTheSameTicketNeverASecond) {
  HttpRequest r{"POST",
                "/api/v1/tickets",
                {{"Authorization", "Bearer " + *employee_token},
                 {"Content-Type", "application/json"},
                 {"Idempotency-Key", random_uuid()}},
                kReportBody};
  auto first = transport->send(r);
  auto second = transport->send(r);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->status, 201);
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(Json::parse(first->body)["tk"], Json::parse(second->body)["tk"]);
  // Without a key every POST is a new ticket.
  r.headers.erase("Idempotency-Key");
  EXPECT_NE(Json::parse(transport->send(r)->body)["tk"], Json::parse(transport->send(r)->body)["tk"]);
}

TEST_F(ApiIntegration, SixteenConcurrentCreatesGiveSixteenDistinctTks) {
  std::mutex mutex;
  std::set<std::string> tks;
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i)
    threads.emplace_back([&] {
      auto own = server->transport();  // a connection of its own, as separate clients have
      ApiClient api(*own, *employee_token);
      auto created = api.create(report(), random_uuid());
      std::lock_guard<std::mutex> lock(mutex);
      if (created.ok()) tks.insert(created->ticket.tk);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(tks.size(), 16u);
}

TEST_F(ApiIntegration, BadInputGetsAClearErrorAndTheRightStatus) {
  struct Case {
    const char* what;
    std::string body;
    std::string content_type;
    int status;
    const char* code;
  };
  const std::vector<Case> cases{
      {"malformed JSON", R"({"type": "incident",)", "application/json", 400, "malformed_json"},
      {"not an object", "[]", "application/json", 400, "malformed_json"},
      {"invalid UTF-8",
       "{\"type\":\"incident\",\"category\":\"network\",\"summary\":\"\xC3\x28\","
       "\"description\":\"x\"}",
       "application/json", 400, "invalid_utf8"},
      {"wrong content type", kReportBody, "text/plain", 415, "unsupported_media_type"},
      {"missing field", R"({"type":"incident","category":"network","summary":"x"})", "application/json", 422,
       "required"},
      {"unknown field", R"({"type":"incident","category":"network","summary":"x","description":"y","color":1})",
       "application/json", 422, "unknown_field"},
      {"wrong type", R"({"type":"incident","category":"network","summary":"x","description":"y","impact":"1"})",
       "application/json", 422, "wrong_type"},
      {"unknown category", R"({"type":"incident","category":"cafe","summary":"x","description":"y"})",
       "application/json", 422, "unknown_category"},
  };
  for (const auto& c : cases) {
    auto r = raw("POST", "/api/v1/tickets", *employee_token, c.body, c.content_type);
    EXPECT_EQ(r.status, c.status) << c.what;
    auto e = error_of(r);
    EXPECT_EQ(e.value("code", ""), c.code) << c.what;
    EXPECT_FALSE(e.value("message", "").empty()) << c.what;
  }
}

TEST_F(ApiIntegration, OversizedBodyGets413AndTheServerGoesOn) {
  std::string big = R"({"type":"incident","category":"network","summary":"x","description":")" +
                    std::string(10 * 1024 * 1024, 'a') + "\"}";
  auto r = raw("POST", "/api/v1/tickets", *employee_token, big);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(error_of(r).value("code", ""), "too_large");
  EXPECT_EQ(raw("GET", "/api/v1/health", "").status, 200);
}

TEST_F(ApiIntegration, BodiesAreNotReadForRequestsThatWillBeRefused) {
  // No token: refused before the 20 MB body is read. Chunked (no length): refused too.
  std::string url = server->url() + "/api/v1/tickets";
  auto anonymous = run_program({"/bin/sh", "-c",
                                "head -c 20000000 /dev/zero | curl -s -X POST -H 'Content-Type: application/json' "
                                "--data-binary @- " +
                                    url});
  EXPECT_NE(anonymous.out.find("\"unauthorized\""), std::string::npos) << anonymous.out << anonymous.err;
  auto chunked =
      run_program({"/usr/bin/curl", "-s", "-X", "POST", "-H", "Authorization: Bearer " + *employee_token, "-H",
                   "Content-Type: application/json", "-H", "Transfer-Encoding: chunked", "-d", kReportBody, url});
  EXPECT_NE(chunked.out.find("\"length_required\""), std::string::npos) << chunked.out << chunked.err;
}

TEST_F(ApiIntegration, AttachmentJustUnderTheLimitIsKept) {
  auto t = report();
  std::string screenshot(6 * 1024 * 1024, '\0');
  for (std::size_t i = 0; i < screenshot.size(); ++i) screenshot[i] = static_cast<char>(i * 7);
  t.attachments.push_back({"captura.png", "image/png", screenshot});
  auto ticket = file_as_employee(t);
  ASSERT_EQ(ticket.attachments.size(), 1u);
  EXPECT_EQ(ticket.attachments[0].size, static_cast<std::int64_t>(screenshot.size()));
  ApiClient api(*transport, *employee_token);
  auto bytes = api.attachment(ticket.tk, ticket.attachments[0].id);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->header("content-type"), "image/png");
  EXPECT_TRUE(bytes->body == screenshot);
}

TEST_F(ApiIntegration, UnknownTkIs404AndIllegalMoveIs409) {
  ApiClient agent(*transport, *agent_token);
  EXPECT_EQ(agent.get("TK-2000-000001").error().kind, ErrorKind::NotFound);
  EXPECT_EQ(agent.get("../../etc/passwd").error().kind, ErrorKind::NotFound);
  auto t = file_as_employee();
  auto illegal = agent.post_event(t.tk, EventRequest{Action::Escalate, "", "", ""});
  EXPECT_EQ(illegal.error().kind, ErrorKind::Conflict);
  EXPECT_EQ(illegal.error().code, "illegal_transition");
  auto bad_event = raw("POST", "/api/v1/tickets/" + t.tk + "/events", *agent_token, R"({"action":"fly"})");
  EXPECT_EQ(bad_event.status, 422);
  EXPECT_EQ(error_of(bad_event).value("field", ""), "action");
}

// Errors are told in the language the client asks for (Accept-Language), Spanish first:
// the same refusal, its code and field unchanged, in each language, over the real socket.
TEST_F(ApiIntegration, ErrorsComeInTheLanguageAsked) {
  auto refusal_in = [&](const std::string& accept_language) {
    HttpRequest r{"POST",
                  "/api/v1/tickets",
                  {{"Authorization", "Bearer " + *employee_token}, {"Content-Type", "application/json"}},
                  R"({"type":"incident","category":"unicornios","summary":"x","description":"y"})"};
    if (!accept_language.empty()) r.headers["Accept-Language"] = accept_language;
    auto response = transport->send(r);
    EXPECT_TRUE(response.ok());
    return response.ok() ? *response : HttpResponse{};
  };
  auto spanish = refusal_in("");
  auto english = refusal_in("en-US,en;q=0.9,es;q=0.5");
  auto mexican = refusal_in("es-MX,en;q=0.5");
  EXPECT_EQ(spanish.status, 422);
  EXPECT_EQ(english.status, 422);
  EXPECT_EQ(error_of(spanish)["message"], "La categoría no existe en el catálogo.");
  EXPECT_EQ(error_of(english)["message"], "The category is not in the catalog.");
  EXPECT_EQ(error_of(mexican)["message"], "La categoría no existe en el catálogo.");
  EXPECT_EQ(error_of(english)["code"], error_of(spanish)["code"]);
  EXPECT_EQ(error_of(english)["field"], "category");
  EXPECT_EQ(english.headers["content-language"], "en");
  EXPECT_EQ(spanish.headers["content-language"], "es-MX");

  // Refused before any body is read, and with a TK in the message.
  ApiClient english_client(*transport, "tk_nobody", "en");
  EXPECT_EQ(english_client.get("TK-2026-999999").error().message, "The access token is not valid.");
  ApiClient agent_in_english(*transport, *agent_token, "en");
  EXPECT_EQ(agent_in_english.get("TK-2000-000001").error().message, "There is no ticket TK-2000-000001.");
}

TEST_F(ApiIntegration, TraceAndOptionsAreRefusedWithoutEchoingTheRequest) {
  // curl, because the product's own client refuses to send TRACE at all.
  auto send = [&](const std::string& method, const std::string& path, const std::string& token) {
    auto r = run_program(
        {"/usr/bin/curl", "-s", "-i", "-X", method, "-H", "Authorization: Bearer " + token, server->url() + path});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  for (const char* method : {"TRACE", "OPTIONS"}) {
    SCOPED_TRACE(method);
    auto health = send(method, "/api/v1/health", *agent_token);
    EXPECT_EQ(health.rfind("HTTP/1.1 405", 0), 0u) << health;
    EXPECT_NE(health.find("Allow: GET\r\n"), std::string::npos) << health;
    EXPECT_EQ(health.find(*agent_token), std::string::npos) << "the token is never echoed";
    auto tickets = send(method, "/api/v1/tickets", *agent_token);
    EXPECT_EQ(tickets.rfind("HTTP/1.1 405", 0), 0u) << tickets;
    EXPECT_EQ(tickets.find(*agent_token), std::string::npos);
    auto stranger = send(method, "/api/v1/tickets", "tk_someone-elses");
    EXPECT_EQ(stranger.rfind("HTTP/1.1 401", 0), 0u) << stranger;
    EXPECT_EQ(stranger.find("tk_someone-elses"), std::string::npos);
  }
}

TEST_F(ApiIntegration, AuthorisationMatrix) {
  auto t = report();
  t.attachments.push_back({"nota.txt", "text/plain", "hola"});
  auto ticket = file_as_employee(t);
  std::string tk = ticket.tk;
  std::string attachment = "/api/v1/tickets/" + tk + "/attachments/" + std::to_string(ticket.attachments[0].id);
  std::string kiosk_body =
      R"({"type":"incident","category":"network","summary":"x","description":"y","reporter":{"employee":"1002"}})";
  std::string comment = R"({"action":"comment","note":"Revisando"})";
  struct Row {
    const char* who;
    std::string token;
    int catalog, create, list, get, get_with_employee, event, file;
  };
  const std::vector<Row> rows{
      {"owner", *employee_token, 200, 201, 200, 200, 200, 200, 200},
      // Someone else's ticket is answered as a missing one (404): TKs cannot be enumerated.
      {"other employee", *other_token, 200, 201, 200, 404, 404, 404, 404},
      // A kiosk never downloads an attachment, with the right employee number or not.
      {"kiosk", *kiosk_token, 200, 201, 403, 404, 200, 403, 403},
      // The desk registers calls for the employee the body names (docs/design.md section 9).
      {"agent", *agent_token, 200, 201, 200, 200, 200, 200, 200},
      {"admin", *admin_token, 200, 201, 200, 200, 200, 200, 200},
      {"no token", "", 401, 401, 401, 401, 401, 401, 401},
      {"bad token", "tk_not-a-real-token", 401, 401, 401, 401, 401, 401, 401},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.who);
    EXPECT_EQ(raw("GET", "/api/v1/catalog", row.token).status, row.catalog);
    bool names_reporter =
        std::string(row.who) == "kiosk" || std::string(row.who) == "agent" || std::string(row.who) == "admin";
    const std::string& body = names_reporter ? kiosk_body : kReportBody;
    EXPECT_EQ(raw("POST", "/api/v1/tickets", row.token, body).status, row.create);
    EXPECT_EQ(raw("GET", "/api/v1/tickets?mine=1", row.token).status, row.list);
    EXPECT_EQ(raw("GET", "/api/v1/tickets/" + tk, row.token).status, row.get);
    EXPECT_EQ(raw("GET", "/api/v1/tickets/" + tk + "?employee=1002", row.token).status, row.get_with_employee);
    EXPECT_EQ(raw("POST", "/api/v1/tickets/" + tk + "/events", row.token, comment).status, row.event);
    EXPECT_EQ(raw("GET", attachment, row.token).status, row.file);
  }
}

TEST_F(ApiIntegration, AnEmployeeListsOnlyTheirOwnTickets) {
  auto mine = file_as_employee();
  ApiClient other(*transport, *other_token);
  auto created = other.create(report("Ajeno"), random_uuid());
  ASSERT_TRUE(created.ok());
  ApiClient api(*transport, *employee_token);
  ListQuery query;
  query.mine = true;
  std::set<std::string> seen;
  for (;;) {
    auto page = api.list(query);
    ASSERT_TRUE(page.ok());
    for (const auto& t : page->tickets) {
      EXPECT_EQ(t.reporter.employee, "1002");
      seen.insert(t.tk);
    }
    if (!page->more) break;
    query.since = page->cursor;
  }
  EXPECT_TRUE(seen.count(mine.tk));
  EXPECT_FALSE(seen.count(created->ticket.tk));
}

TEST_F(ApiIntegration, DeltaSyncReturnsOnlyWhatChangedSinceTheCursor) {
  auto t = file_as_employee();
  ApiClient api(*transport, *employee_token);
  ListQuery query;
  query.mine = true;
  std::string cursor;
  for (;;) {
    auto page = api.list(query);
    ASSERT_TRUE(page.ok());
    cursor = page->cursor;
    if (!page->more) break;
    query.since = cursor;
  }
  query.since = cursor;
  EXPECT_TRUE(api.list(query)->tickets.empty());
  ApiClient agent(*transport, *agent_token);
  ASSERT_TRUE(agent.post_event(t.tk, EventRequest{Action::Take, "", "", ""}).ok());
  auto changed = api.list(query);
  ASSERT_TRUE(changed.ok());
  ASSERT_EQ(changed->tickets.size(), 1u);
  EXPECT_EQ(changed->tickets[0].tk, t.tk);
  EXPECT_EQ(changed->tickets[0].status, Status::InProgress);
  EXPECT_NE(changed->cursor, cursor);
}

TEST_F(ApiIntegration, KioskLookupNeedsTheMatchingEmployeeAndIsRateLimited) {
  auto t = file_as_employee();
  // A kiosk of its own, so other tests' look-ups do not count against it.
  auto kiosk = server->create_token("kiosk", "", "Quiosco de prueba");
  ApiClient api(*transport, kiosk);
  auto found = api.get(t.tk, "1002");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->tk, t.tk);
  // Whoever stands at the kiosk sees the state, not the reporter's details.
  auto shown = Json::parse(raw("GET", "/api/v1/tickets/" + t.tk + "?employee=1002", kiosk).body);
  EXPECT_EQ(shown["status"], "registered");
  EXPECT_FALSE(shown.contains("reporter"));
  EXPECT_FALSE(shown.contains("device"));
  EXPECT_FALSE(shown.contains("description"));
  EXPECT_FALSE(shown["history"][0].contains("by"));
  for (int i = 0; i < 10; ++i) EXPECT_EQ(api.get(t.tk, "9999").error().kind, ErrorKind::NotFound) << i;
  auto r = raw("GET", "/api/v1/tickets/" + t.tk + "?employee=1002", kiosk);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("retry-after"), "60");
  EXPECT_EQ(error_of(r).value("code", ""), "too_many_lookups");
  // Another kiosk is not affected.
  EXPECT_TRUE(ApiClient(*transport, *kiosk_token).get(t.tk, "1002").ok());
}

}  // namespace tk::test
