// The client side as a Windows program, under Wine, against the real Linux tk-server on
// loopback (with_server.sh starts it and passes its port and tokens): the WinHTTP
// transport, the sync engine's exactly-once delivery through lost connections and lost
// answers, the offline cache, and tkctl.exe end to end, all in folders whose names are not
// ASCII, as a profile such as C:\Users\José Núñez is.
#include <gtest/gtest.h>

#include <windows.h>
#include <wincrypt.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <thread>

#include "tcp_relay.h"
#include "test_environment.h"
#include "temp_dir.h"
#include "tk/api_client.h"
#include "tk/client_store.h"
#include "tk/file_path.h"
#include "tk/http.h"
#include "tk/sync_engine.h"
#include "tk/text.h"

namespace tk::test {
namespace {

std::wstring widen(const std::string& text) {
  int n = MultiByteToWideChar(CP_UTF8, 0, text.c_str(), -1, nullptr, 0);
  std::wstring out(static_cast<std::size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, text.c_str(), -1, out.data(), n);
  out.pop_back();
  return out;
}

// tkctl.exe, beside this test program.
std::wstring tkctl_path() {
  wchar_t self[MAX_PATH] = {};
  GetModuleFileNameW(nullptr, self, MAX_PATH);
  return (std::filesystem::path(self).parent_path() / L"tkctl.exe").wstring();
}

std::wstring quoted(const std::wstring& arg) {
  std::wstring out = L"\"";
  for (wchar_t c : arg) {
    if (c == L'"') out += L'\\';
    out += c;
  }
  return out + L"\"";
}

struct Run {
  DWORD exit_code = 0;
  std::string out;
};

// Runs tkctl.exe with `args` and `extra_env` added to this process's environment, and
// collects what it prints (stdout and stderr together).
Run tkctl(const std::vector<std::string>& args, const std::map<std::string, std::string>& extra_env) {
  // In Spanish, whatever the language of the system running the tests: its texts are checked.
  std::wstring command = quoted(tkctl_path()) + L" --lang es";
  for (const auto& a : args) command += L" " + quoted(widen(a));

  std::wstring block;
  for (wchar_t* e = GetEnvironmentStringsW(); *e; e += wcslen(e) + 1) {
    std::wstring entry(e);
    bool replaced = false;
    for (const auto& [name, value] : extra_env)
      if (entry.rfind(widen(name) + L"=", 0) == 0) replaced = true;
    if (!replaced) block += entry + L'\0';
  }
  for (const auto& [name, value] : extra_env) block += widen(name) + L"=" + widen(value) + L'\0';
  block += L'\0';

  SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
  HANDLE read_end = nullptr, write_end = nullptr;
  if (!CreatePipe(&read_end, &write_end, &inherit, 0)) throw std::runtime_error("CreatePipe failed");
  SetHandleInformation(read_end, HANDLE_FLAG_INHERIT, 0);
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdOutput = write_end;
  startup.hStdError = write_end;
  startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
  PROCESS_INFORMATION process{};
  // CREATE_NO_WINDOW: tkctl needs no console of its own; its output is our pipe.
  BOOL started =
      CreateProcessW(nullptr, command.data(), nullptr, nullptr, TRUE, CREATE_UNICODE_ENVIRONMENT | CREATE_NO_WINDOW,
                     block.data(), nullptr, &startup, &process);
  CloseHandle(write_end);
  if (!started) {
    CloseHandle(read_end);
    throw std::runtime_error("tkctl.exe did not start: " + std::to_string(GetLastError()));
  }
  Run run;
  char buffer[4096];
  DWORD n = 0;
  while (ReadFile(read_end, buffer, sizeof buffer, &n, nullptr) && n > 0) run.out.append(buffer, n);
  WaitForSingleObject(process.hProcess, INFINITE);
  GetExitCodeProcess(process.hProcess, &run.exit_code);
  CloseHandle(process.hProcess);
  CloseHandle(process.hThread);
  CloseHandle(read_end);
  return run;
}

NewTicket report(const std::string& summary) {
  NewTicket t;
  t.type = TicketType::Incident;
  t.category = "network";
  t.summary = summary;
  t.description = "Sin red en el piso 2 (reportado desde Windows)";
  return t;
}

class WindowsClient : public ::testing::Test {
 protected:
  std::uint16_t server_port = static_cast<std::uint16_t>(std::stoi(test_env("TK_TEST_SERVER_PORT")));
  std::string employee = test_env("TK_TEST_EMPLOYEE_TOKEN");
  std::string agent = test_env("TK_TEST_AGENT_TOKEN");
  std::string server_url = "http://127.0.0.1:" + std::to_string(server_port);
  TcpRelay relay{"127.0.0.1", server_port};
  TempDir dir;

