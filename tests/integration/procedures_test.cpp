// The two procedures of the manual, walked through with tkctl against the real server:
// procedure 3 (incident: registered, level 1, 2, 3, resolved, closed) and procedure 2
// (security incident: SOC, on-site, specialist, vendor, closed "no resuelta" only with
// containment recommendations).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "server_process.h"
#include "tk/json_mapping.h"
#include "tk/platform.h"
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

namespace {

// The desk's side against a server with its own groups' agents and short stage targets.
class DeskProcedures : public Procedures {
 protected:
  void SetUp() override {
    employee = server.create_token("employee", "1002", "Ana López");
    mesa1 = server.create_token("agent", "", "Luis Pérez", {"--login", "lperez", "--group", "mesa"});
    mesa2 = server.create_token("agent", "", "Marta Ruiz", {"--login", "mruiz", "--group", "mesa"});
    soc1 = server.create_token("agent", "", "Sofía Ortega", {"--login", "sortega", "--group", "soc"});
    sitio1 = server.create_token("agent", "", "Iván Castro", {"--login", "icastro", "--group", "sitio"});
    esp1 = server.create_token("agent", "", "Elena Mora", {"--login", "emora", "--group", "especialistas"});
    agent = mesa1;
  }

  static std::int64_t at(const Json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? parse_rfc3339(j[key].get<std::string>()).value_or(0) : 0;
  }

