// https end to end: the client's transport loads its TLS module and talks to the real
// tk-server through stunnel, a real TLS-terminating proxy as an institution would put in
// front of it, and refuses certificates from an unknown authority or for another name.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "server_process.h"
#include "tk/api_client.h"

namespace tk::test {
namespace {

TempDir* certificates = nullptr;

std::string certificate_path(const std::string& name) { return certificates->path() + "/" + name + ".pem"; }

void make_certificate(const std::string& name, const std::string& subject_alt_names) {
  auto made =
      run_program({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                   "-days", "2", "-subj", "/CN=" + name, "-addext", "subjectAltName=" + subject_alt_names, "-keyout",
                   certificates->path() + "/" + name + ".key", "-out", certificate_path(name)});
  ASSERT_EQ(made.exit_code, 0) << made.err;
}

bool accepts_connections(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

// stunnel accepting TLS on a port of its own and passing the bytes to the server.
class TlsProxy {
 public:
  TlsProxy(const std::string& certificate, int backend_port) : port_(free_port()) {
    std::string config = dir_.path() + "/stunnel.conf";
    std::ofstream(config) << "foreground = yes\npid =\n[tk]\naccept = 127.0.0.1:" << port_
                          << "\nconnect = 127.0.0.1:" << backend_port << "\ncert = " << certificate_path(certificate)
                          << "\nkey = " << certificates->path() + "/" + certificate + ".key\n";
    pid_ = start_program({"stunnel", config}, {}, dir_.path() + "/out", dir_.path() + "/err");
    for (int i = 0; i < 500 && !accepts_connections(port_); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~TlsProxy() {
    kill(pid_, SIGTERM);
    wait_program(pid_);
  }
  int port() const { return port_; }

 private:
  TempDir dir_;
  int port_;
  pid_t pid_;
};

class Https : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    certificates = new TempDir;
    make_certificate("trusted", "DNS:localhost,IP:127.0.0.1");
    make_certificate("untrusted", "DNS:localhost,IP:127.0.0.1");
    make_certificate("misnamed", "DNS:elsewhere.example");
    // The client trusts only these two, as with an institution's own authority.
    std::string bundle = certificates->path() + "/trusted-bundle.pem";
    std::ofstream(bundle) << read_file(certificate_path("trusted")) << read_file(certificate_path("misnamed"));
    std::filesystem::create_directories(certificates->path() + "/no-system-store");
    setenv("SSL_CERT_FILE", bundle.c_str(), 1);
    setenv("SSL_CERT_DIR", (certificates->path() + "/no-system-store").c_str(), 1);
  }
  static void TearDownTestSuite() {
    delete certificates;
    certificates = nullptr;
  }

  int server_port() const { return std::stoi(server.url().substr(server.url().rfind(':') + 1)); }

  // The server behind a proxy presenting `certificate`: the client must not get through.
  void expect_refused_certificate(const std::string& certificate) {
    server.start();
    TlsProxy proxy(certificate, server_port());
    auto transport =
        make_http_transport({"https://127.0.0.1:" + std::to_string(proxy.port()), std::chrono::seconds(10)});
    auto answer = ApiClient(*transport, "tk_x").health();
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.error().kind, ErrorKind::Offline);
    EXPECT_EQ(answer.error().code, "tls") << answer.error().message;
    EXPECT_NE(answer.error().message.find("certificate verify failed"), std::string::npos) << answer.error().message;
  }

  ServerProcess server;
};

TEST_F(Https, ReportsAndReadsThroughATrustedCertificate) {
  auto token = server.create_token("employee", "1002", "Ana López");
  server.start();
  TlsProxy proxy("trusted", server_port());
  for (std::string host : {"127.0.0.1", "localhost"}) {
    auto transport =
        make_http_transport({"https://" + host + ":" + std::to_string(proxy.port()), std::chrono::seconds(10)});
    ApiClient api(*transport, token);
    NewTicket report;
    report.type = TicketType::Incident;
    report.category = "printer";
    report.summary = "La impresora no imprime (" + host + ")";
    report.description = "Sale la hoja en blanco.";
    auto created = api.create(report, "https-" + host);
    ASSERT_TRUE(created.ok()) << host << ": " << created.error().code << " " << created.error().message;
    // Several requests over the kept-alive TLS connection.
    for (int i = 0; i < 3; ++i) {
      auto read_back = api.get(created->ticket.tk);
      ASSERT_TRUE(read_back.ok()) << read_back.error().message;
      EXPECT_EQ(read_back->summary, report.summary);
    }
  }
}

TEST_F(Https, AServerThatNeverAnswersIsATimeoutToo) {
  SilentListener silent;  // behind stunnel
  TlsProxy proxy("trusted", silent.port());
  auto transport =
      make_http_transport({"https://127.0.0.1:" + std::to_string(proxy.port()), std::chrono::milliseconds(500)});
  auto answer = ApiClient(*transport, "tk_x").health();
  ASSERT_FALSE(answer.ok());
  // Classified inside the module: its error categories are not the program's.
  EXPECT_EQ(answer.error().kind, ErrorKind::Timeout) << answer.error().code << " " << answer.error().message;
}

TEST_F(Https, RefusesACertificateFromAnUnknownAuthority) { expect_refused_certificate("untrusted"); }

TEST_F(Https, RefusesACertificateForAnotherName) { expect_refused_certificate("misnamed"); }

}  // namespace
}  // namespace tk::test