  // Every ticket on the server with this summary, seen by the desk.
  int tickets_on_server(const std::string& summary) {
    auto transport = make_http_transport({server_url});
    ApiClient desk(*transport, agent);
    int count = 0;
    ListQuery query;
    for (;;) {
      auto page = desk.list(query);
      EXPECT_TRUE(page.ok()) << (page ? "" : page.error().message);
      if (!page) return -1;
      for (const auto& t : page->tickets) count += t.summary == summary;
      if (!page->more) return count;
      query.since = page->cursor;
    }
  }
};

TEST_F(WindowsClient, WinHttpSpeaksToTheServer) {
  auto transport = make_http_transport({server_url});
  auto health = transport->send({"GET", "/api/v1/health", {}, ""});
  ASSERT_TRUE(health.ok()) << health.error().message;
  EXPECT_EQ(health->status, 200);
  EXPECT_NE(health->body.find("\"ok\""), std::string::npos) << health->body;
  EXPECT_NE(health->header("content-type").find("application/json"), std::string::npos);

  ApiClient api(*transport, employee);
  std::string key = random_uuid();
  auto first = api.create(report("Creado con WinHTTP"), key);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->replayed);
  EXPECT_EQ(first->ticket.reporter.name, "José Núñez") << "UTF-8 both ways";
  auto again = api.create(report("Creado con WinHTTP"), key);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->ticket.tk, first->ticket.tk);

  auto unknown = api.get("TK-2026-999999");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::NotFound);
  auto no_token = ApiClient(*transport, "").catalog();
  ASSERT_FALSE(no_token.ok());
  EXPECT_EQ(no_token.error().kind, ErrorKind::Unauthorized);
}

TEST_F(WindowsClient, NetworkFailuresAreOfflineOrTimeout) {
  relay.set_mode(TcpRelay::Mode::Refuse);
  auto cut = make_http_transport({relay.url()})->send({"GET", "/api/v1/health", {}, ""});
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().kind, ErrorKind::Offline) << cut.error().message;

  relay.set_mode(TcpRelay::Mode::Silent);
  TransportOptions quick{relay.url(), std::chrono::milliseconds(1500)};
  auto silent = make_http_transport(quick)->send({"GET", "/api/v1/health", {}, ""});
  ASSERT_FALSE(silent.ok());
  EXPECT_EQ(silent.error().kind, ErrorKind::Timeout) << silent.error().message;

  auto nobody = make_http_transport({"http://no-such-host.invalid:8080"})->send({"GET", "/api/v1/health", {}, ""});
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().kind, ErrorKind::Offline) << nobody.error().message;

  auto bad = make_http_transport({"http://mesa servicios"})->send({"GET", "/api/v1/health", {}, ""});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "bad_url");

  auto line_break =
      make_http_transport({server_url})->send({"GET", "/api/v1/health", {{"Authorization", "Bearer a\r\nX: y"}}, ""});
  ASSERT_FALSE(line_break.ok());
  EXPECT_EQ(line_break.error().code, "bad_header");
}

// The heart of the offline model, on Windows: reports saved while the network is gone, and
// answers lost on the way back, still give exactly one ticket each.
TEST_F(WindowsClient, ReportsFiledOfflineOrWhoseAnswerIsLostArriveExactlyOnce) {
  auto transport = make_http_transport({relay.url(), std::chrono::milliseconds(5000)});
  ApiClient api(*transport, employee);
  auto cache = ClientStore::open(dir.file("José Núñez/cache.db"));
  ASSERT_TRUE(cache);
  SyncEngine engine(*cache, api);

  relay.set_mode(TcpRelay::Mode::Refuse);
  for (int i = 1; i <= 3; ++i) {
    auto filed = file_report(engine, *cache, report("Sin red, reporte " + std::to_string(i)));
    EXPECT_EQ(filed.outcome, FiledReport::Outcome::Queued);
  }
  auto offline = engine.sync_now();
  EXPECT_FALSE(offline.reached_server);
  EXPECT_EQ(offline.pending_left, 3);

  // The requests reach the server, every answer is lost: the server made the tickets, the
  // client does not know it and keeps the reports.
  relay.set_mode(TcpRelay::Mode::DropAnswers);
  auto lost = engine.send_outbox();
  EXPECT_EQ(lost.pending_left, 3);
  EXPECT_GE(relay.answers_dropped(), 1);

  relay.set_mode(TcpRelay::Mode::Pass);
  auto back = engine.sync_now();
  EXPECT_TRUE(back.reached_server);
  EXPECT_TRUE(back.everything_sent());
  EXPECT_TRUE(engine.sync_now().everything_sent());
  for (int i = 1; i <= 3; ++i) EXPECT_EQ(tickets_on_server("Sin red, reporte " + std::to_string(i)), 1) << i;

  // The cache, read offline, has the three tickets with their TKs.
  relay.set_mode(TcpRelay::Mode::Refuse);
  int cached = 0;
  for (const auto& t : cache->tickets())
    if (t.summary.rfind("Sin red, reporte ", 0) == 0 && t.tk.rfind("TK-", 0) == 0) ++cached;
  EXPECT_EQ(cached, 3);
}

