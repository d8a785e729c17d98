// Keeps docs/openapi.yaml true: every path and method it lists is called on the real
// server and must answer with success; a listed path the server does not serve fails.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "server_process.h"
#include "tk/api_client.h"
#include "tk/text.h"

namespace tk::test {

TEST(OpenApi, EveryDocumentedOperationAnswers) {
  std::ifstream in(std::string(TK_SOURCE_DIR) + "/docs/openapi.yaml");
  ASSERT_TRUE(in) << "docs/openapi.yaml is missing";
  std::vector<std::pair<std::string, std::string>> operations;  // method, path
  const std::regex path_line("^  (/api/v1/[^:]*):\\s*$");
  const std::regex method_line("^    (get|post|put|patch|delete):\\s*$");
  std::string line, current_path;
  bool in_paths = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != ' ') in_paths = line.rfind("paths:", 0) == 0;
    if (!in_paths) continue;
    std::smatch m;
    if (std::regex_match(line, m, path_line))
      current_path = m[1];
    else if (!current_path.empty() && std::regex_match(line, m, method_line))
      operations.emplace_back(m[1], current_path);
  }
  ASSERT_GE(operations.size(), 7u);

  ServerProcess server;
  auto employee = server.create_token("employee", "1002", "Ana");
  auto admin = server.create_token("admin", "", "Dirección");
  auto code = run_program({TK_SERVER_BIN, "enrol", "create", "--db", server.db_path(), "--employee", "1005"}).out;
  code = code.substr(0, code.find('\n'));
  server.start();
  auto transport = server.transport();
  NewTicket t;
  t.type = TicketType::Incident;
  t.category = "email";
  t.summary = "No llega el correo";
  t.description = "Desde ayer no recibo correo externo.";
  t.attachments.push_back({"error.txt", "text/plain", "550 rejected"});
  auto created = ApiClient(*transport, employee).create(t, random_uuid());
  ASSERT_TRUE(created.ok());
  const std::string tk = created->ticket.tk;
  const std::string attachment_id = std::to_string(created->ticket.attachments.at(0).id);

  for (const auto& [method, path] : operations) {
    // The knowledge base's {id} is an article's (a starter article is always there), and its
    // writes are the desk's; the quality report is management's.
    bool kb = path.rfind("/api/v1/kb", 0) == 0;
    std::string target = std::regex_replace(path, std::regex("\\{tk\\}"), tk);
    target = std::regex_replace(target, std::regex("\\{id\\}"), kb ? std::string("1") : attachment_id);
    bool desk_only = target.rfind("/api/v1/reports/", 0) == 0 ||
                     (kb && method != "get" && path.find("feedback") == std::string::npos);
    const std::string& token = desk_only ? admin : employee;
    std::string verb = method == "get" ? "GET" : method == "put" ? "PUT" : "POST";
    HttpRequest request{verb, target, {{"Authorization", "Bearer " + token}}, {}};
    if (verb != "GET") {
      request.headers["Content-Type"] = "application/json";
      request.headers["Idempotency-Key"] = random_uuid();
      if (target == "/api/v1/enrol")
        request.body = R"({"code":")" + code + R"(","device":"PC-1"})";
      else if (kb && target.find("/feedback") != std::string::npos)
        request.body = R"({"helpful":true})";
      else if (kb)
        request.body = R"({"title":"Prueba","symptoms":"Algo falla.","steps":"1. Reiniciar.","status":"published"})";
      else if (target.find("/events") != std::string::npos)
        request.body = R"({"action":"comment","note":"¿Alguna novedad?"})";
      else
        request.body = R"({"type":"incident","category":"email","summary":"x","description":"y"})";
    }
    auto response = transport->send(request);
    ASSERT_TRUE(response.ok()) << method << " " << path;
    EXPECT_GE(response->status, 200) << method << " " << path;
    EXPECT_LT(response->status, 300) << method << " " << path << ": " << response->body;
  }
}

}  // namespace tk::test
