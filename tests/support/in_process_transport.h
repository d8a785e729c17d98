// An HttpTransport that hands requests straight to the real TicketApi in this process (no
// sockets), with switches to play the network's tricks: unreachable, or an answer lost
// after the server already acted on the request.
#pragma once

#include <atomic>
#include <cctype>
#include <string>

#include "http/ticket_api.h"
#include "tk/http.h"

namespace tk::test {

class InProcessTransport final : public HttpTransport {
 public:
  explicit InProcessTransport(server::TicketApi& api) : api_(api) {}

  std::atomic<bool> offline{false};
  // The next N requests reach the server, but their answers never come back.
  std::atomic<int> lose_next_answers{0};
  std::atomic<int> requests_seen{0};
  // Requests whose body contains this text get a proxy's HTML error page instead of an answer.
  std::string proxy_error_when_body_has;

  Result<HttpResponse> send(const HttpRequest& request) override {
    if (offline) return make_error(ErrorKind::Offline, "offline", {"sin red (prueba)", "no network (test)"});
    ++requests_seen;
    if (!proxy_error_when_body_has.empty() && request.body.find(proxy_error_when_body_has) != std::string::npos) {
      HttpResponse page;
      page.status = 502;
      page.headers["content-type"] = "text/html";
      page.body = "<html><body>Bad Gateway</body></html>";
      return page;
    }
    server::ApiRequest in;
    in.method = request.method;
    auto question = request.target.find('?');
    in.path = request.target.substr(0, question);
    if (question != std::string::npos) {
      std::string query = request.target.substr(question + 1);
      std::size_t start = 0;
      while (start <= query.size()) {
        auto amp = query.find('&', start);
        if (amp == std::string::npos) amp = query.size();
        auto pair = query.substr(start, amp - start);
        auto eq = pair.find('=');
        if (!pair.empty()) in.query[pair.substr(0, eq)] = eq == std::string::npos ? "" : pair.substr(eq + 1);
        start = amp + 1;
      }
    }
    for (const auto& [name, value] : request.headers) in.headers[lower(name)] = value;
    in.body = request.body;
    auto out = api_.handle(in);
    if (lose_next_answers > 0) {
      --lose_next_answers;
      return make_error(ErrorKind::Timeout, "timeout", {"respuesta perdida (prueba)", "answer lost (test)"});
    }
    HttpResponse response;
    response.status = out.status;
    response.body = out.body;
    response.headers["content-type"] = out.content_type;
    for (const auto& [name, value] : out.headers) response.headers[lower(name)] = value;
    return response;
  }

 private:
  static std::string lower(const std::string& name) {
    std::string out;
    for (char c : name) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return out;
  }
  server::TicketApi& api_;
};

}  // namespace tk::test
