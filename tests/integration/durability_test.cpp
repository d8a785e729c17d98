// What the server promises about its data: it survives a restart, and a SIGTERM under
// load loses no ticket whose creation was acknowledged.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "server_process.h"
#include "tk/api_client.h"
#include "tk/text.h"

namespace tk::test {
namespace {

NewTicket report(int n) {
  NewTicket t;
  t.type = TicketType::ServiceRequest;
  t.category = "software";
  t.summary = "Instalar programa " + std::to_string(n);
  t.description = "Solicito la instalación del programa de firma electrónica.";
  return t;
}

}  // namespace

TEST(Durability, DataSurvivesARestart) {
  TempDir dir;
  std::string tk;
  std::string employee, agent;
  {
    ServerProcess server(dir.file("tk.db"));
    employee = server.create_token("employee", "1002", "Ana");
    agent = server.create_token("agent", "", "Mesa");
    server.start();
    auto transport = server.transport();
    auto created = ApiClient(*transport, employee).create(report(1), "restart-key");
    ASSERT_TRUE(created.ok());
    tk = created->ticket.tk;
    ASSERT_TRUE(ApiClient(*transport, agent).post_event(tk, EventRequest{Action::Take, "visto", "", ""}).ok());
    EXPECT_EQ(server.terminate(), 0);
  }
  ServerProcess server(dir.file("tk.db"));
  server.start();
  auto transport = server.transport();
  auto again = ApiClient(*transport, agent).get(tk);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->status, Status::InProgress);
  EXPECT_EQ(again->history.size(), 2u);
  // The idempotency key is remembered across the restart, and numbering goes on.
  auto replay = ApiClient(*transport, employee).create(report(1), "restart-key");
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(replay->ticket.tk, tk);
  auto next = ApiClient(*transport, employee).create(report(2), "restart-key-2");
  ASSERT_TRUE(next.ok());
  EXPECT_GT(next->ticket.tk, tk);
}

TEST(Durability, SigtermUnderLoadLosesNoAcknowledgedTicket) {
  TempDir dir;
  ServerProcess server(dir.file("tk.db"));
  auto employee = server.create_token("employee", "1002", "Ana");
  auto agent = server.create_token("agent", "", "Mesa");
  server.start();

  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::atomic<int> refused_or_unreachable{0};
  std::atomic<bool> keep_going{true};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c)
    clients.emplace_back([&, c] {
      auto transport = server.transport();
      ApiClient api(*transport, employee);
      for (int i = 0; keep_going; ++i) {
        auto created = api.create(report(i), "load-" + std::to_string(c) + "-" + std::to_string(i));
        if (created.ok()) {
          std::lock_guard<std::mutex> lock(mutex);
          acknowledged.insert(created->ticket.tk);
        } else {
          ++refused_or_unreachable;
          if (created.error().kind == ErrorKind::Offline) return;
        }
      }
    });
  // Let the load build up, then stop the server in the middle of it.
  for (int waited = 0; waited < 3000; ++waited) {  // a guard against a dead server, not a timing check
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (acknowledged.size() >= 200) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::size_t acknowledged_at_signal = 0;
  {
    std::lock_guard<std::mutex> lock(mutex);
    acknowledged_at_signal = acknowledged.size();
  }
  EXPECT_EQ(server.terminate(), 0);
  keep_going = false;
  for (auto& t : clients) t.join();
  ASSERT_GE(acknowledged_at_signal, 200u) << "the load never built up, so the stop proved nothing";

  ServerProcess restarted(dir.file("tk.db"));
  restarted.start();
  auto transport = restarted.transport();
  ApiClient api(*transport, agent);
  std::set<std::string> stored;
  ListQuery query;
  for (;;) {
    auto page = api.list(query);
    ASSERT_TRUE(page.ok());
    for (const auto& t : page->tickets) stored.insert(t.tk);
    if (!page->more) break;
    query.since = page->cursor;
  }
  for (const auto& tk : acknowledged) EXPECT_TRUE(stored.count(tk)) << tk << " was acknowledged but is gone";
  EXPECT_GE(stored.size(), acknowledged.size());
}

}  // namespace tk::test
