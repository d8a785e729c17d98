// The two procedures of the manual, walked through with tkctl against the real server:
// procedure 3 (incident: registered, level 1, 2, 3, resolved, closed) and procedure 2
// (security incident: SOC, on-site, specialist, vendor, closed "no resuelta" only with
// containment recommendations).
#include <gtest/gtest.h>

#include "server_process.h"
#include "tk/json_mapping.h"
#include "tk/time.h"

namespace tk::test {
namespace {

class Procedures : public ::testing::Test {
 protected:
  void SetUp() override {
    employee = server.create_token("employee", "1002", "Ana López");
    agent = server.create_token("agent", "", "Mesa de servicios");
    server.start();
  }

  // In Spanish, whatever the language of the machine running the tests.
  ProgramResult tkctl(const std::string& token, std::vector<std::string> args) {
    args.insert(args.begin(), {TKCTL_BIN, "--lang", "es"});
    TempDir data;
    return run_program(args, {"TK_SERVER=" + server.url(), "TK_TOKEN=" + token, "TK_DATA_DIR=" + data.path()});
  }

  // Runs a command that must succeed and returns the ticket it printed with --json.
  Json step(const std::string& token, std::vector<std::string> args) {
    args.push_back("--json");
    auto r = tkctl(token, args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err << r.out;
    auto j = Json::parse(r.out, nullptr, false);
    EXPECT_TRUE(j.is_object()) << r.out;
    return j.is_discarded() ? Json::object() : j;
  }

  ServerProcess server;
  std::string employee, agent;
};

}  // namespace

TEST_F(Procedures, IncidentThroughThreeLevelsToClosed) {
  auto report =
      tkctl(employee, {"report", "--type", "incident", "--category", "hardware", "--summary", "El equipo no enciende",
                       "--description", "Huele a quemado", "--impact", "3", "--urgency", "1"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  std::string tk = report.out.substr(0, report.out.find('\n'));
  ASSERT_EQ(tk.rfind("TK-", 0), 0u) << report.out;

  auto queue = tkctl(agent, {"queue"});
  EXPECT_EQ(queue.exit_code, 0);
  EXPECT_NE(queue.out.find(tk), std::string::npos);
  EXPECT_NE(queue.out.find("Registrado"), std::string::npos);

  auto j = step(agent, {"take", tk});
  EXPECT_EQ(j["status"], "in_progress");
  EXPECT_EQ(j["level"], "1");
  j = step(agent, {"escalate", tk, "--note", "Requiere revisión en sitio"});
  EXPECT_EQ(j["level"], "2");
  j = step(agent, {"escalate", tk, "--note", "Falla de tarjeta madre"});
  EXPECT_EQ(j["level"], "3");
  EXPECT_EQ(j["status_label"], "En atención especializada (tercer nivel)");
  j = step(agent, {"resolve", tk, "--note", "Se reemplazó la fuente de poder"});
  EXPECT_EQ(j["status"], "resolved");
  EXPECT_TRUE(j["level"].is_null());
  j = step(employee, {"confirm", tk});
  EXPECT_EQ(j["status"], "closed");
  EXPECT_EQ(j["resolution"], "resolved");
  EXPECT_EQ(j["resolution_notes"], "Se reemplazó la fuente de poder");

  std::vector<std::string> actions;
  for (const auto& e : j["history"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"register", "take", "escalate", "escalate", "resolve", "confirm"}));
  EXPECT_EQ(j["history"][5]["by"], "employee:1002");
  EXPECT_EQ(j["history"][1]["by"], "agent:Mesa de servicios");

  auto show = tkctl(agent, {"show", tk});
  EXPECT_EQ(show.exit_code, 0);
  EXPECT_NE(show.out.find("Cerrado (resuelto)"), std::string::npos) << show.out;
}

TEST_F(Procedures, SecurityIncidentThroughSocOnSiteSpecialistAndVendorClosedNotResolved) {
  auto report = tkctl(employee, {"report", "--type", "security_incident", "--category", "malware", "--summary",
                                 "Ventana de rescate en pantalla", "--description", "Archivos con extensión .locked"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  std::string tk = report.out.substr(0, report.out.find('\n'));
  auto j = step(agent, {"show", tk});
  auto created = parse_rfc3339(j["created_at"].get<std::string>());
  auto due = parse_rfc3339(j["sla_due_at"].get<std::string>());
  ASSERT_TRUE(created && due);
  EXPECT_EQ(*due - *created, 2 * 3600) << "the SOC stage has two hours";

  j = step(agent, {"take", tk, "--note", "SOC: sesión remota"});
  EXPECT_EQ(j["level"], "soc");
  EXPECT_EQ(j["status_label"], "En atención (SOC)");
  j = step(agent, {"escalate", tk, "--note", "Especialista en sitio"});
  EXPECT_EQ(j["level"], "2");
  auto stage_due = parse_rfc3339(j["sla_due_at"].get<std::string>());
  auto stage_start = parse_rfc3339(j["history"].back()["at"].get<std::string>());
  EXPECT_EQ(*stage_due - *stage_start, 4 * 3600) << "the on-site stage has four hours";
  j = step(agent, {"escalate", tk});
  EXPECT_EQ(j["level"], "3");

  auto no_ref = tkctl(agent, {"vendor", tk});
  EXPECT_EQ(no_ref.exit_code, 1);
  EXPECT_NE(no_ref.err.find("fabricante"), std::string::npos) << no_ref.err;
  j = step(agent, {"vendor", tk, "--ref", "VND-2026-5531"});
  EXPECT_EQ(j["status"], "vendor");
  EXPECT_EQ(j["vendor_ref"], "VND-2026-5531");

  auto without = tkctl(agent, {"close", tk, "--not-resolved"});
  EXPECT_EQ(without.exit_code, 1);
  EXPECT_NE(without.err.find("contención"), std::string::npos) << without.err;
  j = step(agent, {"show", tk});
  EXPECT_EQ(j["status"], "vendor") << "a refused close changes nothing";

  j = step(agent, {"close", tk, "--not-resolved", "--containment",
                   "Equipo aislado de la red; credenciales restablecidas; respaldo restaurado"});
  EXPECT_EQ(j["status"], "closed");
  EXPECT_EQ(j["resolution"], "not_resolved");
  EXPECT_EQ(j["containment"], "Equipo aislado de la red; credenciales restablecidas; respaldo restaurado");
  EXPECT_EQ(j["status_label"], "Cerrado (no resuelto)");

  auto after = tkctl(agent, {"comment", tk, "--note", "tarde"});
  EXPECT_EQ(after.exit_code, 1) << "a closed ticket takes no more moves";
}

TEST_F(Procedures, EmployeesCannotMakeDeskMovesAndOfflineIsExitThree) {
  auto report = tkctl(employee, {"report", "--type", "service_request", "--category", "account", "--summary",
                                 "Alta de usuario", "--description", "Nuevo ingreso en Finanzas"});
  ASSERT_EQ(report.exit_code, 0);
  std::string tk = report.out.substr(0, report.out.find('\n'));
  auto refused = tkctl(employee, {"take", tk});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_FALSE(refused.err.empty());
  auto usage = tkctl(agent, {"take"});
  EXPECT_EQ(usage.exit_code, 2);
  server.terminate();
  auto offline = tkctl(agent, {"take", tk});
  EXPECT_EQ(offline.exit_code, 3);
}

}  // namespace tk::test
