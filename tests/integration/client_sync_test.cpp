// The offline model end to end: tkctl with its real cache file against the real tk-server
// on 127.0.0.1, with the server down, stopping mid-sync, and tkctl killed at random points.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "server_process.h"
#include "tk/api_client.h"
#include "tk/json_mapping.h"

namespace tk::test {
namespace {

class ClientSync : public ::testing::Test {
 protected:
  void SetUp() override {
    employee = server.create_token("employee", "1002", "Ana López");
    agent = server.create_token("agent", "", "Mesa");
  }

  std::vector<std::string> env() const {
    return {"TK_SERVER=" + server.url(), "TK_TOKEN=" + employee, "TK_DATA_DIR=" + data.path()};
  }

  // In Spanish, whatever the language of the machine running the tests.
  ProgramResult tkctl(std::vector<std::string> args) {
    args.insert(args.begin(), {TKCTL_BIN, "--lang", "es"});
    return run_program(args, env());
  }

  ProgramResult report(const std::string& summary, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"report",    "--type", "incident",      "--category",          "network",
                                  "--summary", summary,  "--description", "Sin red en el piso 2"};
    args.insert(args.end(), extra.begin(), extra.end());
    return tkctl(args);
  }

  // Every ticket on the server, counted by summary.
  std::map<std::string, int> server_summaries() {
    auto transport = server.transport();
    ApiClient api(*transport, agent);
    std::map<std::string, int> count;
    ListQuery query;
    for (;;) {
      auto page = api.list(query);
      EXPECT_TRUE(page.ok());
      if (!page) break;
      for (const auto& t : page->tickets) ++count[t.summary];
      if (!page->more) break;
      query.since = page->cursor;
    }
    return count;
  }

  static std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

  // The kills below land anywhere within twice a whole run: its length is measured here, on
  // this machine and this build (one built with the sanitizers starts several times
  // slower), so that they still fall on both sides of the durable save, about half of them
  // after the run would have ended. Not a time limit: any length is fine, it only sets
  // where the kills are spread.
  int kill_span_us(const std::vector<std::string>& whole_run) {
    auto started = std::chrono::steady_clock::now();
    auto ran = run_program(whole_run, env());
    EXPECT_EQ(ran.exit_code, 0) << ran.err;
    auto took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    return std::max(40000, static_cast<int>(took.count() * 2));
  }

  bool server_summaries_empty() {
    auto transport = server.transport();
    auto page = ApiClient(*transport, agent).list(ListQuery{});
    EXPECT_TRUE(page.ok());
    return page.ok() && page->tickets.empty();
  }

  TempDir data;
  ServerProcess server;
  std::string employee, agent;
};

}  // namespace

TEST_F(ClientSync, AReportSavedUnderAnotherTokenIsShownAsSuchAndWaitsForIt) {
  auto queued = report("Guardado con el token viejo");  // the server is not started: offline
  ASSERT_EQ(queued.out.rfind("queued L-", 0), 0u) << queued.out;
  std::string local_id = first_line(queued.out).substr(7);

  server.start();
  auto other = server.create_token("employee", "1002", "Ana López");
  auto with_other = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {TKCTL_BIN, "--lang", "es"});
    return run_program(args, {"TK_SERVER=" + server.url(), "TK_TOKEN=" + other, "TK_DATA_DIR=" + data.path()});
  };
  auto listed = with_other({"mine"});
  EXPECT_NE(listed.out.find(local_id + "  Guardado con otro servidor o token"), std::string::npos) << listed.out;
  auto json = Json::parse(with_other({"mine", "--json"}).out);
  ASSERT_EQ(json["outbox"].size(), 1u);
  EXPECT_EQ(json["outbox"][0]["other_identity"], true);
  EXPECT_EQ(with_other({"sync"}).exit_code, 0) << "nothing of this token's is waiting";
  EXPECT_TRUE(server_summaries_empty());

  // Under the token it was saved with, it is an ordinary queued report and goes out.
  EXPECT_NE(tkctl({"mine"}).out.find(local_id + "  En cola"), std::string::npos);
  // tkctl speaks English when asked (the args above ask for Spanish first; the last wins).
  auto english = tkctl({"--lang", "en", "mine"});
  EXPECT_NE(english.out.find(local_id + "  Queued"), std::string::npos) << english.out;
  EXPECT_EQ(tkctl({"sync"}).exit_code, 0);
  EXPECT_FALSE(server_summaries_empty());
}

