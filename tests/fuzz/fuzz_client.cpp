// The client's side: whatever comes back from a server (or a proxy, or an attacker in the
// middle) is read by every ApiClient call without crashing. Input: one byte that picks the
// status, one that picks the call, then the body.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tk/api_client.h"
#include "tk/client_store.h"
#include "tk/http.h"

namespace {

class ReplayTransport final : public tk::HttpTransport {
 public:
  tk::HttpResponse answer;
  tk::Result<tk::HttpResponse> send(const tk::HttpRequest&) override { return answer; }
};

constexpr int kStatuses[] = {200, 201, 204, 301, 400, 401, 403, 404, 409, 413, 422, 429, 500, 502, 503};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  ReplayTransport transport;
  transport.answer.status = kStatuses[data[0] % (sizeof(kStatuses) / sizeof(kStatuses[0]))];
  transport.answer.headers["content-type"] = data[0] & 0x80 ? "text/html" : "application/json; charset=utf-8";
  transport.answer.body.assign(reinterpret_cast<const char*>(data) + 2, size - 2);
  tk::ApiClient client(transport, "tk_fuzz");
  switch (data[1] % 10) {
    case 0: (void)client.health(); break;
    case 1: (void)client.me(); break;
    case 2: (void)client.catalog(); break;
    case 3: {
      tk::NewTicket t;
      t.type = tk::TicketType::Incident;
      t.category = "printer";
      t.summary = "x";
      t.description = "y";
      (void)client.create(t, "key");
      break;
    }
    case 4: (void)client.get("TK-2026-000001"); break;
    case 5: (void)client.list(tk::ListQuery{}); break;
    case 6: (void)client.post_event("TK-2026-000001", tk::EventRequest(tk::Action::Comment, "n"), "key"); break;
    case 7: (void)client.kb_delta("0", 100); break;
    case 8: (void)client.kb_feedback(1, true, "key"); break;
    case 9: (void)client.quality_report("", ""); break;
  }
  return 0;
}