TEST_F(WindowsClient, TkctlExeQueuesOfflineAndSendsOnce) {
  std::string data_dir = dir.file("Datos de José Núñez");
  std::map<std::string, std::string> offline{
      {"TK_SERVER", relay.url()}, {"TK_TOKEN", employee}, {"TK_DATA_DIR", data_dir}};
  relay.set_mode(TcpRelay::Mode::Refuse);
  auto queued = tkctl({"report", "--type", "incident", "--category", "printer", "--summary",
                       "Impresora del piso 3 sin tóner", "--description", "Hojas en blanco"},
                      offline);
  EXPECT_EQ(queued.exit_code, 0u) << queued.out;
  ASSERT_EQ(queued.out.rfind("queued L-", 0), 0u) << queued.out;
  EXPECT_EQ(tkctl({"sync"}, offline).exit_code, 3u) << "the server is out of reach";

  relay.set_mode(TcpRelay::Mode::Pass);
  auto synced = tkctl({"sync"}, offline);
  EXPECT_EQ(synced.exit_code, 0u) << synced.out;
  EXPECT_EQ(tickets_on_server("Impresora del piso 3 sin tóner"), 1);

  relay.set_mode(TcpRelay::Mode::Refuse);
  auto mine = tkctl({"mine"}, offline);
  EXPECT_EQ(mine.exit_code, 0u) << mine.out;
  EXPECT_NE(mine.out.find("TK-"), std::string::npos) << mine.out;
  EXPECT_NE(mine.out.find("Impresora del piso 3 sin tóner"), std::string::npos) << mine.out;
  EXPECT_TRUE(std::filesystem::exists(utf8_path(data_dir + "/cache.db")));
}

// https through WinHTTP and the Windows certificate store: a server whose certificate
// comes from an authority the machine trusts (added to the machine's Root store, as an
// organisation's CA is by group policy) answers; one nobody trusts is refused as "tls".
TEST_F(WindowsClient, HttpsTrustsTheWindowsCertificateStoreOnly) {
  const char* tls_port = std::getenv("TK_TEST_TLS_PORT");
  if (!tls_port) GTEST_SKIP() << "with_server.sh found no stunnel: no https server to talk to";
  std::ifstream pem_file(utf8_path(test_env("TK_TEST_TLS_CA")));
  std::string pem((std::istreambuf_iterator<char>(pem_file)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(pem.empty()) << "the test authority's certificate could not be read";
  DWORD der_size = 0;
  ASSERT_TRUE(CryptStringToBinaryA(pem.c_str(), 0, CRYPT_STRING_BASE64HEADER, nullptr, &der_size, nullptr, nullptr));
  std::vector<BYTE> der(der_size);
  ASSERT_TRUE(CryptStringToBinaryA(pem.c_str(), 0, CRYPT_STRING_BASE64HEADER, der.data(), &der_size, nullptr, nullptr));
  HCERTSTORE root = CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, CERT_SYSTEM_STORE_LOCAL_MACHINE, L"ROOT");
  ASSERT_TRUE(root) << "the machine's Root store could not be opened";
  PCCERT_CONTEXT added = nullptr;
  ASSERT_TRUE(CertAddEncodedCertificateToStore(root, X509_ASN_ENCODING, der.data(), der_size,
                                               CERT_STORE_ADD_REPLACE_EXISTING, &added));
  // Written through to the registry now: the chain engine reads the store afresh.
  ASSERT_TRUE(CertControlStore(root, 0, CERT_STORE_CTRL_COMMIT, nullptr));

  auto trusted = make_http_transport({"https://localhost:" + std::string(tls_port)});
  auto health = trusted->send({"GET", "/api/v1/health", {}, ""});
  EXPECT_TRUE(health.ok()) << (health ? "" : health.error().message);
  if (health) {
    EXPECT_EQ(health->status, 200);
  }
  ApiClient api(*trusted, employee);
  auto created = api.create(report("Creado por https"), random_uuid());
  EXPECT_TRUE(created.ok()) << (created ? "" : created.error().message);

  auto untrusted = make_http_transport({"https://localhost:" + test_env("TK_TEST_TLS_UNTRUSTED_PORT")});
  auto refused = untrusted->send({"GET", "/api/v1/health", {}, ""});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "tls") << refused.error().message;

  // The prefix is left as it was: the authority goes again.
  CertDeleteCertificateFromStore(added);
  CertControlStore(root, 0, CERT_STORE_CTRL_COMMIT, nullptr);
  CertCloseStore(root, 0);
}

}  // namespace
}  // namespace tk::test
