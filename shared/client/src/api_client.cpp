#include "tk/api_client.h"
#include "tk/client_store.h"

#include "tk/json_mapping.h"

#include <cctype>

#include "tk/text.h"
#include "tk/time.h"

namespace tk {
namespace {

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
    }
  }
  return out;
}

ErrorKind kind_for_status(int status) {
  switch (status) {
    case 400: return ErrorKind::BadRequest;
    case 401: return ErrorKind::Unauthorized;
    case 403: return ErrorKind::Forbidden;
    case 404: return ErrorKind::NotFound;
    case 409: return ErrorKind::Conflict;
    case 413: return ErrorKind::PayloadTooLarge;
    case 415: return ErrorKind::UnsupportedMediaType;
    case 422: return ErrorKind::Invalid;
    case 429: return ErrorKind::TooManyRequests;
    case 503: return ErrorKind::Unavailable;
    default: return ErrorKind::Internal;
  }
}

}  // namespace

ApiClient::ApiClient(HttpTransport& transport, std::string token, std::string accept_language)
    : transport_(transport), token_(std::move(token)), accept_language_(std::move(accept_language)) {}

Result<HttpResponse> ApiClient::exchange(HttpRequest request) {
  if (!token_.empty()) request.headers["Authorization"] = "Bearer " + token_;
  request.headers["Accept"] = "application/json";
  if (!accept_language_.empty()) request.headers["Accept-Language"] = accept_language_;
  if (!request.body.empty()) request.headers["Content-Type"] = "application/json; charset=utf-8";
  return transport_.send(request);
}

