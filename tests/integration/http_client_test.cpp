// The client's HTTP layer meets the network's failures as typed errors.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server_process.h"
#include "tk/api_client.h"
#include "tk/platform.h"

namespace tk::test {

TEST(HttpClient, NothingListeningIsOffline) {
  auto transport = make_http_transport({"http://127.0.0.1:" + std::to_string(free_port()), std::chrono::seconds(5)});
  ApiClient api(*transport, "tk_x");
  auto r = api.health();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Offline);
}

TEST(HttpClient, AServerThatNeverAnswersIsATimeout) {
  SilentListener silent;
  auto transport =
      make_http_transport({"http://127.0.0.1:" + std::to_string(silent.port()), std::chrono::milliseconds(300)});
  ApiClient api(*transport, "tk_x");
  auto r = api.health();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Timeout);
}

TEST(HttpClient, ABadAddressIsReportedNotThrown) {
  auto transport = make_http_transport({"http://exa mple:80", std::chrono::seconds(1)});
  ApiClient api(*transport, "tk_x");
  auto r = api.health();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Offline);
}

TEST(HttpClient, ALineBreakInATokenNeverReachesTheWire) {
  ServerProcess server;
  server.start();
  auto transport = server.transport();
  auto r = ApiClient(*transport, "tk_x\r\nX-Role: admin").me();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::BadRequest);
  EXPECT_EQ(r.error().code, "bad_header");
}

TEST(HttpClient, RefusalsCarryTheServersErrorAndUnauthorisedIsItsOwnKind) {
  ServerProcess server;
  auto employee = server.create_token("employee", "1002", "Ana");
  server.start();
  auto transport = server.transport();
  auto wrong = ApiClient(*transport, "tk_wrong").catalog();
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, ErrorKind::Unauthorized);
  NewTicket t;
  t.type = TicketType::Incident;
  t.category = "phishing";  // not for incidents
  t.summary = "x";
  t.description = "y";
  auto refused = ApiClient(*transport, employee).create(t, "k");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(refused.error().code, "category_not_for_type");
  EXPECT_EQ(refused.error().field, "category");
  EXPECT_FALSE(refused.error().message.empty());
}

TEST(HttpClient, AKeptAliveConnectionTheServerDroppedIsReplacedUnnoticed) {
  ServerProcess server;
  auto employee = server.create_token("employee", "1002", "Ana");
  server.start();
  auto transport = server.transport();
  ApiClient api(*transport, employee);
  ASSERT_TRUE(api.me().ok());
  // The restart closes the connection the transport keeps for its next request.
  ASSERT_EQ(server.terminate(), 0);
  server.start();
  auto again = api.me();
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->employee, "1002");
}

TEST(MachineInfo, DescribesThisMachine) {
  auto d = platform::machine_info();
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  EXPECT_EQ(d.hostname, host);
  EXPECT_FALSE(d.os.empty());
  EXPECT_FALSE(d.os_version.empty());
  EXPECT_FALSE(d.user.empty());
  for (const auto& ip : d.ip_addresses) EXPECT_NE(ip.rfind("127.", 0), 0u) << "loopback is left out";
}

}  // namespace tk::test