  std::string register_call(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"register",
                                  "--for",
                                  "1002",
                                  "--channel",
                                  "phone",
                                  "--type",
                                  "incident",
                                  "--category",
                                  "printer",
                                  "--summary",
                                  "No imprime la impresora del piso 3",
                                  "--description",
                                  "Atasco constante"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = tkctl(mesa1, args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.substr(0, r.out.find('\n'));
  }

  std::string mesa1, mesa2, soc1, sitio1, esp1;
};

}  // namespace

TEST_F(DeskProcedures, ProcedureThreeCallClassifiedAssignedEscalatedTwiceAnsweredResolved) {
  server.configure("[sla]\npriority1_hours = 4\npriority4_hours = 72\n");
  server.start();
  std::string tk = register_call();
  ASSERT_EQ(tk.rfind("TK-", 0), 0u) << tk;

  auto j = step(mesa1, {"show", tk});
  EXPECT_EQ(j["channel"], "phone");
  EXPECT_EQ(j["reporter"]["employee"], "1002");
  EXPECT_EQ(j["priority"], 4) << "an incident nobody rated is P4, as from any client";
  EXPECT_EQ(j["group"], "mesa");
  ASSERT_EQ(j["stages"].size(), 1u);
  EXPECT_EQ(j["stages"][0]["level"], "1");
  EXPECT_EQ(at(j, "sla_due_at") - at(j, "created_at"), 72 * 3600);

  auto no_reason = tkctl(mesa1, {"classify", tk, "--impact", "1"});
  EXPECT_EQ(no_reason.exit_code, 2) << "a classification needs its reason: a usage error";
  EXPECT_NE(no_reason.err.find("classify necesita --note"), std::string::npos) << no_reason.err;
  j = step(mesa1, {"classify", tk, "--impact", "1", "--urgency", "1", "--note", "Afecta a todo el piso 3"});
  EXPECT_EQ(j["priority"], 1);
  EXPECT_EQ(at(j, "sla_due_at") - at(j, "created_at"), 4 * 3600) << "the stage's due time follows the new priority";
  const Json& classified = j["history"].back();
  EXPECT_EQ(classified["action"], "classify");
  EXPECT_EQ(classified["note"], "Afecta a todo el piso 3");
  bool priority_change = false;
  for (const auto& c : classified["changes"])
    if (c["field"] == "priority") priority_change = c["from"] == "4" && c["to"] == "1";
  EXPECT_TRUE(priority_change) << classified.dump();

  j = step(mesa1, {"take", tk});
  EXPECT_EQ(j["status"], "in_progress");
  EXPECT_EQ(j["assignee"], "lperez");
  j = step(mesa1, {"assign", tk, "--to", "mruiz"});
  EXPECT_EQ(j["assignee"], "mruiz");
  EXPECT_EQ(j["group"], "mesa");
  auto other_level = tkctl(mesa1, {"assign", tk, "--group", "sitio"});
  EXPECT_EQ(other_level.exit_code, 1) << "another level's group is reached by escalating";
  auto nobody = tkctl(mesa1, {"assign", tk, "--to", "nadie"});
  EXPECT_EQ(nobody.exit_code, 1);

  auto mine = tkctl(mesa2, {"queue", "--mine"});
  EXPECT_NE(mine.out.find(tk), std::string::npos) << mine.out << mine.err;

  j = step(mesa2, {"escalate", tk, "--note", "Requiere revisión en sitio"});
  EXPECT_EQ(j["level"], "2");
  EXPECT_EQ(j["group"], "sitio");
  EXPECT_TRUE(j["assignee"].is_null()) << "the next level's group gets it, nobody in particular";
  ASSERT_EQ(j["stages"].size(), 2u);
  EXPECT_FALSE(j["stages"][0]["ended_at"].is_null());
  EXPECT_EQ(j["stages"][0]["breached"], false);
  EXPECT_EQ(j["stages"][1]["group"], "sitio");

  auto unassigned = tkctl(sitio1, {"queue", "--my-group"});
  EXPECT_NE(unassigned.out.find(tk), std::string::npos) << unassigned.out << unassigned.err;
  auto not_mesa = tkctl(mesa1, {"queue", "--my-group"});
  EXPECT_EQ(not_mesa.out.find(tk), std::string::npos) << "it left the first level's queue";
  j = step(sitio1, {"take", tk});
  EXPECT_EQ(j["assignee"], "icastro");
  j = step(sitio1, {"escalate", tk, "--note", "Falla del fusor"});
  EXPECT_EQ(j["level"], "3");
  EXPECT_EQ(j["group"], "especialistas");

  j = step(esp1, {"ask", tk, "--note", "¿El atasco ocurre con todas las bandejas?"});
  EXPECT_EQ(j["status"], "pending_user");
  EXPECT_EQ(j["stages"].back()["paused"], true);
  std::int64_t due_before = at(j, "sla_due_at");
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  j = step(employee, {"answer", tk, "--note", "Sí, con todas"});
  EXPECT_EQ(j["status"], "in_progress");
  std::int64_t paused = j["stages"].back()["paused_seconds"].get<std::int64_t>();
  EXPECT_GE(paused, 2) << "the wait on the user is recorded";
  EXPECT_EQ(at(j, "sla_due_at") - due_before, paused) << "and does not count against the desk";

  j = step(esp1, {"resolve", tk, "--note", "Se cambió el fusor"});
  j = step(employee, {"confirm", tk, "--rating", "4", "--comment", "Tardó, pero quedó bien"});
  EXPECT_EQ(j["status"], "closed");
  EXPECT_EQ(j["satisfaction"]["rating"], 4);
  EXPECT_EQ(tkctl(employee, {"rate", tk, "--rating", "5"}).exit_code, 1) << "rated already";
  EXPECT_EQ(tkctl(employee, {"rate", tk}).exit_code, 2) << "rate needs --rating";
  ASSERT_EQ(j["stages"].size(), 3u);
  for (const auto& stage : j["stages"]) {
    EXPECT_FALSE(stage["ended_at"].is_null());
    EXPECT_EQ(stage["breached"], false);
  }

  auto show = tkctl(esp1, {"show", tk});
  EXPECT_NE(show.out.find("Satisfacción: 4/5  «Tardó, pero quedó bien»"), std::string::npos) << show.out;
  // The fields' values in one column, under the longest label.
  EXPECT_NE(show.out.find("\n  Tipo:         Falla o incidente\n"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("\n  Canal:        Teléfono\n"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("\n  Categoría:    Impresoras y escáneres\n"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("Etapas:"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("Segundo nivel (en sitio), Soporte en sitio (sitio)"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("Prioridad: 4 → 1"), std::string::npos) << show.out;
}

TEST_F(DeskProcedures, ProcedureTwoSocBreachStaysOnRecordAfterOnSiteMeetsItsTarget) {
  server.configure("[sla]\nsecurity_soc_seconds = 2\nsecurity_onsite_minutes = 60\n");
  server.start();
  auto report = tkctl(employee, {"report", "--type", "security_incident", "--category", "phishing", "--summary",
                                 "Correo que pide mi contraseña", "--description", "Di clic en el enlace"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  std::string tk = report.out.substr(0, report.out.find('\n'));
  auto j = step(soc1, {"show", tk});
  EXPECT_EQ(j["group"], "soc");
  EXPECT_EQ(j["priority"], 2) << "the core's rule for a security report";
  j = step(soc1, {"take", tk});
  EXPECT_EQ(j["assignee"], "sortega");
  std::this_thread::sleep_for(std::chrono::milliseconds(3200));

  auto late = tkctl(soc1, {"queue", "--my-group", "--breached"});
  EXPECT_NE(late.out.find(tk), std::string::npos) << late.out << late.err;
  EXPECT_NE(late.out.find("VENCIDO"), std::string::npos) << late.out;

  j = step(soc1, {"escalate", tk, "--note", "Revisión del equipo en sitio"});
  ASSERT_EQ(j["stages"].size(), 2u);
  EXPECT_EQ(j["stages"][0]["level"], "soc");
  EXPECT_EQ(j["stages"][0]["breached"], true) << "the missed SOC deadline stays on record";
  EXPECT_EQ(j["stages"][1]["level"], "2");
  EXPECT_EQ(at(j["stages"][1], "due_at") - at(j["stages"][1], "started_at"), 3600);
  EXPECT_EQ(j["sla_breached"], false) << "the on-site stage is on time";
  auto still_late = tkctl(soc1, {"queue", "--breached"});
  EXPECT_EQ(still_late.out.find(tk), std::string::npos) << "the current stage is what the queue judges";

  j = step(sitio1, {"take", tk});
  j = step(sitio1, {"resolve", tk, "--note", "Contraseña restablecida; equipo revisado"});
  EXPECT_EQ(j["stages"][0]["breached"], true);
  EXPECT_EQ(j["stages"][1]["breached"], false);
  EXPECT_FALSE(j["stages"][1]["ended_at"].is_null());
  auto show = tkctl(sitio1, {"show", tk});
  EXPECT_NE(show.out.find("VENCIDA"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("cumplida"), std::string::npos) << show.out;
}

TEST_F(DeskProcedures, QueuesRefuseUnknownParametersAndValues) {
  server.start();
  register_call();
  auto t = server.transport();
  auto get = [&](const std::string& query) {
    HttpRequest r{"GET", "/api/v1/tickets?" + query, {{"Authorization", "Bearer " + mesa1}}, {}};
    auto answer = t->send(r);
    EXPECT_TRUE(answer.ok());
    return answer.ok() ? std::make_pair(answer->status, Json::parse(answer->body, nullptr, false))
                       : std::make_pair(0, Json());
  };
  auto [status, body] = get("grupo=soc");
  EXPECT_EQ(status, 400);
  EXPECT_EQ(body["error"]["code"], "unknown_parameter");
  EXPECT_EQ(body["error"]["field"], "grupo");
  for (const char* bad :
       {"group=nadie", "status=abierto", "type=bug", "level=4", "open=yes", "assignee=A%20B", "queue=all"}) {
    auto [code, answer] = get(bad);
    EXPECT_EQ(code, 400) << bad;
    EXPECT_EQ(answer["error"]["code"], "invalid_parameter") << bad;
  }
  auto [ok, list] = get("group=mesa&open=1&type=incident&level=1&assignee=none&q=piso%203");
  EXPECT_EQ(ok, 200);
  EXPECT_EQ(list["tickets"].size(), 1u);
  auto [none, empty] = get("group=soc&open=1");
  EXPECT_EQ(none, 200);
  EXPECT_EQ(empty["tickets"].size(), 0u);
}

}  // namespace tk::test

namespace tk::test {

// A stolen lobby-kiosk token is cut off while the server runs (docs/design.md section 9): the
// administrator finds it in `token list` (which shows its last use but never the token)
// and revokes it; the running server refuses it from then on.
TEST(TokenLifecycle, ARevokedTokenIsRefusedByTheRunningServerAndTheListShowsUseAndRevocation) {
  ServerProcess server;
  std::string kiosk = server.create_token("kiosk", "", "Vestíbulo");
  std::string temporary = server.create_token("agent", "", "Becario", {"--login", "becario", "--expires-days", "30"});
  server.start();
  auto transport = server.transport();
  auto me = [&](const std::string& token) {
    auto answer = transport->send(HttpRequest{"GET", "/api/v1/me", {{"Authorization", "Bearer " + token}}, {}});
    EXPECT_TRUE(answer.ok());
    return answer.ok() ? std::make_pair(answer->status, Json::parse(answer->body, nullptr, false))
                       : std::make_pair(0, Json());
  };
  ASSERT_EQ(me(kiosk).first, 200);
  // A create is answered once committed, and the writes are committed in order: the
  // kiosk's recorded use is on disk when this returns.
  auto filed = transport->send(HttpRequest{
      "POST",
      "/api/v1/tickets",
      {{"Authorization", "Bearer " + kiosk}, {"Content-Type", "application/json"}},
      R"({"type":"incident","category":"printer","summary":"a","description":"b","reporter":{"employee":"1002"}})"});
  ASSERT_TRUE(filed.ok());
  ASSERT_EQ(filed->status, 201) << filed->body;

  auto list = run_program({TK_SERVER_BIN, "token", "list", "--db", server.db_path()});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out.find(kiosk), std::string::npos) << "the token itself is never shown";
  EXPECT_EQ(list.out.rfind("id\trole\tname\tlogin\temployee\tgroup\tcreated\tlast_used\texpires\trevoked\n", 0), 0u)
      << list.out;
  std::string kiosk_row, agent_row;
  std::istringstream lines(list.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("\tkiosk\tVestíbulo\t") != std::string::npos) kiosk_row = line;
    if (line.find("\tagent\tBecario\tbecario\t") != std::string::npos) agent_row = line;
  }
  ASSERT_FALSE(kiosk_row.empty()) << list.out;
  ASSERT_FALSE(agent_row.empty()) << list.out;
  auto fields = [](const std::string& row) {
    std::vector<std::string> out;
    std::istringstream in(row);
    for (std::string f; std::getline(in, f, '\t');) out.push_back(f);
    return out;
  };
  auto kiosk_fields = fields(kiosk_row), agent_fields = fields(agent_row);
  ASSERT_EQ(kiosk_fields.size(), 10u) << kiosk_row;
  EXPECT_NE(kiosk_fields[7], "-") << "used once, so it has a last use";
  EXPECT_EQ(kiosk_fields[8], "-") << "it does not expire";
  EXPECT_EQ(kiosk_fields[9], "-");
  ASSERT_EQ(agent_fields.size(), 10u);
  auto created = parse_rfc3339(agent_fields[6]), expires = parse_rfc3339(agent_fields[8]);
  ASSERT_TRUE(created && expires) << agent_row;
  EXPECT_NEAR(static_cast<double>(*expires - *created), 30.0 * 24 * 3600, 5);

  auto revoke = run_program({TK_SERVER_BIN, "token", "revoke", "--db", server.db_path(), kiosk_fields[0]});
  ASSERT_EQ(revoke.exit_code, 0) << revoke.err;
  // The server reads a known token again after half a second: past that, it is refused.
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  auto [status, body] = me(kiosk);
  EXPECT_EQ(status, 401);
  EXPECT_EQ(body["error"]["code"], "token_revoked");
  EXPECT_EQ(me(temporary).first, 200) << "the others keep working";
  auto again = run_program({TK_SERVER_BIN, "token", "list", "--db", server.db_path()});
  EXPECT_NE(again.out.find(kiosk_fields[0] + "\tkiosk"), std::string::npos);
  auto unknown = run_program({TK_SERVER_BIN, "token", "revoke", "--db", server.db_path(), "999999"});
  EXPECT_EQ(unknown.exit_code, 1);
  auto bad_days = run_program(
      {TK_SERVER_BIN, "token", "create", "--db", server.db_path(), "--role", "kiosk", "--expires-days", "0"});
  EXPECT_EQ(bad_days.exit_code, 2);
}

}  // namespace tk::test

namespace tk::test {

// A report the server refuses (its catalog no longer has the category) stays in tkctl's
// outbox: `correct` fixes it and sends it under the same key, `discard` drops another.
TEST(TkctlOutbox, ARefusedReportIsCorrectedOrDiscarded) {
  ServerProcess server;
  std::string employee = server.create_token("employee", "1002", "Ana López");
  TempDir data, files;
  std::string catalog = files.file("catalog.json");
  std::ofstream(catalog)
      << R"({"categories":[)"
         R"({"id":"hardware","name":"Equipo","name_en":"Hardware","types":["incident"]},)"
         R"({"id":"phishing","name":"Phishing","name_en":"Phishing","types":["security_incident"]}]})";
  server.configure("catalog_file = " + catalog + "\n");
  auto tkctl = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {TKCTL_BIN, "--lang", "es"});
    return run_program(args, {"TK_SERVER=" + server.url(), "TK_TOKEN=" + employee, "TK_DATA_DIR=" + data.path()});
  };
  // Filed while the server is down, against the built-in catalog, which has printers.
  std::vector<std::string> ids;
  for (const char* summary : {"No imprime", "Tampoco escanea"}) {
    auto queued = tkctl(
        {"report", "--type", "incident", "--category", "printer", "--summary", summary, "--description", "Piso 3"});
    ASSERT_EQ(queued.exit_code, 0) << queued.err;
    ASSERT_EQ(queued.out.rfind("queued L-", 0), 0u) << queued.out;
    ids.push_back(queued.out.substr(7, queued.out.find('\n') - 7));
  }
  server.start();
  EXPECT_EQ(tkctl({"sync"}).exit_code, 1) << "refused reports wait for the user";
  auto status = tkctl({"status", ids[0]});
  EXPECT_NE(status.out.find("Rechazado"), std::string::npos) << status.out;

  EXPECT_EQ(tkctl({"correct", "TK-2026-000001"}).exit_code, 2) << "a local reference, not a TK";
  auto corrected = tkctl({"correct", ids[0], "--category", "hardware"});
  ASSERT_EQ(corrected.exit_code, 0) << corrected.err << corrected.out;
  EXPECT_EQ(corrected.out.rfind("TK-", 0), 0u) << corrected.out;
  auto again = tkctl({"correct", ids[0], "--category", "hardware"});
  EXPECT_EQ(again.exit_code, 1) << "it is no longer a refused report";

  auto dropped = tkctl({"discard", ids[1]});
  EXPECT_EQ(dropped.exit_code, 0) << dropped.err;
  EXPECT_EQ(tkctl({"sync"}).exit_code, 0) << "nothing is left waiting";
  auto mine = tkctl({"mine"});
  EXPECT_EQ(mine.out.find(ids[1]), std::string::npos) << mine.out;
  EXPECT_EQ(mine.out.find("Tampoco escanea"), std::string::npos);
}

}  // namespace tk::test

namespace tk::test {

TEST(ServerCommandLine, UsageWhereItWasAskedForAndClearRefusals) {
  auto nothing = run_program({TK_SERVER_BIN});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_TRUE(nothing.out.empty()) << "a mistake's answer goes to standard error";
  EXPECT_NE(nothing.err.find("\n  serve [--listen"), std::string::npos) << nothing.err;
  for (std::vector<std::string> asked : {std::vector<std::string>{TK_SERVER_BIN, "--help"},
                                         std::vector<std::string>{TK_SERVER_BIN, "serve", "--help"}}) {
    auto help = run_program(asked);
    EXPECT_EQ(help.exit_code, 0) << asked.back();
    EXPECT_NE(help.out.find(asked.size() == 2 ? "\n  token revoke --db RUTA ID\n" : "Uso: tk-server serve [--listen"),
              std::string::npos)
        << help.out;
  }
  TempDir dir;
  auto threads = run_program({TK_SERVER_BIN, "serve", "--db", dir.file("t.db"), "--threads", "muchos"});
  EXPECT_EQ(threads.exit_code, 2);
  EXPECT_NE(threads.err.find("--threads debe ser un número"), std::string::npos) << threads.err;

  // The administrator's language, Spanish first: English where the system asks for it.
  std::vector<std::string> english{"LC_ALL=en_US.UTF-8"};
  auto role = run_program({TK_SERVER_BIN, "token", "create", "--db", dir.file("t.db"), "--role", "jefe"}, english);
  EXPECT_EQ(role.exit_code, 2);
  EXPECT_EQ(role.err, "tk-server: --role must be employee, kiosk, agent or admin\n");
  auto usage = run_program({TK_SERVER_BIN, "--help"}, english);
  EXPECT_EQ(usage.out.rfind("Usage: tk-server COMMAND [OPTIONS]\n", 0), 0u) << usage.out;
  auto config = run_program({TK_SERVER_BIN, "serve", "--config", dir.file("missing.conf")}, english);
  EXPECT_EQ(config.err, "tk-server: Cannot read the configuration: " + dir.file("missing.conf") + "\n");
  auto spanish = run_program({TK_SERVER_BIN, "--help"}, {"LC_ALL=C"});
  EXPECT_EQ(spanish.out.rfind("Uso: tk-server COMANDO [OPCIONES]\n", 0), 0u) << spanish.out;

  // An agent's group must be one of the desk's (the defaults, or --config's [groups]).
  auto nobody = run_program({TK_SERVER_BIN, "token", "create", "--db", dir.file("t.db"), "--role", "agent", "--name",
                             "Luis", "--group", "nadie"});
  EXPECT_EQ(nobody.exit_code, 2);
  EXPECT_NE(nobody.err.find("--group nadie no es un grupo de la mesa (mesa, soc, sitio, especialistas"),
            std::string::npos)
      << nobody.err;
  EXPECT_EQ(run_program({TK_SERVER_BIN, "token", "create", "--db", dir.file("t.db"), "--role", "agent", "--name",
                         "Luis", "--group", "soc"})
                .exit_code,
            0);
}

}  // namespace tk::test

namespace tk::test {

// The quality report of a period through tkctl (text, CSV, JSON) and HTTP, with the
// objectives of the server's configuration; the dashboard's page and Chart.js served.
TEST(QualityReport, TkctlStatsJudgesTheConfiguredObjectivesAndTheDashboardIsServed) {
  ServerProcess server;
  std::string employee = server.create_token("employee", "1002", "Ana López");
  std::string agent = server.create_token("agent", "", "Luis Pérez", {"--login", "lperez", "--group", "mesa"});
  server.configure("[objectives]\nsatisfaction = 4.8\nreopened = off\n");
  server.start();
  auto tkctl = [&](const std::string& token, std::vector<std::string> args) {
    args.insert(args.begin(), {TKCTL_BIN, "--lang", "es"});
    TempDir data;
    return run_program(args, {"TK_SERVER=" + server.url(), "TK_TOKEN=" + token, "TK_DATA_DIR=" + data.path()});
  };
  for (const char* summary : {"No imprime", "No enciende"}) {
    auto filed = tkctl(employee, {"report", "--type", "incident", "--category", "printer", "--summary", summary,
                                  "--description", "Piso 3"});
    ASSERT_EQ(filed.exit_code, 0) << filed.err;
    std::string tk = filed.out.substr(0, filed.out.find('\n'));
    ASSERT_EQ(tkctl(agent, {"take", tk}).exit_code, 0);
    ASSERT_EQ(tkctl(agent, {"resolve", tk, "--note", "Listo"}).exit_code, 0);
    if (std::string(summary) == "No imprime") {
      auto confirmed = tkctl(employee, {"confirm", tk, "--rating", "5", "--comment", "Rápido"});
      ASSERT_EQ(confirmed.exit_code, 0) << confirmed.err;
    }
  }
  // Yesterday to tomorrow (UTC, the server's default calendar): today whatever the hour.
  auto day = [](std::int64_t at) {
    std::tm t = utc_calendar(at);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &t);
    return std::string(text);
  };
  std::int64_t now = now_seconds();
  std::vector<std::string> period{"--from", day(now - 86400), "--to", day(now + 86400)};

  auto as_json = [&](std::vector<std::string> args) {
    args.push_back("--json");
    auto r = tkctl(agent, args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Json::parse(r.out, nullptr, false);
  };
  std::vector<std::string> stats{"stats"};
  stats.insert(stats.end(), period.begin(), period.end());
  Json report = as_json(stats);
  ASSERT_TRUE(report.is_object()) << report;
  EXPECT_EQ(report["tickets"]["opened"], 2);
  EXPECT_EQ(report["tickets"]["closed"], 1);
  EXPECT_EQ(report["resolved"], 2);
  EXPECT_EQ(report["first_contact_resolved"], 2);
  EXPECT_EQ(report["satisfaction"]["responses"], 1);
  EXPECT_EQ(report["satisfaction"]["distribution"]["5"], 1);
  EXPECT_EQ(report["by_day"].size(), 3u);
  bool satisfaction_judged = false;
  for (const auto& o : report["objectives"]) {
    EXPECT_NE(o["id"], "reopened") << "switched off in the configuration";
    if (o["id"] != "satisfaction") continue;
    satisfaction_judged = true;
    EXPECT_DOUBLE_EQ(o["target"].get<double>(), 4.8);
    EXPECT_EQ(o["met"], true);
  }
  EXPECT_TRUE(satisfaction_judged);

  auto text = tkctl(agent, stats);
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Satisfacción: 5.00 de 5 (1 respuesta;"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Satisfacción media (1 a 5)"), std::string::npos) << text.out;
  stats.push_back("--csv");
  auto csv = tkctl(agent, stats);
  EXPECT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("metric,value\n", 0), 0u);
  EXPECT_NE(csv.out.find("\ntickets.opened,2\n"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("\nobjectives.satisfaction.met,true\n"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("\nstages.1.met,2\n"), std::string::npos) << csv.out;

  auto employee_stats = tkctl(employee, {"stats"});
  EXPECT_EQ(employee_stats.exit_code, 1);
  EXPECT_NE(employee_stats.err.find("informe de calidad"), std::string::npos) << employee_stats.err;
  auto bad_date = tkctl(agent, {"stats", "--from", "2026-02-30"});
  EXPECT_EQ(bad_date.exit_code, 1);
  EXPECT_NE(bad_date.err.find("2026-02-30"), std::string::npos) << bad_date.err;
  EXPECT_EQ(tkctl(agent, {"stats", "--csv", "--json"}).exit_code, 2);
  EXPECT_EQ(tkctl(agent, {"stats", "--mine"}).exit_code, 2);

  auto curl = [&](const std::string& target, const std::string& token) {
    std::vector<std::string> args{"/usr/bin/curl", "-s", "-i", server.url() + target};
    if (!token.empty()) args.insert(args.begin() + 2, {"-H", "Authorization: Bearer " + token});
    return run_program(args).out;
  };
  EXPECT_NE(curl("/api/v1/reports/quality?month=11", agent).find("unknown_parameter"), std::string::npos);
  EXPECT_EQ(curl("/api/v1/reports/quality", "").rfind("HTTP/1.1 401", 0), 0u);
  std::string page = curl("/dashboard", "");
  EXPECT_EQ(page.rfind("HTTP/1.1 200", 0), 0u) << "the page itself holds no data: " << page.substr(0, 200);
  EXPECT_NE(page.find("Content-Security-Policy: default-src 'none'; script-src 'self'"), std::string::npos);
  EXPECT_NE(page.find("text/html"), std::string::npos);
  // setup.sh installs Debian's libjs-chart.js, whose Chart.js the server serves.
  std::string chart = curl("/dashboard/chart.js", "");
  EXPECT_EQ(chart.rfind("HTTP/1.1 200", 0), 0u) << chart.substr(0, 200);
  EXPECT_NE(chart.find("Chart.js v3"), std::string::npos);
  EXPECT_EQ(curl("/dashboard/secret.db", "").rfind("HTTP/1.1 404", 0), 0u);
}

}  // namespace tk::test

namespace tk::test {

// The knowledge base through tkctl and HTTP against the real server: the starter articles
// found in Spanish, a draft the desk writes and publishes, feedback counted once per key.
TEST(KnowledgeBase, TkctlSearchesWritesAndPublishesArticles) {
  ServerProcess server;
  std::string employee = server.create_token("employee", "1002", "Ana López");
  std::string agent = server.create_token("agent", "", "Luis Pérez", {"--login", "lperez", "--group", "mesa"});
  server.start();
  auto tkctl = [&](const std::string& token, std::vector<std::string> args) {
    args.insert(args.begin(), {TKCTL_BIN, "--lang", "es"});
    TempDir data;
    return run_program(args, {"TK_SERVER=" + server.url(), "TK_TOKEN=" + token, "TK_DATA_DIR=" + data.path()});
  };
  auto search = tkctl(employee, {"kb", "search", "impresoras", "no", "imprimen"});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  EXPECT_NE(search.out.find("La impresora no imprime  (Impresoras y escáneres)"), std::string::npos) << search.out;
  auto as_json = Json::parse(tkctl(employee, {"kb", "search", "configuracion correo celular", "--json"}).out);
  ASSERT_FALSE(as_json["articles"].empty());
  EXPECT_EQ(as_json["articles"][0]["title"], "Configuración del correo institucional en el celular");
  std::string id = as_json["articles"][0]["id"].dump();
  auto shown = tkctl(employee, {"kb", "show", id});
  EXPECT_EQ(shown.exit_code, 0);
  EXPECT_NE(shown.out.find("Pasos\n1. "), std::string::npos) << shown.out;

  auto added = tkctl(agent, {"kb", "add", "--title", "El lector de huellas no reconoce el dedo", "--symptoms",
                             "El lector biométrico marca error.", "--steps", "1. Limpie el lector.", "--category",
                             "hardware", "--json"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  auto draft = Json::parse(added.out);
  EXPECT_EQ(draft["status"], "draft");
  std::string draft_id = draft["id"].dump();
  EXPECT_EQ(tkctl(employee, {"kb", "search", "lector biométrico"}).out.find("huellas"), std::string::npos);
  EXPECT_EQ(tkctl(employee, {"kb", "show", draft_id}).exit_code, 1) << "a draft is not the public's";
  auto published = tkctl(agent, {"kb", "publish", draft_id});
  EXPECT_EQ(published.out, draft_id + ": El lector de huellas no reconoce el dedo  (publicado)\n") << published.err;
  EXPECT_NE(tkctl(employee, {"kb", "search", "lector", "biometrico"}).out.find("huellas"), std::string::npos);
  auto edited =
      tkctl(agent, {"kb", "edit", draft_id, "--steps", "1. Limpie el lector.\n2. Registre la huella.", "--draft"});
  EXPECT_NE(edited.out.find("(borrador)"), std::string::npos) << edited.out << edited.err;

  // A solved case becomes an article: what the options leave out comes from the ticket.
  auto filed = tkctl(employee, {"report", "--type", "incident", "--category", "software", "--summary",
                                "El sistema de nómina no abre", "--description", "Marca error 1603 al iniciar."});
  ASSERT_EQ(filed.exit_code, 0) << filed.err;
  std::string tk = filed.out.substr(0, filed.out.find('\n'));
  ASSERT_EQ(tkctl(agent, {"take", tk}).exit_code, 0);
  ASSERT_EQ(tkctl(agent, {"resolve", tk, "--note", "1. Reinstalar el cliente de nómina.\n2. Reiniciar."}).exit_code, 0);
  auto from_ticket = tkctl(agent, {"kb", "add", "--from-ticket", tk, "--keywords", "nomina, 1603", "--json"});
  ASSERT_EQ(from_ticket.exit_code, 0) << from_ticket.err;
  auto drafted = Json::parse(from_ticket.out);
  EXPECT_EQ(drafted["title"], "El sistema de nómina no abre");
  EXPECT_EQ(drafted["symptoms"], "Marca error 1603 al iniciar.");
  EXPECT_EQ(drafted["steps"], "1. Reinstalar el cliente de nómina.\n2. Reiniciar.");
  EXPECT_EQ(drafted["category"], "software");
  EXPECT_EQ(drafted["source_tk"], tk);
  EXPECT_EQ(drafted["status"], "draft");

  // The case it came from is linked already; another article is linked by hand (either
  // order of its two arguments), once.
  std::string drafted_id = drafted["id"].dump();
  auto linked_show = tkctl(agent, {"kb", "show", drafted_id});
  EXPECT_NE(linked_show.out.find("Tickets vinculados\n  " + tk + "  Resuelto  El sistema de nómina no abre"),
            std::string::npos)
      << linked_show.out;
  auto linked = tkctl(agent, {"kb", "link", tk, id, "--note", "Mismo síntoma en otro equipo"});
  EXPECT_EQ(linked.exit_code, 0) << linked.err;
  auto twice = tkctl(agent, {"kb", "link", id, tk});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.err.find("ya está vinculado a este ticket"), std::string::npos) << twice.err;
  EXPECT_EQ(tkctl(agent, {"kb", "link", tk}).exit_code, 2);
  EXPECT_EQ(tkctl(employee, {"kb", "link", id, tk}).exit_code, 1) << "the desk's to do";
  auto history = Json::parse(tkctl(agent, {"show", tk, "--json"}).out)["history"];
  std::vector<std::pair<Json, std::string>> links;
  for (const auto& e : history)
    if (e["action"] == "link_article") links.emplace_back(e["article"], e["note"].get<std::string>());
  ASSERT_EQ(links.size(), 2u) << history.dump();
  EXPECT_EQ(links[0], std::make_pair(drafted["id"], std::string("El sistema de nómina no abre")));
  EXPECT_EQ(links[1], std::make_pair(Json::parse(id), std::string("Mismo síntoma en otro equipo")));
  EXPECT_EQ(Json::parse(tkctl(employee, {"kb", "show", id, "--json"}).out).count("linked_tickets"), 0u);

  auto refused = tkctl(employee, {"kb", "add", "--title", "x", "--symptoms", "y", "--steps", "z"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("Solo la mesa de servicios escribe artículos."), std::string::npos) << refused.err;
  EXPECT_EQ(tkctl(employee, {"kb"}).exit_code, 2);
  EXPECT_EQ(tkctl(employee, {"kb", "show", "abc"}).exit_code, 2);
  EXPECT_EQ(tkctl(agent, {"kb", "add", "--title", "x", "--steps", "z"}).exit_code, 1) << "symptoms are required";

  auto feedback = [&](const std::string& key) {
    return run_program({"/usr/bin/curl", "-s", "-X", "POST", "-H", "Authorization: Bearer " + employee, "-H",
                        "Content-Type: application/json", "-H", "Idempotency-Key: " + key, "-d", R"({"helpful":true})",
                        server.url() + "/api/v1/kb/" + id + "/feedback"})
        .out;
  };
  EXPECT_NE(feedback("deflection-1").find("\"recorded\":true"), std::string::npos);
  EXPECT_NE(feedback("deflection-1").find("\"recorded\":false"), std::string::npos) << "once per key";
}

}  // namespace tk::test

namespace tk::test {

// tkctl's search reads the copy the computer keeps: after one sync it answers with the
// server stopped; with no copy and no server it says so (exit 3).
TEST(KnowledgeBase, TkctlSearchesOfflineFromTheLocalCopy) {
  ServerProcess server;
  std::string employee = server.create_token("employee", "1002", "Ana López");
  server.start();
  TempDir data, empty;
  auto tkctl = [&](const TempDir& dir, std::vector<std::string> args) {
    args.insert(args.begin(), {TKCTL_BIN, "--lang", "es"});
    return run_program(args, {"TK_SERVER=" + server.url(), "TK_TOKEN=" + employee, "TK_DATA_DIR=" + dir.path()});
  };
  ASSERT_EQ(tkctl(data, {"sync"}).exit_code, 0);
  server.terminate();
  auto offline = tkctl(data, {"kb", "search", "no", "tengo", "internet"});
  EXPECT_EQ(offline.exit_code, 0) << offline.err;
  EXPECT_LT(offline.out.find("No tengo internet o no hay red (cable de red)"), offline.out.find('\n'))
      << "the best answer first: " << offline.out;
  auto nothing = tkctl(empty, {"kb", "search", "vpn"});
  EXPECT_EQ(nothing.exit_code, 3);
  EXPECT_NE(nothing.err.find("Todavía no hay una copia de la base de conocimiento"), std::string::npos) << nothing.err;
}

}  // namespace tk::test

namespace tk::test {

// `tkctl kb add` without the text on the command line opens $EDITOR on a file of three
// sections; `kb edit ID` alone does the same with the article as it is.
TEST(KnowledgeBase, TkctlWritesAnArticleInTheEditor) {
  ServerProcess server;
  std::string agent = server.create_token("agent", "", "Luis Pérez", {"--login", "lperez", "--group", "mesa"});
  server.start();
  TempDir files;
  std::string editor = files.file("editor.sh");
  std::ofstream(editor) << "#!/bin/sh\n"
                           "cat > \"$1\" <<'TEXT'\n"
                           "# Escriba el artículo bajo cada encabezado. Esta línea no se guarda.\n"
                           "== Título ==\n"
                           "El monitor parpadea\n"
                           "== Síntomas ==\n"
                           "La imagen parpadea al encender.\n"
                           "== Pasos ==\n"
                           "1. Revise el cable de video.\n"
                           "2. Cambie de puerto.\n"
                           "# Si sigue, reporte.\n"
                           "TEXT\n";
  std::filesystem::permissions(editor, std::filesystem::perms::owner_all);
  auto tkctl = [&](std::vector<std::string> args, const std::string& editor_command) {
    args.insert(args.begin(), {TKCTL_BIN, "--lang", "es"});
    TempDir data;
    std::vector<std::string> env{"TK_SERVER=" + server.url(), "TK_TOKEN=" + agent, "TK_DATA_DIR=" + data.path(),
                                 "VISUAL=", "EDITOR=" + editor_command};
    return run_program(args, env);
  };
  auto added = tkctl({"kb", "add", "--category", "hardware", "--json"}, editor);
  ASSERT_EQ(added.exit_code, 0) << added.err;
  auto article = Json::parse(added.out);
  EXPECT_EQ(article["title"], "El monitor parpadea");
  EXPECT_EQ(article["symptoms"], "La imagen parpadea al encender.");
  EXPECT_EQ(article["steps"], "1. Revise el cable de video.\n2. Cambie de puerto.\n# Si sigue, reporte.")
      << "only the instructions are left out";
  EXPECT_EQ(article["category"], "hardware");

  auto failed = tkctl({"kb", "add"}, "false");
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_NE(failed.err.find("el editor terminó con error"), std::string::npos) << failed.err;
  auto no_editor = tkctl({"kb", "add", "--title", "Solo el título"}, "");
  EXPECT_EQ(no_editor.exit_code, 1);
  EXPECT_NE(no_editor.err.find("defina EDITOR"), std::string::npos) << no_editor.err;
}

}  // namespace tk::test

namespace tk::test {

// Enrolment without pasted tokens: an administrator makes a one-time code, tkctl trades it
// for the employee's own token (written to a file only its owner reads), which files a
// report; the code does not work twice.
TEST(Enrolment, AOneTimeCodeBecomesTheEmployeesOwnTokenThroughTkctl) {
  ServerProcess server;
  auto made = run_program(
      {TK_SERVER_BIN, "enrol", "create", "--db", server.db_path(), "--employee", "1002", "--name", "Ana López"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  std::string code = made.out.substr(0, made.out.find('\n'));
  ASSERT_EQ(code.size(), 14u) << made.out;
  server.start();
  TempDir dir;
  std::string token_file = dir.file("token");
  auto tkctl = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {TKCTL_BIN, "--lang", "es", "--server", server.url(), "--data-dir", dir.file("cache")});
    return run_program(args);
  };
  // A file that cannot be written is found out before the code is spent.
  auto unwritable = tkctl({"enrol", code, "--token-file", "/proc/tk-no-such-folder/token"});
  EXPECT_EQ(unwritable.exit_code, 1);
  EXPECT_NE(unwritable.err.find("el código no se usó"), std::string::npos) << unwritable.err;
  // The code from standard input (on the command line, ps would show it to other users);
  // the token file's folder is made.
  token_file = dir.file("config/tk/token");
  auto enrolled = run_program({"/bin/sh", "-c",
                               "printf '%s\\n' \"$0\" | \"$1\" --lang es --server \"$2\" --data-dir \"$3\" enrol "
                               "--token-file \"$4\"",
                               code, TKCTL_BIN, server.url(), dir.file("cache"), token_file});
  ASSERT_EQ(enrolled.exit_code, 0) << enrolled.err;
  EXPECT_EQ(enrolled.out, "Inscrito: Ana López (1002). Token guardado en " + token_file + "\n");
  auto perms = std::filesystem::status(token_file).permissions();
  EXPECT_EQ(perms & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto filed = tkctl({"--token-file", token_file, "report", "--type", "incident", "--category", "printer", "--summary",
                      "No imprime", "--description", "Inscrito con un código."});
  EXPECT_EQ(filed.exit_code, 0) << filed.err;
  EXPECT_EQ(filed.out.rfind("TK-", 0), 0u) << filed.out;

  auto twice = tkctl({"enrol", code});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.err.find("no existe, ya se usó o venció"), std::string::npos) << twice.err;
  EXPECT_EQ(tkctl({"enrol"}).exit_code, 2);
  auto listed = run_program({TK_SERVER_BIN, "enrol", "list", "--db", server.db_path()});
  EXPECT_NE(listed.out.find("\t1002\tAna López\t"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find(code), std::string::npos) << "the code is never shown again";
  auto tokens = run_program({TK_SERVER_BIN, "token", "list", "--db", server.db_path()});
  EXPECT_NE(tokens.out.find("Ana López ("), std::string::npos) << tokens.out;
  EXPECT_NE(tokens.out.find(", tkctl)\t"), std::string::npos) << "tkctl names itself beside the computer";

  // Enrolled again from the same computer, tkctl's token is replaced, not added to (issue
  // 25); a token the tray holds on that computer (the host name alone) is left alone.
  std::string tray_code =
      run_program({TK_SERVER_BIN, "enrol", "create", "--db", server.db_path(), "--employee", "1002"}).out.substr(0, 14);
  auto tray = run_program({"/usr/bin/curl", "-s", "-X", "POST", "-H", "Content-Type: application/json", "--data",
                           "{\"code\":\"" + tray_code + "\",\"device\":\"" + platform::machine_info().hostname + "\"}",
                           server.url() + "/api/v1/enrol"});
  ASSERT_NE(tray.out.find("\"token\""), std::string::npos) << tray.out;
  std::string again =
      run_program({TK_SERVER_BIN, "enrol", "create", "--db", server.db_path(), "--employee", "1002"}).out.substr(0, 14);
  std::string second_file = dir.file("token-2");
  ASSERT_EQ(tkctl({"enrol", again, "--token-file", second_file}).exit_code, 0);
  auto me = [&](const std::string& file) {
    std::ifstream in(file);
    std::string token;
    std::getline(in, token);
    return run_program({"/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                        "Authorization: Bearer " + token, server.url() + "/api/v1/me"})
        .out;
  };
  EXPECT_EQ(me(token_file), "401") << "the first tkctl token was replaced";
  EXPECT_EQ(me(second_file), "200");
  tokens = run_program({TK_SERVER_BIN, "token", "list", "--db", server.db_path()});
  int live_tkctl = 0, live_tray = 0;
  std::istringstream rows(tokens.out);
  for (std::string row; std::getline(rows, row);) {
    if (row.size() < 2 || row.compare(row.size() - 2, 2, "\t-") != 0) continue;  // revoked ones end with a time
    live_tkctl += row.find(", tkctl)\t") != std::string::npos;
    live_tray += row.find(" (" + platform::machine_info().hostname + ")\t") != std::string::npos;
  }
  EXPECT_EQ(live_tkctl, 1) << tokens.out;
  EXPECT_EQ(live_tray, 1) << tokens.out;
}

}  // namespace tk::test
