// TicketApi without sockets: routing, status codes and error bodies.
#include <gtest/gtest.h>

#include <atomic>

#include "temp_dir.h"
#include "http/ticket_api.h"
#include "tk/json_mapping.h"

namespace tk::server {
namespace {

class ApiTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  Storage store{dir.file("tk.db")};
  std::atomic<std::int64_t> clock{1'800'000'000};
  Services service{store, ServiceOptions{}, [this] { return clock.load(); }};
  TicketApi api{service, 1024 * 1024, "test"};
  std::string employee_token = token(Role::Employee, "1002");
  std::string agent_token = token(Role::Agent, "");

  std::string token(Role role, const std::string& employee) {
    Identity id;
    id.role = role;
    id.employee = employee;
    id.name = "x";
    return service.access.create_token(id);
  }

  ApiResponse call(const std::string& method, const std::string& path, const std::string& token,
                   const std::string& body = {}, const std::string& content_type = "application/json") {
    ApiRequest r;
    r.method = method;
    r.path = path;
    if (!token.empty()) r.headers["authorization"] = "Bearer " + token;
    if (!body.empty()) r.headers["content-type"] = content_type;
    r.body = body;
    return api.handle(r);
  }

  static std::string code_of(const ApiResponse& r) {
    auto j = Json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
  }

  const std::string ticket_body =
      R"({"type":"incident","category":"printer","summary":"No imprime","description":"Sale en blanco"})";
};

}  // namespace

TEST_F(ApiTest, HealthNeedsNoToken) {
  auto r = call("GET", "/api/v1/health", "");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Json::parse(r.body)["status"], "ok");
}

TEST_F(ApiTest, EverythingElseNeedsAValidToken) {
  EXPECT_EQ(call("GET", "/api/v1/catalog", "").status, 401);
  EXPECT_EQ(call("GET", "/api/v1/catalog", "tk_wrong").status, 401);
  auto r = call("GET", "/api/v1/tickets", "");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.headers["WWW-Authenticate"], "Bearer");
  EXPECT_EQ(code_of(r), "unauthorized");
}

TEST_F(ApiTest, UnknownRoutesAndMethodsAreRefused) {
  EXPECT_EQ(call("GET", "/api/v2/tickets", agent_token).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/nothing", agent_token).status, 404);
  auto del = call("DELETE", "/api/v1/tickets", agent_token);
  EXPECT_EQ(del.status, 405);
  EXPECT_EQ(del.headers["Allow"], "GET, POST") << "405 names what the path takes";
  auto put = call("PUT", "/api/v1/catalog", agent_token);
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(put.headers["Allow"], "GET");
  EXPECT_EQ(call("GET", "/api/v1/tickets/TK-2026-000001/events", agent_token).headers["Allow"], "POST");
}

TEST_F(ApiTest, ANameTwiceInOneObjectIsRefused) {
  // Last-one-wins would let "type" be one thing to a proxy and another to the server.
  auto twice =
      call("POST", "/api/v1/tickets", employee_token,
           R"({"type":"incident","category":"printer","summary":"a","description":"b","type":"security_incident"})");
  EXPECT_EQ(twice.status, 400);
  EXPECT_EQ(code_of(twice), "duplicate_key");
  auto nested = call("POST", "/api/v1/tickets", employee_token,
                     R"({"type":"incident","category":"printer","summary":"a","description":"b",)"
                     R"("reporter":{"name":"Ana","name":"Beto"}})");
  EXPECT_EQ(code_of(nested), "duplicate_key");
  // The same name in sibling objects is no repetition.
  auto siblings = call("POST", "/api/v1/tickets", employee_token,
                       R"({"type":"incident","category":"printer","summary":"a","description":"b",)"
                       R"("attachments":[{"name":"a.txt","content_type":"text/plain","data_base64":"aG9sYQ=="},)"
                       R"({"name":"b.txt","content_type":"text/plain","data_base64":"aG9sYQ=="}],)"
                       R"("reporter":{"name":"Ana"},"device":{"hostname":"PC-1"}})");
  EXPECT_EQ(siblings.status, 201) << siblings.body;
}

TEST_F(ApiTest, CreateChecksContentTypeThenJsonThenFields) {
  EXPECT_EQ(call("POST", "/api/v1/tickets", employee_token, ticket_body, "text/plain").status, 415);
  EXPECT_EQ(call("POST", "/api/v1/tickets", employee_token, ticket_body, "application/json; charset=latin1").status,
            415);
  auto malformed = call("POST", "/api/v1/tickets", employee_token, "{\"type\":");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(code_of(malformed), "malformed_json");
  auto invalid = call("POST", "/api/v1/tickets", employee_token, R"({"type":"incident"})");
  EXPECT_EQ(invalid.status, 422);
  EXPECT_EQ(Json::parse(invalid.body)["error"]["field"], "category");
  auto created = call("POST", "/api/v1/tickets", employee_token, ticket_body, "application/json; charset=utf-8");
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(created.headers["Location"], "/api/v1/tickets/TK-2027-000001");
}

// Issue 25: the route and the token's role bound a body before it is read.
TEST_F(ApiTest, EachRouteAndRoleTakeTheBodyTheyNeedAndNoMore) {
  std::string kiosk_token = token(Role::Kiosk, "");
  auto before_body = [&](const std::string& method, const std::string& path, const std::string& who,
                         std::size_t declared) {
    ApiRequest r;
    r.method = method;
    r.path = path;
    r.headers["authorization"] = "Bearer " + who;
    r.headers["content-length"] = std::to_string(declared);
    auto refused = api.check_before_body(r);
    return refused ? refused->status : 0;
  };
  EXPECT_EQ(before_body("POST", "/api/v1/kb", kiosk_token, 100), 403) << "a kiosk never writes articles";
  EXPECT_EQ(before_body("PUT", "/api/v1/kb/1", employee_token, 100), 403);
  EXPECT_EQ(before_body("POST", "/api/v1/kb", agent_token, 512 * 1024), 0);
  EXPECT_EQ(before_body("POST", "/api/v1/kb", agent_token, 2 * 1024 * 1024), 413);
  EXPECT_EQ(before_body("POST", "/api/v1/tickets/TK-2027-000001/events", employee_token, 200 * 1024), 0);
  EXPECT_EQ(before_body("POST", "/api/v1/tickets/TK-2027-000001/events", employee_token, 300 * 1024), 413);
  EXPECT_EQ(before_body("POST", "/api/v1/tickets/TK-2027-000001/events", kiosk_token, 64 * 1024), 413);
  EXPECT_EQ(before_body("POST", "/api/v1/kb/1/feedback", kiosk_token, 8192), 413);
  EXPECT_EQ(before_body("GET", "/api/v1/catalog", kiosk_token, 1), 413) << "a read takes no body";
  EXPECT_EQ(before_body("GET", "/api/v1/catalog", kiosk_token, 0), 0);
  EXPECT_EQ(before_body("POST", "/api/v1/tickets", employee_token, 1024 * 1024), 0) << "this API's limit is 1 MiB";
  EXPECT_EQ(before_body("POST", "/api/v1/tickets", employee_token, 1024 * 1024 + 1), 413);
  EXPECT_EQ(before_body("POST", "/api/v1/tickets", kiosk_token, 256 * 1024), 0) << "a report typed on a kiosk";
  EXPECT_EQ(before_body("POST", "/api/v1/tickets", kiosk_token, 256 * 1024 + 1), 413) << "the kiosk attaches no files";
  // The same through handle() alone, the body in hand.
  auto article = call("POST", "/api/v1/kb", kiosk_token, R"({"title":"x"})");
  EXPECT_EQ(article.status, 403);
  EXPECT_EQ(code_of(article), "forbidden_role");
  auto deep = call("POST", "/api/v1/tickets", kiosk_token, std::string(100000, '['));
  EXPECT_EQ(deep.status, 400);
  EXPECT_EQ(code_of(deep), "json_too_deep");
}

TEST_F(ApiTest, OversizedBodiesGet413) {
  std::string big(1024 * 1024 + 1, 'x');
  auto r = call("POST", "/api/v1/tickets", employee_token, big);
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("excede 1 MiB"), std::string::npos) << r.body;
  // A limit configured below a mebibyte is said in KiB, not as "0 MiB".
  TicketApi small{service, 100000, "test"};
  ApiRequest request;
  request.method = "POST";
  request.path = "/api/v1/tickets";
  request.headers["authorization"] = "Bearer " + employee_token;
  request.headers["content-type"] = "application/json";
  request.body = std::string(200000, 'x');
  auto refused = small.handle(request);
  EXPECT_EQ(refused.status, 413);
  EXPECT_NE(refused.body.find("excede 97 KiB"), std::string::npos) << refused.body;
}