TEST_F(ClientSync, ReportFiledOfflineArrivesExactlyOnceWithItsTk) {
  auto queued = report("Filed while offline");
  ASSERT_EQ(queued.exit_code, 0) << queued.err;
  ASSERT_EQ(queued.out.rfind("queued L-", 0), 0u) << queued.out;
  std::string local_id = first_line(queued.out).substr(7);

  auto mine_offline = tkctl({"mine"});
  EXPECT_EQ(mine_offline.exit_code, 0);
  EXPECT_NE(mine_offline.out.find(local_id + "  En cola"), std::string::npos) << mine_offline.out;
  EXPECT_EQ(tkctl({"sync"}).exit_code, 3) << "server unreachable";

  server.start();
  auto synced = tkctl({"sync"});
  EXPECT_EQ(synced.exit_code, 0) << synced.err;
  EXPECT_EQ(tkctl({"sync"}).exit_code, 0);
  EXPECT_EQ(server_summaries(), (std::map<std::string, int>{{"Filed while offline", 1}}));

  auto status = tkctl({"status", local_id, "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  auto j = Json::parse(status.out);
  EXPECT_EQ(j["status"], "registered");
  EXPECT_EQ(std::string(j["tk"]).rfind("TK-", 0), 0u);
  EXPECT_FALSE(j["confirmed_at"].get<std::string>().empty());

  // Online, report prints the TK itself.
  auto online = report("Filed online");
  EXPECT_EQ(first_line(online.out).rfind("TK-", 0), 0u) << online.out;
}

TEST_F(ClientSync, MyTicketsAreReadableOfflineWithWhenTheyWereConfirmed) {
  server.start();
  std::string tk = first_line(report("Pantalla azul").out);
  ASSERT_EQ(tk.rfind("TK-", 0), 0u);
  auto transport = server.transport();
  ASSERT_TRUE(ApiClient(*transport, agent).post_event(tk, EventRequest{Action::Take, "En camino", "", ""}).ok());
  ASSERT_EQ(tkctl({"sync"}).exit_code, 0);
  server.terminate();

  auto status = tkctl({"status", tk});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("En atención (primer nivel)"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("Confirmado por el servidor:"), std::string::npos);
  auto mine = tkctl({"mine", "--json"});
  ASSERT_EQ(mine.exit_code, 0);
  auto j = Json::parse(mine.out);
  ASSERT_EQ(j["tickets"].size(), 1u);
  EXPECT_EQ(j["tickets"][0]["status"], "in_progress");
  EXPECT_FALSE(j["last_confirmed_at"].is_null());
}

TEST_F(ClientSync, ServerStoppingMidSyncLosesAndDuplicatesNothing) {
  const int reports = 150;
  for (int i = 0; i < reports; ++i) ASSERT_EQ(report("Lote " + std::to_string(i)).exit_code, 0);
  server.start();
  auto sync = start_program({TKCTL_BIN, "sync"}, env(), data.file("sync.out"), data.file("sync.err"));
  // Stop the server once part of the outbox has arrived.
  for (int waited = 0; waited < 2000; ++waited) {  // a guard against a stuck sync, not a timing check
    if (server_summaries().size() >= 20) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  server.terminate();
  int code = wait_program(sync);
  EXPECT_NE(code, 0) << "the interrupted sync says it did not finish";

  server.start();
  auto finish = tkctl({"sync"});
  if (finish.exit_code != 0) {
    auto outbox = Json::parse(tkctl({"mine", "--json"}).out)["outbox"];
    for (const auto& entry : outbox) ADD_FAILURE() << tkctl({"status", entry["local_id"], "--json"}).out;
  }
  auto on_server = server_summaries();
  EXPECT_EQ(on_server.size(), static_cast<std::size_t>(reports));
  for (const auto& [summary, count] : on_server) EXPECT_EQ(count, 1) << summary;
}

TEST_F(ClientSync, KillingTkctlAtRandomPointsLosesAndDuplicatesNothing) {
  server.start();
  std::set<std::string> acknowledged;  // the user saw a TK or a local id
  std::set<std::string> attempted;
  const std::string measured = "Prueba de corte sin corte";
  attempted.insert(measured);
  int span_us = kill_span_us({TKCTL_BIN, "report", "--type", "incident", "--category", "network", "--summary", measured,
                              "--description", "Reporte completo: mide cuánto dura uno"});
  std::mt19937 random(20261122);
  std::uniform_int_distribution<int> delay_us(0, span_us);
  const int trials = 120;
  for (int trial = 0; trial < trials; ++trial) {
    bool do_report = trial % 3 != 2;
    std::string summary = "Prueba de corte " + std::to_string(trial);
    std::vector<std::string> args{TKCTL_BIN};
    if (do_report) {
      args.insert(args.end(), {"report", "--type", "incident", "--category", "network", "--summary", summary,
                               "--description", "Reporte interrumpido a propósito"});
      attempted.insert(summary);
    } else {
      args.push_back("sync");
    }
    std::string out = data.file("trial.out"), err = data.file("trial.err");
    // The child truncates these only once it runs; killed before that, it must not leave
    // the previous trial's "TK-..." to be read as its own.
    std::remove(out.c_str());
    std::remove(err.c_str());
    pid_t pid = start_program(args, env(), out, err);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
    kill(pid, SIGKILL);
    wait_program(pid);
    std::string printed = read_file(out);
    if (do_report && (printed.rfind("TK-", 0) == 0 || printed.rfind("queued L-", 0) == 0)) acknowledged.insert(summary);
  }
  auto finish = tkctl({"sync"});
  ASSERT_EQ(finish.exit_code, 0) << finish.err;
  auto mine = Json::parse(tkctl({"mine", "--json"}).out);
  EXPECT_TRUE(mine["outbox"].empty()) << "everything saved was sent";

  auto on_server = server_summaries();
  int lost = 0, duplicated = 0;
  for (const auto& summary : acknowledged)
    if (on_server[summary] == 0) ++lost;
  for (const auto& [summary, count] : on_server) {
    if (count > 1) ++duplicated;
    EXPECT_TRUE(attempted.count(summary)) << summary;
  }
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(duplicated, 0);
  // The kills must have landed on both sides of the durable save for this to mean much.
  EXPECT_GT(acknowledged.size(), 5u);
  EXPECT_LT(acknowledged.size(), attempted.size());
  RecordProperty("acknowledged", static_cast<int>(acknowledged.size()));
  RecordProperty("reached_server", static_cast<int>(on_server.size()));
}

// The user's answers and comments (and confirmations, ratings, reopenings) made while the
// server is down wait in tkctl's outbox and arrive once, in order (docs/design.md section 9).
TEST_F(ClientSync, AnswersAndCommentsMadeOfflineArriveExactlyOnce) {
  server.start();
  std::string tk = first_line(report("Sin correo externo").out);
  ASSERT_EQ(tk.rfind("TK-", 0), 0u);
  auto transport = server.transport();
  ApiClient desk(*transport, agent);
  ASSERT_TRUE(desk.post_event(tk, EventRequest{Action::Take}).ok());
  ASSERT_TRUE(desk.post_event(tk, EventRequest{Action::AskUser, "¿Desde cuándo?"}).ok());
  ASSERT_EQ(tkctl({"sync"}).exit_code, 0);
  server.terminate();

  auto answer = tkctl({"answer", tk, "--note", "Desde el lunes"});
  ASSERT_EQ(answer.exit_code, 0) << answer.err;
  ASSERT_EQ(answer.out.rfind("queued A-", 0), 0u) << answer.out;
  std::string answer_id = first_line(answer.out).substr(7);
  EXPECT_NE(answer.err.find("Guardado; se enviará al recuperar la conexión"), std::string::npos) << answer.err;
  ASSERT_EQ(tkctl({"comment", tk, "--note", "Tampoco llega a mi teléfono"}).exit_code, 0);

  auto mine = tkctl({"mine"});
  EXPECT_NE(mine.out.find(answer_id + "  En cola  Respuesta del usuario · " + tk), std::string::npos) << mine.out;
  auto status = Json::parse(tkctl({"status", answer_id, "--json"}).out);
  EXPECT_EQ(status["state"], "queued");
  EXPECT_EQ(status["action"], "answer");
  EXPECT_EQ(tkctl({"sync"}).exit_code, 3) << "server unreachable: the actions wait";

  server.start();
  auto synced = tkctl({"sync"});
  EXPECT_EQ(synced.exit_code, 0) << synced.err << synced.out;
  EXPECT_NE(synced.out.find("Enviados: 2"), std::string::npos) << synced.out;
  EXPECT_EQ(tkctl({"sync"}).exit_code, 0);
  auto ticket = desk.get(tk);
  ASSERT_TRUE(ticket.ok());
  EXPECT_EQ(ticket->status, Status::InProgress) << "the answer took it back from the user";
  int answers = 0, comments = 0;
  for (const auto& e : ticket->history) {
    answers += e.action == Action::Answer && e.note == "Desde el lunes";
    comments += e.action == Action::Comment && e.note == "Tampoco llega a mi teléfono";
  }
  EXPECT_EQ(answers, 1);
  EXPECT_EQ(comments, 1);
  EXPECT_TRUE(Json::parse(tkctl({"mine", "--json"}).out)["actions"].empty());
  auto after = Json::parse(tkctl({"status", answer_id, "--json"}).out);
  EXPECT_EQ(after["tk"], tk) << "a sent action's reference leads to its ticket";

  // A move the server refuses is said at once, and nothing is left waiting.
  auto refused = tkctl({"confirm", tk});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Json::parse(tkctl({"mine", "--json"}).out)["actions"].empty());
}

// tkctl killed at random points while it saves or sends a comment: every comment it said
// it had (a TK or "queued A-...") reaches the server once, and none twice.
TEST_F(ClientSync, KillingTkctlWhileItActsLosesAndDuplicatesNothing) {
  server.start();
  std::string tk = first_line(report("Comentarios interrumpidos").out);
  ASSERT_EQ(tk.rfind("TK-", 0), 0u);
  std::set<std::string> acknowledged, attempted;
  const std::string measured = "Comentario completo";
  attempted.insert(measured);
  int span_us = kill_span_us({TKCTL_BIN, "comment", tk, "--note", measured});
  std::mt19937 random(20261202);
  std::uniform_int_distribution<int> delay_us(0, span_us);
  for (int trial = 0; trial < 60; ++trial) {
    bool comment = trial % 3 != 2;
    std::string note = "Comentario de corte " + std::to_string(trial);
    std::vector<std::string> args{TKCTL_BIN};
    if (comment) {
      args.insert(args.end(), {"comment", tk, "--note", note});
      attempted.insert(note);
    } else {
      args.push_back("sync");
    }
    std::string out = data.file("trial.out"), err = data.file("trial.err");
    std::remove(out.c_str());
    std::remove(err.c_str());
    pid_t pid = start_program(args, env(), out, err);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
    kill(pid, SIGKILL);
    wait_program(pid);
    std::string printed = read_file(out);
    if (comment && (printed.rfind(tk + ":", 0) == 0 || printed.rfind("queued A-", 0) == 0)) acknowledged.insert(note);
  }
  auto finish = tkctl({"sync"});
  ASSERT_EQ(finish.exit_code, 0) << finish.err;
  EXPECT_TRUE(Json::parse(tkctl({"mine", "--json"}).out)["actions"].empty()) << "everything saved was sent";

  auto transport = server.transport();
  auto ticket = ApiClient(*transport, agent).get(tk);
  ASSERT_TRUE(ticket.ok());
  std::map<std::string, int> on_server;
  for (const auto& e : ticket->history)
    if (e.action == Action::Comment) ++on_server[e.note];
  int lost = 0, duplicated = 0;
  for (const auto& note : acknowledged) lost += on_server[note] == 0;
  for (const auto& [note, count] : on_server) {
    duplicated += count > 1;
    EXPECT_TRUE(attempted.count(note)) << note;
  }
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(duplicated, 0);
  EXPECT_GT(acknowledged.size(), 5u);
  EXPECT_LT(acknowledged.size(), attempted.size());
  RecordProperty("acknowledged", static_cast<int>(acknowledged.size()));
  RecordProperty("reached_server", static_cast<int>(on_server.size()));
}

TEST_F(ClientSync, CorruptCacheIsSetAsideAndRefilledFromTheServer) {
  server.start();
  std::string tk = first_line(report("Antes del daño").out);
  ASSERT_EQ(tk.rfind("TK-", 0), 0u);
  std::ofstream(data.file("cache.db"), std::ios::binary | std::ios::trunc) << std::string(10000, 'x');
  std::filesystem::remove(data.file("cache.db-wal"));
  std::filesystem::remove(data.file("cache.db-shm"));
  auto mine = tkctl({"mine"});
  EXPECT_EQ(mine.exit_code, 0);
  EXPECT_NE(mine.err.find("dañada"), std::string::npos) << mine.err;
  EXPECT_EQ(tkctl({"sync"}).exit_code, 0);
  auto status = tkctl({"status", tk});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  bool set_aside = false;
  for (const auto& entry : std::filesystem::directory_iterator(data.path()))
    set_aside |= entry.path().filename().string().rfind("cache.db.corrupt-", 0) == 0;
  EXPECT_TRUE(set_aside);
}

TEST_F(ClientSync, ARefusedReportStaysVisibleWithTheServersReason) {
  server.start();
  // Valid on the form, refused by the server: an employee may only report for themselves.
  auto refused = report("A nombre de otro", {"--employee", "9999"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("rechazó"), std::string::npos) << refused.err;
  auto mine = Json::parse(tkctl({"mine", "--json"}).out);
  ASSERT_EQ(mine["outbox"].size(), 1u);
  EXPECT_EQ(mine["outbox"][0]["state"], "refused");
  std::string local_id = mine["outbox"][0]["local_id"];
  auto status = Json::parse(tkctl({"status", local_id, "--json"}).out);
  EXPECT_EQ(status["state"], "refused");
  EXPECT_EQ(status["error"]["field"], "reporter.employee");
  EXPECT_EQ(tkctl({"sync"}).exit_code, 1) << "not everything could be sent";
  EXPECT_TRUE(server_summaries().empty());
}

TEST_F(ClientSync, FormIsCheckedAgainstTheCachedCatalogOffline) {
  auto bad = report("Categoría inventada", {"--category", "cafeteria"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("category"), std::string::npos) << bad.err;
  EXPECT_TRUE(Json::parse(tkctl({"mine", "--json"}).out)["outbox"].empty()) << "nothing queued";
}

// The command line as its users expect it: options a command does not take and addresses
// that are not addresses are usage errors (exit 2), each command has its own help, and the
// token can come from a file rather than the command line (where ps shows it).
TEST_F(ClientSync, TheCommandLineRefusesWhatACommandDoesNotTake) {
  auto wrong_option = tkctl({"sync", "--note", "hola"});
  EXPECT_EQ(wrong_option.exit_code, 2);
  EXPECT_NE(wrong_option.err.find("sync no lleva --note"), std::string::npos) << wrong_option.err;
  auto in_english = tkctl({"--lang", "en", "mine", "--breached"});
  EXPECT_EQ(in_english.exit_code, 2);
  EXPECT_NE(in_english.err.find("mine takes no --breached"), std::string::npos) << in_english.err;
  EXPECT_EQ(tkctl({"fly"}).exit_code, 2);

  auto bad_url = tkctl({"--server", "http://exa mple:80", "sync"});
  EXPECT_EQ(bad_url.exit_code, 2) << "a typo is not a network to wait for: " << bad_url.err;
  EXPECT_NE(bad_url.err.find("no es válida"), std::string::npos) << bad_url.err;

  auto help = tkctl({"report", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("report --type T"), std::string::npos) << help.out;
  EXPECT_EQ(help.out.find("\n  queue"), std::string::npos) << "only report's lines: " << help.out;
  auto version = tkctl({"-V"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("tkctl ", 0), 0u) << version.out;

  server.start();
  std::ofstream(data.file("token")) << employee << "\n";
  auto from_file = run_program({TKCTL_BIN, "--lang", "es", "--token-file", data.file("token"), "sync"},
                               {"TK_SERVER=" + server.url(), "TK_DATA_DIR=" + data.path()});
  EXPECT_EQ(from_file.exit_code, 0) << from_file.err;
  auto no_file = tkctl({"--token-file", data.file("no-such-file"), "sync"});
  EXPECT_EQ(no_file.exit_code, 2) << no_file.err;
}

}  // namespace tk::test
