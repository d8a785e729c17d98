// tk-client-bench: the client core's figures against a running tk-server on loopback.
//   tk-client-bench --url http://127.0.0.1:PORT --token EMPLOYEE --agent-token AGENT
//                   [--reports 10000] [--changed 1000] [--tkctl PATH] [--runs 20]
// 1. queues --reports reports in an empty cache while "offline" (nothing is sent), then
//    flushes them to the server and times the flush; checks none lost or duplicated;
// 2. an agent comments on --changed of those tickets; times the delta pull;
// 3. times `tkctl mine` (a whole process, as a user runs it) on that cache --runs times.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tk/api_client.h"
#include "tk/client_store.h"
#include "tk/logging.h"
#include "tk/sync_engine.h"
#include "tk/text.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string arg(int argc, char** argv, const std::string& name, const std::string& fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == "--" + name) return argv[i + 1];
  return fallback;
}

bool loopback(const std::string& url) {
  for (const char* host : {"http://127.0.0.1:", "http://localhost:", "http://[::1]:"})
    if (url.rfind(host, 0) == 0) return true;
  return false;
}

double run_tkctl(const std::string& tkctl, const std::vector<std::string>& env) {
  // posix_spawn, not fork: copying this process's page tables would be timed as tkctl's.
  std::vector<char*> envp;
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  char* args[] = {const_cast<char*>(tkctl.c_str()), const_cast<char*>("mine"), nullptr};
  auto start = Clock::now();
  pid_t pid = 0;
  if (posix_spawn(&pid, tkctl.c_str(), &actions, nullptr, args, envp.data()) != 0) {
    std::cerr << "cannot start " << tkctl << "\n";
    std::exit(1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  double ms = ms_since(start);
  posix_spawn_file_actions_destroy(&actions);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::cerr << "tkctl mine failed\n";
    std::exit(1);
  }
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  std::string url = arg(argc, argv, "url", "");
  std::string token = arg(argc, argv, "token", "");
  std::string agent_token = arg(argc, argv, "agent-token", "");
  int reports = std::atoi(arg(argc, argv, "reports", "10000").c_str());
  int changed = std::atoi(arg(argc, argv, "changed", "1000").c_str());
  int runs = std::atoi(arg(argc, argv, "runs", "20").c_str());
  std::string tkctl = arg(argc, argv, "tkctl", "");
  if (!loopback(url) || token.empty() || agent_token.empty() || reports < 1 || changed > reports) {
    std::cerr << "usage: tk-client-bench --url http://127.0.0.1:PORT --token T --agent-token A [--reports N] "
                 "[--changed N] [--tkctl PATH] [--runs N]\n";
    return 2;
  }
  tk::log::setup({"tk-client-bench", "", tk::log::Severity::Warning, true});
  auto dir = std::filesystem::temp_directory_path() / ("tk-client-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto transport = tk::make_http_transport({url, std::chrono::milliseconds(30000)});
  tk::ApiClient api(*transport, token);
  auto store = tk::ClientStore::open((dir / "cache.db").string());
  store->bind_identity(tk::sha256_hex(url + "\n" + token).substr(0, 32));  // as tkctl does
  tk::SyncEngine engine(*store, api);

  // 1. Offline queue, then flush.
  std::string run_tag = tk::random_uuid().substr(0, 8);
  auto queue_start = Clock::now();
  for (int i = 0; i < reports; ++i) {
    tk::NewTicket t;
    t.type = tk::TicketType::Incident;
    t.category = "software";
    t.summary = "Bench " + run_tag + " " + std::to_string(i);
    t.description = "Reporte guardado sin conexión";
    store->add_to_outbox(t, 0);
  }
  double queue_ms = ms_since(queue_start);
  auto flush_start = Clock::now();
  auto flushed = engine.send_outbox();
  double flush_ms = ms_since(flush_start);
  auto pulled_all = engine.pull();  // first pull sets the cursor

  tk::ApiClient agent(*transport, agent_token);
  std::map<std::string, int> seen;
  tk::ListQuery query;
  std::vector<std::string> mine;
  for (;;) {
    auto page = agent.list(query);
    if (!page) {
      std::cerr << "list failed: " << page.error().message << "\n";
      return 1;
    }
    for (const auto& t : page->tickets)
      if (t.summary.rfind("Bench " + run_tag + " ", 0) == 0) {
        ++seen[t.summary];
        mine.push_back(t.tk);
      }
    if (!page->more) break;
    query.since = page->cursor;
  }
  int duplicated = 0;
  for (const auto& [summary, count] : seen) duplicated += count > 1;
  int lost = reports - static_cast<int>(seen.size());

  // 2. Delta pull of `changed` tickets moved by an agent.
  for (int i = 0; i < changed; ++i)
    if (!agent.post_event(mine[static_cast<std::size_t>(i)], tk::EventRequest{tk::Action::Comment, "Revisando"})) {
      std::cerr << "agent move failed\n";
      return 1;
    }
  // The same pages fetched and parsed again without storing them (the server now answers
  // from its render cache, as a second client would), to split the pull's time between
  // the server, the network and the client's cache.
  std::string cursor_before = store->cursor();
  auto fetch_pages = [&] {
    tk::ListQuery delta_query;
    delta_query.mine = true;
    delta_query.since = cursor_before;
    delta_query.limit = tk::SyncOptions{}.page_size;
    auto fetch_start = Clock::now();
    for (;;) {
      auto page = api.list(delta_query);
      if (!page || !page->more || page->cursor == delta_query.since) break;
      delta_query.since = page->cursor;
    }
    return ms_since(fetch_start);
  };
  auto pull_start = Clock::now();
  auto delta = engine.pull();
  double pull_ms = ms_since(pull_start);
  double fetch_ms = fetch_pages();
  // And the bytes alone: the same first page through the transport, without any parsing.
  double raw_ms = 0;
  std::size_t raw_bytes = 0;
  {
    tk::HttpRequest raw;
    raw.target =
        "/api/v1/tickets?mine=1&since=" + cursor_before + "&limit=" + std::to_string(tk::SyncOptions{}.page_size);
    raw.headers["Authorization"] = "Bearer " + token;
    auto raw_start = Clock::now();
    auto answer = transport->send(raw);
    raw_ms = ms_since(raw_start);
    if (answer) raw_bytes = answer->body.size();
  }

  std::printf("reports queued offline: %d in %.0f ms (each one fsync'd)\n", reports, queue_ms);
  std::printf("flush to server: %d sent in %.0f ms = %.0f reports/s; lost %d, duplicated %d, left %d\n", flushed.sent,
              flush_ms, flushed.sent * 1000.0 / flush_ms, lost, duplicated, flushed.pending_left);
  std::printf("first pull of the cache: %d tickets\n", pulled_all.pulled);
  std::printf(
      "delta pull: %d changed tickets in %.1f ms (the same pages fetched and parsed again: %.1f ms; "
      "the first page's %zu bytes alone: %.1f ms)\n",
      delta.pulled, pull_ms, fetch_ms, raw_bytes, raw_ms);

  // 3. tkctl mine on this cache.
  if (!tkctl.empty()) {
    std::vector<std::string> env{"TK_SERVER=" + url, "TK_TOKEN=" + token, "TK_DATA_DIR=" + dir.string(),
                                 "HOME=" + dir.string()};
    std::vector<double> times;
    run_tkctl(tkctl, env);  // warm the page cache once
    for (int i = 0; i < runs; ++i) times.push_back(run_tkctl(tkctl, env));
    std::sort(times.begin(), times.end());
    std::printf("tkctl mine on a cache of %zu tickets: median %.1f ms, max %.1f ms over %d runs\n",
                store->tickets().size(), times[times.size() / 2], times.back(), runs);
  }
  std::filesystem::remove_all(dir);
  return lost == 0 && duplicated == 0 && flushed.pending_left == 0 ? 0 : 1;
}