TEST_F(ApiTest, CatalogHasAnETag) {
  auto first = call("GET", "/api/v1/catalog", employee_token);
  ASSERT_EQ(first.status, 200);
  ASSERT_FALSE(first.headers["ETag"].empty());
  ApiRequest again;
  again.method = "GET";
  again.path = "/api/v1/catalog";
  again.headers["authorization"] = "Bearer " + employee_token;
  again.headers["if-none-match"] = first.headers["ETag"];
  auto second = api.handle(again);
  EXPECT_EQ(second.status, 304);
  EXPECT_TRUE(second.body.empty());
}

TEST_F(ApiTest, IllegalMoveIs409WithAClearMessage) {
  ASSERT_EQ(call("POST", "/api/v1/tickets", employee_token, ticket_body).status, 201);
  auto r = call("POST", "/api/v1/tickets/TK-2027-000001/events", agent_token, R"({"action":"resolve","note":"x"})");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(code_of(r), "illegal_transition");
  EXPECT_EQ(call("POST", "/api/v1/tickets/TK-2027-000099/events", agent_token, R"({"action":"take"})").status, 404);
}

TEST_F(ApiTest, ARepeatedReadNeverServesAStaleTicket) {
  ASSERT_EQ(call("POST", "/api/v1/tickets", employee_token, ticket_body).status, 201);
  const std::string path = "/api/v1/tickets/TK-2027-000001";
  auto first = Json::parse(call("GET", path, employee_token).body);
  EXPECT_EQ(first["status"], "registered");
  EXPECT_EQ(first["sla_breached"], false);
  EXPECT_EQ(Json::parse(call("GET", path, employee_token).body), first);  // served again, unchanged

  ASSERT_EQ(call("POST", path + "/events", agent_token, R"({"action":"take"})").status, 200);
  auto taken = Json::parse(call("GET", path, employee_token).body);
  EXPECT_EQ(taken["status"], "in_progress");
  EXPECT_EQ(taken["history"].size(), 2u);

  clock += 3 * 24 * 3600 + 1;  // past the priority-4 target
  auto late = Json::parse(call("GET", path, employee_token).body);
  EXPECT_EQ(late["sla_breached"], true);
}

}  // namespace tk::server
