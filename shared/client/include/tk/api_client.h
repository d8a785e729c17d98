// The REST API (docs/design.md section 4) as typed calls. Failures come back as Error values:
// Offline/Timeout when the server was not reached, otherwise the server's own error.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tk/catalog.h"
#include "tk/domain.h"
#include "tk/error.h"
#include "tk/http.h"
#include "tk/validation.h"
#include "tk/workflow.h"

namespace tk {

struct KbPage;  // tk/client_store.h

struct TicketPage {
  std::vector<Ticket> tickets;
  std::string cursor;
  bool more = false;
};

// GET /tickets' filters (docs/design.md section 9); empty ones are not sent.
struct ListQuery {
  bool mine = false;
  std::string since;
  std::string status;  // agent queue filter
  bool breached_only = false;
  int limit = 0;  // 0: server default
  bool open_only = false;
  std::string type;
  std::string level;
  std::string group;     // an id, "mine" or "none"
  std::string assignee;  // a login, "me" or "none"
  std::string queue;     // "me": mine and my group's
  std::string text;
};

// What GET /health says.
struct ServerHealth {
  std::string status;
  std::string version;
  std::string time;
};

struct CreateOutcome {
  Ticket ticket;
  bool replayed = false;  // the server had this idempotency key already (200, not 201)
};

// What POST /enrol gives a computer for its one-time code.
struct Enrolment {
  std::string token;
  Identity identity;
};

class ApiClient {
 public:
  ApiClient(HttpTransport& transport, std::string token, std::string accept_language = "es-MX");

  Result<ServerHealth> health();
  // Trades a one-time enrolment code for an employee token (no token needed); `device` is
  // this computer's name, kept in the token's name for the administrators' list.
  Result<Enrolment> enrol(const std::string& code, const std::string& device);
  // The same with the employee's directory account (LDAP / Active Directory), checked by
  // the server; the password goes to the server only.
  Result<Enrolment> enrol_with_account(const std::string& user, const std::string& password, const std::string& device);
  // The token's identity: {"role", "employee", "name"}.
  Result<Identity> me();
  Result<Catalog> catalog();
  Result<CreateOutcome> create(const NewTicket&, const std::string& idempotency_key);
  // `employee` is sent as ?employee= (the kiosk look-up).
  Result<Ticket> get(const std::string& tk, const std::string& employee = {});
  Result<TicketPage> list(const ListQuery&);
  // With a key, sending the same event again (after a lost answer) makes it happen once.
  // `employee`: a kiosk's ?employee= (the survey after its look-up).
  Result<Ticket> post_event(const std::string& tk, const EventRequest&, const std::string& idempotency_key = {},
                            const std::string& employee = {});
  Result<HttpResponse> attachment(const std::string& tk, std::int64_t id);
  // GET /reports/quality for the local days from..to (empty: the server's default, this
  // month so far): the report's JSON text, checked to be a JSON object.
  Result<std::string> quality_report(const std::string& from, const std::string& to);
  // The knowledge base's paths (/kb...): `method` on `target` (below /api/v1) with a JSON
  // body or none; the answer's JSON text when its status is `expected_status`.
  // GET /kb?since=: published articles changed after `since`, and the ids withdrawn.
  Result<KbPage> kb_delta(const std::string& since, int limit);
  // POST /kb/{id}/feedback under `idempotency_key`.
  Result<bool> kb_feedback(std::int64_t article_id, bool helpful, const std::string& idempotency_key);
  // GET /kb?q=: the articles that answer `text`, best first, as JSON text.
  Result<std::string> kb_search(const std::string& text, int limit);
  Result<std::string> knowledge_base(const std::string& method, const std::string& target, const std::string& body,
                                     int expected_status);

 private:
  // Sends `request` with the token and language. The answers' JSON is read in
  // api_client.cpp only, so that the windows including this header never compile nlohmann's.
  Result<HttpResponse> exchange(HttpRequest request);
  Result<Enrolment> enrolment(std::string body);  // POST /enrol with a code or an account
  HttpTransport& transport_;
  std::string token_;
  std::string accept_language_;
};

}  // namespace tk
