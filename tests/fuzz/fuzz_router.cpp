// The API as the listener hands it requests: any method, path, query, headers and body,
// with no token, an employee's or an agent's, against the real service on a real SQLite
// file (in /dev/shm when there is one: the store syncs every write). Input: one byte that
// picks the token, then "METHOD TARGET", header lines, an empty line and the body.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "http/ticket_api.h"
#include "services.h"
#include "storage/storage.h"
#include "tk/logging.h"
#include "tk/time.h"

namespace {

struct World {
  std::string dir;
  std::unique_ptr<tk::server::Storage> store;
  std::unique_ptr<tk::server::Services> service;
  std::unique_ptr<tk::server::TicketApi> api;
  std::string employee, agent;

  World() {
    tk::log::setup({"tk-fuzz-router", "", tk::log::Severity::Error, true});
    char pattern[] = "/dev/shm/tk-fuzz-XXXXXX";
    char fallback[] = "/tmp/tk-fuzz-XXXXXX";
    const char* made = mkdtemp(pattern);
    if (!made) made = mkdtemp(fallback);
    dir = made ? made : ".";
    store = std::make_unique<tk::server::Storage>(dir + "/tk.db");
    service = std::make_unique<tk::server::Services>(*store, tk::server::ServiceOptions{}, tk::now_seconds);
    api = std::make_unique<tk::server::TicketApi>(*service, 10 * 1024 * 1024, "fuzz");
    tk::Identity e;
    e.role = tk::Role::Employee;
    e.employee = "1002";
    e.name = "Ana";
    employee = service->access.create_token(e);
    tk::Identity a;
    a.role = tk::Role::Agent;
    a.name = "Mesa";
    a.login = "mesa1";
    a.group = "mesa";
    agent = service->access.create_token(a);
  }
};

std::string_view next_line(std::string_view& text) {
  auto end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  tk::server::ApiRequest request;
  std::string_view first = next_line(text);
  auto space = first.find(' ');
  request.method = std::string(first.substr(0, space));
  std::string_view target = space == std::string_view::npos ? std::string_view("/") : first.substr(space + 1);
  auto question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) {
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
      auto amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      auto eq = pair.find('=');
      request.query[std::string(pair.substr(0, eq))] =
          eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  for (std::string_view line = next_line(text); !line.empty(); line = next_line(text)) {
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    request.headers[name] = std::string(value);
  }
  if (data[0] & 1) request.headers["authorization"] = "Bearer " + world.employee;
  if (data[0] & 2) request.headers["authorization"] = "Bearer " + world.agent;
  request.body = std::string(text);
  if (auto refused = world.api->check_before_body(request)) return 0;
  auto response = world.api->handle(request);
  // Every answer is a status the API knows and a body it wrote whole.
  if (response.status < 200 || response.status > 599) __builtin_trap();
  (void)tk::server::TicketApi::in_language(response, request.header("accept-language"));
  return 0;
}