namespace {

// The answer's JSON when its status is the one expected (201 also accepts 200), else the
// error it carries.
Result<Json> json_answer(const Result<HttpResponse>& response, int expected_status, int* status_out = nullptr) {
  if (!response) return response.error();
  if (status_out) *status_out = response->status;
  Json body = Json::parse(response->body, nullptr, false);
  bool success = response->status == expected_status || (expected_status == 201 && response->status == 200);
  if (!success) {
    // An answer without the API's error body did not come from the API (a proxy, a
    // captive portal, a server shutting down): worth retrying, never a verdict on the report.
    bool from_api =
        body.is_object() && body.contains("error") && body["error"].is_object() && body["error"].contains("code");
    if (!from_api && response->status == 413)
      return make_error(ErrorKind::PayloadTooLarge, "too_large",
                        N_("The request is too large for the server or a proxy on the way."));
    if (!from_api)
      return make_error(ErrorKind::Unavailable, "http_" + std::to_string(response->status),
                        {"Respuesta inesperada del servidor (" + std::to_string(response->status) + ").",
                         "Unexpected answer from the server (" + std::to_string(response->status) + ")."});
    return error_from_json(body, kind_for_status(response->status));
  }
  // Every answer of the API is a JSON object; anything else (found by tk-fuzz-client: a
  // bare number made the readers below throw) is not an answer to read.
  if (body.is_discarded() || !body.is_object())
    return make_error(ErrorKind::Internal, "bad_answer", N_("The server's answer is not valid JSON."));
  return body;
}

// A field of an answer read as what it should be, or the fallback when it is missing or of
// another type: Json::value() throws on a type it did not expect (found by tk-fuzz-client:
// "more": 33332 in a knowledge-base page ended the program).
std::string text_or(const Json& j, const char* key, std::string fallback = {}) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

bool flag_or(const Json& j, const char* key, bool fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

}  // namespace

Result<Enrolment> ApiClient::enrol(const std::string& code, const std::string& device) {
  return enrolment(Json{{"code", code}, {"device", device}}.dump());
}

Result<Enrolment> ApiClient::enrol_with_account(const std::string& user, const std::string& password,
                                                const std::string& device) {
  return enrolment(Json{{"user", user}, {"password", password}, {"device", device}}.dump());
}

Result<Enrolment> ApiClient::enrolment(std::string body) {
  auto json = json_answer(exchange({"POST", "/api/v1/enrol", {}, std::move(body)}), 201);
  if (!json) return json.error();
  Enrolment out;
  out.token = text_or(*json, "token");
  out.identity.role = parse_role(text_or(*json, "role")).value_or(Role::Employee);
  out.identity.employee = text_or(*json, "employee");
  out.identity.name = text_or(*json, "name");
  if (out.token.empty()) return make_error(ErrorKind::Internal, "bad_answer", N_("The server's answer has no token."));
  return out;
}

Result<ServerHealth> ApiClient::health() {
  auto json = json_answer(exchange({"GET", "/api/v1/health", {}, {}}), 200);
  if (!json) return json.error();
  return ServerHealth{text_or(*json, "status"), text_or(*json, "version"), text_or(*json, "time")};
}

Result<Identity> ApiClient::me() {
  auto json = json_answer(exchange({"GET", "/api/v1/me", {}, {}}), 200);
  if (!json) return json.error();
  Identity id;
  id.role = parse_role(text_or(*json, "role")).value_or(Role::Employee);
  id.name = text_or(*json, "name");
  id.employee = text_or(*json, "employee");
  id.login = text_or(*json, "login");
  id.group = text_or(*json, "group");
  return id;
}

Result<Catalog> ApiClient::catalog() {
  auto json = json_answer(exchange({"GET", "/api/v1/catalog", {}, {}}), 200);
  if (!json) return json.error();
  return catalog_from_json(*json);
}

Result<CreateOutcome> ApiClient::create(const NewTicket& ticket, const std::string& idempotency_key) {
  HttpRequest request{"POST", "/api/v1/tickets", {}, to_json(ticket).dump()};
  if (!idempotency_key.empty()) request.headers["Idempotency-Key"] = idempotency_key;
  int status = 0;
  auto json = json_answer(exchange(std::move(request)), 201, &status);
  if (!json) return json.error();
  auto parsed = ticket_from_json(*json);
  if (!parsed) return parsed.error();
  return CreateOutcome{std::move(*parsed), status == 200};
}

Result<Ticket> ApiClient::get(const std::string& tk, const std::string& employee) {
  std::string target = "/api/v1/tickets/" + url_encode(tk);
  if (!employee.empty()) target += "?employee=" + url_encode(employee);
  auto json = json_answer(exchange({"GET", target, {}, {}}), 200);
  if (!json) return json.error();
  return ticket_from_json(*json);
}

Result<TicketPage> ApiClient::list(const ListQuery& q) {
  std::string target = "/api/v1/tickets?";
  if (q.mine) target += "mine=1&";
  if (!q.since.empty()) target += "since=" + url_encode(q.since) + "&";
  if (!q.status.empty()) target += "status=" + url_encode(q.status) + "&";
  if (q.breached_only) target += "breached=1&";
  if (q.open_only) target += "open=1&";
  for (const auto& [name, value] :
       {std::pair{"type", &q.type}, std::pair{"level", &q.level}, std::pair{"group", &q.group},
        std::pair{"assignee", &q.assignee}, std::pair{"queue", &q.queue}, std::pair{"q", &q.text}})
    if (!value->empty()) target += std::string(name) + "=" + url_encode(*value) + "&";
  if (q.limit > 0) target += "limit=" + std::to_string(q.limit) + "&";
  target.pop_back();
  auto json = json_answer(exchange({"GET", target, {}, {}}), 200);
  if (!json) return json.error();
  TicketPage page;
  if (auto list = json->find("tickets"); list != json->end() && list->is_array())
    for (const auto& t : *list) {
      auto parsed = ticket_from_json(t);
      if (!parsed) return parsed.error();
      page.tickets.push_back(std::move(*parsed));
    }
  page.cursor = text_or(*json, "cursor");
  page.more = flag_or(*json, "more", false);
  return page;
}

Result<Ticket> ApiClient::post_event(const std::string& tk, const EventRequest& event,
                                     const std::string& idempotency_key, const std::string& employee) {
  std::string target = "/api/v1/tickets/" + url_encode(tk) + "/events";
  if (!employee.empty()) target += "?employee=" + url_encode(employee);
  HttpRequest request{"POST", target, {}, to_json(event).dump()};
  if (!idempotency_key.empty()) request.headers["Idempotency-Key"] = idempotency_key;
  auto json = json_answer(exchange(std::move(request)), 200);
  if (!json) return json.error();
  return ticket_from_json(*json);
}

Result<std::string> ApiClient::quality_report(const std::string& from, const std::string& to) {
  std::string target = "/api/v1/reports/quality?";
  if (!from.empty()) target += "from=" + url_encode(from) + "&";
  if (!to.empty()) target += "to=" + url_encode(to) + "&";
  target.pop_back();
  auto json = json_answer(exchange({"GET", target, {}, {}}), 200);
  if (!json) return json.error();
  if (!json->is_object())
    return make_error(ErrorKind::Internal, "bad_answer", N_("The server's answer is not a report."));
  return json->dump();
}

Result<KbPage> ApiClient::kb_delta(const std::string& since, int limit) {
  auto json = json_answer(
      exchange({"GET", "/api/v1/kb?since=" + url_encode(since) + "&limit=" + std::to_string(limit), {}, {}}), 200);
  if (!json) return json.error();
  KbPage page;
  if (auto list = json->find("articles"); list != json->end() && list->is_array())
    for (const auto& a : *list) {
      if (!a.is_object() || !a.contains("id") || !a["id"].is_number_integer()) continue;
      KbArticleCopy copy;
      copy.id = a["id"].get<std::int64_t>();
      copy.title = text_or(a, "title");
      copy.symptoms = text_or(a, "symptoms");
      copy.steps = text_or(a, "steps");
      copy.category = text_or(a, "category");
      copy.keywords = text_or(a, "keywords");
      copy.updated_at = parse_rfc3339(text_or(a, "updated_at")).value_or(0);
      page.articles.push_back(std::move(copy));
    }
  if (auto removed = json->find("removed"); removed != json->end() && removed->is_array())
    for (const auto& id : *removed)
      if (id.is_number_integer()) page.removed.push_back(id.get<std::int64_t>());
  page.cursor = text_or(*json, "cursor");
  page.more = flag_or(*json, "more", false);
  return page;
}

Result<bool> ApiClient::kb_feedback(std::int64_t article_id, bool helpful, const std::string& idempotency_key) {
  HttpRequest request{
      "POST", "/api/v1/kb/" + std::to_string(article_id) + "/feedback", {}, Json{{"helpful", helpful}}.dump()};
  request.headers["Idempotency-Key"] = idempotency_key;
  auto json = json_answer(exchange(std::move(request)), 200);
  if (!json) return json.error();
  return flag_or(*json, "recorded", false);
}

Result<std::string> ApiClient::kb_search(const std::string& text, int limit) {
  return knowledge_base("GET", "/kb?q=" + url_encode(text) + "&limit=" + std::to_string(limit), "", 200);
}

Result<std::string> ApiClient::knowledge_base(const std::string& method, const std::string& target,
                                              const std::string& body, int expected_status) {
  HttpRequest request{method, "/api/v1" + target, {}, body};
  auto json = json_answer(exchange(std::move(request)), expected_status);
  if (!json) return json.error();
  return json->dump();
}

Result<HttpResponse> ApiClient::attachment(const std::string& tk, std::int64_t id) {
  auto response = exchange({"GET", "/api/v1/tickets/" + url_encode(tk) + "/attachments/" + std::to_string(id), {}, {}});
  if (!response) return response.error();
  if (response->status != 200) {
    Json body = Json::parse(response->body, nullptr, false);
    return error_from_json(body.is_discarded() ? Json::object() : body, kind_for_status(response->status));
  }
  return response;
}

}  // namespace tk
