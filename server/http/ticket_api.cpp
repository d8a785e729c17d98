#include "http/ticket_api.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <vector>

#include "http/dashboard.h"
#include "tk/json_mapping.h"
#include "tk/service_level.h"
#include "tk/text.h"
#include "tk/time.h"

namespace tk::server {
namespace {

constexpr std::string_view kBase = "/api/v1";

ApiResponse json_response(int status, const Json& body) {
  ApiResponse r;
  r.status = status;
  r.body = body.dump();
  return r;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) parts.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

bool is_json_content_type(const std::string& value) {
  std::string v;
  for (char c : value) v.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  auto semicolon = v.find(';');
  std::string media = trim(v.substr(0, semicolon));
  if (media != "application/json") return false;
  if (semicolon == std::string::npos) return true;
  auto charset = v.find("charset=", semicolon);
  return charset == std::string::npos || trim(v.substr(charset + 8)) == "utf-8";
}

// A request's JSON object: JSON by its Content-Type (415), then read within the limits
// that keep a hostile body from costing memory (400).
Result<Json> json_body(const ApiRequest& r) {
  if (!is_json_content_type(r.header("content-type")))
    return make_error(ErrorKind::UnsupportedMediaType, "unsupported_media_type",
                      N_("The body must be JSON (Content-Type: application/json)."));
  return parse_json_object(r.body, kRequestJsonLimits);
}

Error method_not_allowed() {
  return make_error(ErrorKind::BadRequest, "method_not_allowed", N_("Method not allowed on this path."));
}

std::string bearer_token(const ApiRequest& r) {
  std::string value = r.header("authorization");
  if (value.size() > 7 && (value.compare(0, 7, "Bearer ") == 0 || value.compare(0, 7, "bearer ") == 0))
    return trim(value.substr(7));
  return {};
}

}  // namespace

std::string ApiRequest::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string{} : it->second;
}

TicketApi::TicketApi(Services& service, std::size_t max_request_bytes, std::string version)
    : service_(service), max_request_bytes_(max_request_bytes), version_(std::move(version)) {
  catalog_body_ = catalog_to_json(service_.tickets.catalog()).dump();
  catalog_etag_ = "\"" + sha256_hex(catalog_body_).substr(0, 32) + "\"";
}

// 405 with the methods the path takes, as HTTP asks (RFC 9110 15.5.6).
ApiResponse TicketApi::not_allowed(const char* allow) {
  ApiResponse r = error_response(method_not_allowed());
  r.headers["Allow"] = allow;
  return r;
}

ApiResponse TicketApi::error_response(const Error& e) {
  ApiResponse r = json_response(http_status(e.kind), error_to_json(e));
  r.error = e;
  if (e.code == "method_not_allowed") r.status = 405;
  if (e.kind == ErrorKind::Unauthorized) r.headers["WWW-Authenticate"] = "Bearer";
  if (e.kind == ErrorKind::TooManyRequests)
    r.headers["Retry-After"] = e.code == "too_many_attempts" || e.code == "too_many_sign_ins" ? "900" : "60";
  if (e.code == "directory_busy") r.headers["Retry-After"] = "5";
  return r;
}

ApiResponse TicketApi::in_language(ApiResponse r, const std::string& accept_language) {
  if (!r.error) return r;
  Language language = language_from_accept(accept_language);
  r.body = error_to_json(*r.error, language).dump();
  r.headers["Content-Language"] = tk::accept_language(language);
  return r;
}

namespace {
// A limit as people read it; a limit below 1 MiB said "0 MiB".
std::string size_text(std::size_t bytes) {
  if (bytes >= 1024 * 1024) return std::to_string(bytes / (1024 * 1024)) + " MiB";
  if (bytes >= 1024) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

Error too_large_for(std::size_t limit) {
  if (limit == 0) return make_error(ErrorKind::PayloadTooLarge, "too_large", N_("This path takes no body."));
  return make_error(
      ErrorKind::PayloadTooLarge, "too_large",
      {"La solicitud excede " + size_text(limit) + ".", "The request is larger than " + size_text(limit) + "."});
}

}  // namespace

namespace {
// What an event or an article can honestly weigh: a note, a containment and a solution of
// 10,000 characters each, every one escaped as \uXXXX, fit in 256 KiB; a kiosk sends a
// survey answer with at most a short comment.
constexpr std::size_t kEventBytes = 256 * 1024;
constexpr std::size_t kKioskEventBytes = 16 * 1024;
constexpr std::size_t kKioskReportBytes = 256 * 1024;
constexpr std::size_t kArticleBytes = 1024 * 1024;
constexpr std::size_t kSmallBodyBytes = 4096;

std::uint64_t declared_length(const ApiRequest& r) {
  std::string length = r.header("content-length");
  if (length.empty()) return r.body.size();
  if (!is_digits(length) || length.size() > 18) return std::numeric_limits<std::uint64_t>::max();
  return std::stoull(length);
}
}  // namespace

Result<std::size_t> TicketApi::body_limit(const ApiRequest& r, const Identity& who) const {
  if (r.method != "POST" && r.method != "PUT") return std::size_t{0};
  auto parts = split_path(std::string_view(r.path).substr(std::min(r.path.size(), kBase.size())));
  // A kiosk's report is typed on its screen (the kiosk attaches no files): its token, which
  // can be read off its disk, may not send more.
  if (parts.size() == 1 && parts[0] == "tickets")
    return who.role == Role::Kiosk ? std::min(max_request_bytes_, kKioskReportBytes) : max_request_bytes_;
  if (parts.size() == 3 && parts[0] == "tickets" && parts[2] == "events")
    return who.role == Role::Kiosk ? kKioskEventBytes : kEventBytes;
  if (parts.size() == 3 && parts[0] == "kb" && parts[2] == "feedback") return kSmallBodyBytes;
  if ((parts.size() == 1 || parts.size() == 2) && parts[0] == "kb") {
    if (auto allowed = service_.knowledge.may_write_articles(who); !allowed) return allowed.error();
    return kArticleBytes;
  }
  return std::size_t{0};
}

std::optional<ApiResponse> TicketApi::check_before_body(const ApiRequest& r) {
  // An enrolment code is traded for a token by a computer that has none yet: a small body.
  if (r.path == std::string(kBase) + "/enrol") {
    if (declared_length(r) > kSmallBodyBytes) return error_response(too_large_for(kSmallBodyBytes));
    return std::nullopt;
  }
  bool open_to_all = r.path == std::string(kBase) + "/health" || (dashboard_ && Dashboard::serves(r.path));
  if (open_to_all) {
    // What needs no token takes no body either: nobody makes the server read one unasked.
    std::string length = r.header("content-length");
    if (!length.empty() && length != "0") return not_allowed("GET");
    return std::nullopt;  // health and the dashboard's page hold no data
  }
  auto identity = service_.access.authenticate(bearer_token(r));
  if (!identity) return error_response(identity.error());
  // The role and the route say how large a body can be, before a byte of it is read: a
  // kiosk's token (readable off its disk) cannot make the server hold 10 MiB of an article.
  auto limit = body_limit(r, *identity);
  if (!limit) return error_response(limit.error());
  if (declared_length(r) > *limit) return error_response(too_large_for(*limit));
  return std::nullopt;
}

ApiResponse TicketApi::handle(const ApiRequest& request) {
  try {
    return route(request);
  } catch (const std::exception&) {
    return error_response(make_error(ErrorKind::Internal, "internal", N_("Internal server error.")));
  }
}

// POST /enrol {"code", "device"}: no token (the computer has none yet); the code is one
// an administrator made for one employee, usable once. Or {"user", "password", "device"}:
// the employee's directory account, checked by the server against LDAP / AD.
ApiResponse TicketApi::enrol(const ApiRequest& r) {
  if (r.method != "POST") return not_allowed("POST");
  if (r.body.size() > kSmallBodyBytes) return error_response(too_large_for(kSmallBodyBytes));
  auto body = parse_json_object(r.body, kRequestJsonLimits);
  if (!body) return error_response(body.error());
  auto text = [&](const char* key) {
    auto it = body->find(key);
    return it != body->end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  // A directory account ({"user", "password"}) or a one-time code ({"code"}).
  bool with_account = body->contains("user") || body->contains("password");
  if (with_account && body->contains("code"))
    return error_response(make_error(ErrorKind::Invalid, "invalid_enrolment",
                                     N_("Send a code or a user and password, not both."), "code"));
  auto enrolled = with_account
                      ? service_.access.enrol_with_directory(text("user"), text("password"), text("device"), r.peer)
                      : service_.access.enrol(text("code"), text("device"), r.peer);
  if (!enrolled) return error_response(enrolled.error());
  const Identity& who = enrolled->identity;
  return json_response(
      201,
      Json{{"token", enrolled->token}, {"role", to_string(who.role)}, {"employee", who.employee}, {"name", who.name}});
}

ApiResponse TicketApi::route(const ApiRequest& r) {
  if (dashboard_ && Dashboard::serves(r.path)) return dashboard_->handle(r);
  if (r.path.compare(0, kBase.size(), kBase) != 0 || (r.path.size() > kBase.size() && r.path[kBase.size()] != '/'))
    return error_response(make_error(ErrorKind::NotFound, "no_route", N_("Unknown path.")));
  auto parts = split_path(std::string_view(r.path).substr(kBase.size()));
  if (r.body.size() > max_request_bytes_) return error_response(too_large_for(max_request_bytes_));
  if (parts.size() == 1 && parts[0] == "health") {
    if (r.method != "GET") return not_allowed("GET");
    return json_response(
        200, Json{{"status", "ok"}, {"version", version_}, {"time", format_rfc3339(service_.tickets.now())}});
  }
  if (parts.size() == 1 && parts[0] == "enrol") return enrol(r);
  bool known = (parts.size() == 1 && (parts[0] == "catalog" || parts[0] == "tickets" || parts[0] == "me")) ||
               (parts.size() == 2 && parts[0] == "tickets") ||
               (parts.size() == 2 && parts[0] == "reports" && parts[1] == "quality") ||
               (parts.size() >= 1 && parts.size() <= 2 && parts[0] == "kb") ||
               (parts.size() == 3 && parts[0] == "kb" && parts[2] == "feedback") ||
               (parts.size() == 3 && parts[0] == "tickets" && parts[2] == "events") ||
               (parts.size() == 4 && parts[0] == "tickets" && parts[2] == "attachments");
  if (!known) return error_response(make_error(ErrorKind::NotFound, "no_route", N_("Unknown path.")));

  auto identity = service_.access.authenticate(bearer_token(r));
  if (!identity) return error_response(identity.error());
  const Identity& who = *identity;
  // The listener asked check_before_body() first; a caller of handle() alone gets the same.
  auto limit = body_limit(r, who);
  if (!limit) return error_response(limit.error());
  if (r.body.size() > *limit) return error_response(too_large_for(*limit));

  if (parts[0] == "me") {
    if (r.method != "GET") return not_allowed("GET");
    // Who the token belongs to, so that a client can prefill its forms.
    // "desk" is the core's is_desk(): the dashboard asks, it does not decide.
    Json me{{"role", to_string(who.role)},
            {"role_label", role_label(who.role, language_from_accept(r.header("accept-language")))},
            {"desk", is_desk(who)},
            {"name", who.name}};
    me["employee"] = who.employee.empty() ? Json() : Json(who.employee);
    me["login"] = who.login.empty() ? Json() : Json(who.login);
    me["group"] = who.group.empty() ? Json() : Json(who.group);
    return json_response(200, me);
  }
  if (parts[0] == "catalog") {
    if (r.method != "GET") return not_allowed("GET");
    return catalog(r);
  }
  if (parts[0] == "reports") {
    if (r.method != "GET") return not_allowed("GET");
    return quality_report(r, who);
  }
  if (parts[0] == "kb") return knowledge_base(parts, r, who);
  if (parts.size() == 1) {
    if (r.method == "POST") return create(r, who);
    if (r.method == "GET") return list(r, who);
    return not_allowed("GET, POST");
  }
  if (parts.size() == 2) {
    if (r.method != "GET") return not_allowed("GET");
    return get(parts[1], r, who);
  }
  if (parts.size() == 3) {
    if (r.method != "POST") return not_allowed("POST");
    return post_event(parts[1], r, who);
  }
  if (r.method != "GET") return not_allowed("GET");
  return attachment(parts[1], parts[3], r, who);
}

ApiResponse TicketApi::catalog(const ApiRequest& r) {
  ApiResponse response;
  response.headers["ETag"] = catalog_etag_;
  response.headers["Cache-Control"] = "no-cache";
  if (r.header("if-none-match") == catalog_etag_) {
    response.status = 304;
    response.content_type.clear();
    return response;
  }
  response.body = catalog_body_;
  return response;
}

ApiResponse TicketApi::create(const ApiRequest& r, const Identity& who) {
  auto json = json_body(r);
  if (!json) return error_response(json.error());
  auto ticket = new_ticket_from_json(*json);
  if (!ticket) return error_response(ticket.error());
  auto created = service_.tickets.create(who, std::move(*ticket), trim(r.header("idempotency-key")));
  if (!created) return error_response(created.error());
  ApiResponse response = json_response(created->replayed ? 200 : 201, to_json(created->ticket, service_.tickets.now()));
  response.headers["Location"] = std::string(kBase) + "/tickets/" + created->ticket.tk;
  return response;
}

ApiResponse TicketApi::list(const ApiRequest& r, const Identity& who) {
  // A filter the server does not know must not be read as "no filter": the SOC asking for
  // its queue under a misspelt name would get everyone's tickets.
  const auto& known = list_parameters();
  for (const auto& [name, value] : r.query)
    if (std::find(known.begin(), known.end(), name) == known.end())
      return error_response(make_error(ErrorKind::BadRequest, "unknown_parameter",
                                       {"Parámetro desconocido: " + name + ".", "Unknown parameter: " + name + "."},
                                       name));
  ListRequest request;
  auto q = [&](const char* name) {
    auto it = r.query.find(name);
    return it == r.query.end() ? std::string{} : it->second;
  };
  std::optional<Error> bad_flag;
  auto flag = [&](const char* name) {
    std::string v = q(name);
    if (v.empty() || v == "0" || v == "false") return false;
    if (v == "1" || v == "true") return true;
    bad_flag = make_error(ErrorKind::BadRequest, "invalid_parameter",
                          {std::string("Valor no válido para ") + name + ": " + v + " (use 1 o 0).",
                           std::string("Invalid value for ") + name + ": " + v + " (use 1 or 0)."},
                          name);
    return false;
  };
  request.mine = flag("mine");
  request.open_only = flag("open");
  request.breached_only = flag("breached");
  if (bad_flag) return error_response(*bad_flag);
  request.since = q("since").empty() ? q("cursor") : q("since");
  request.status = q("status");
  request.type = q("type");
  request.level = q("level");
  request.group = q("group");
  request.assignee = q("assignee");
  request.queue = q("queue");
  request.text = q("q");
  if (auto limit = q("limit"); !limit.empty()) {
    if (!is_digits(limit) || limit.size() > 6)
      return error_response(
          make_error(ErrorKind::BadRequest, "invalid_parameter", N_("The limit is not valid."), "limit"));
    request.limit = std::stoi(limit);
  }
  auto answer = service_.tickets.list(who, request);
  if (!answer) return error_response(answer.error());
  // Written piece by piece, each ticket from the rendering cache when it is current there: a
  // desk polling its queue reads the same tickets again and again, and building one JSON
  // document of 200 tickets cost more than the query.
  std::int64_t now = service_.tickets.now();
  ApiResponse response;
  std::string& body = response.body;
  body = "{\"tickets\":[";
  for (std::size_t i = 0; i < answer->tickets.size(); ++i) {
    const Ticket& t = answer->tickets[i];
    if (i) body += ',';
    bool breached = is_breached(t, now);
    if (auto cached = rendered_.find(t.tk, t.change_seq, breached)) {
      body += *cached;
      continue;
    }
    std::string rendered = to_json(t, now).dump();
    body += rendered;
    rendered_.put(t.tk, t.change_seq, breached, std::move(rendered));
  }
  body += "],\"cursor\":" + Json(answer->cursor).dump() + ",\"more\":" + (answer->more ? "true" : "false") + "}";
  return response;
}

ApiResponse TicketApi::get(const std::string& tk, const ApiRequest& r, const Identity& who) {
  auto employee = r.query.count("employee") ? r.query.at("employee") : std::string{};
  auto head = service_.tickets.check_read(who, tk, employee);
  if (!head) return error_response(head.error());
  std::int64_t now = service_.tickets.now();
  if (who.role == Role::Kiosk) {
    auto ticket = service_.tickets.ticket_after_check(tk);
    if (!ticket) return error_response(unknown_ticket(tk));
    return json_response(200, to_public_json(*ticket, now));
  }
  bool breached = is_breached(head->status, head->sla_due_at, head->resolved_at, head->stage_breached, now);
  ApiResponse response;
  if (auto body = rendered_.find(tk, head->change_seq, breached)) {
    response.body = std::move(*body);
    return response;
  }
  auto ticket = service_.tickets.ticket_after_check(tk);
  if (!ticket) return error_response(unknown_ticket(tk));
  response.body = to_json(*ticket, now).dump();
  rendered_.put(tk, ticket->change_seq, is_breached(*ticket, now), response.body);
  return response;
}

ApiResponse TicketApi::post_event(const std::string& tk, const ApiRequest& r, const Identity& who) {
  auto json = json_body(r);
  if (!json) return error_response(json.error());
  auto event = event_from_json(*json);
  if (!event) return error_response(event.error());
  auto employee = r.query.count("employee") ? r.query.at("employee") : std::string{};
  auto ticket = service_.tickets.apply(who, tk, *event, trim(r.header("idempotency-key")), employee);
  if (!ticket) return error_response(ticket.error());
  // A kiosk sees what its look-up shows, nothing more.
  if (who.role == Role::Kiosk) return json_response(200, to_public_json(*ticket, service_.tickets.now()));
  return json_response(200, to_json(*ticket, service_.tickets.now()));
}

ApiResponse TicketApi::attachment(const std::string& tk, const std::string& id, const ApiRequest& r,
                                  const Identity& who) {
  if (!is_digits(id) || id.size() > 18)
    return error_response(make_error(ErrorKind::NotFound, "unknown_attachment", N_("There is no such attachment.")));
  auto employee = r.query.count("employee") ? r.query.at("employee") : std::string{};
  auto file = service_.tickets.attachment(who, tk, std::stoll(id), employee);
  if (!file) return error_response(file.error());
  ApiResponse response;
  response.content_type = file->content_type;
  response.body = std::move(file->data);
  response.headers["X-Content-Type-Options"] = "nosniff";
  // Served as a download so that a hostile file is never rendered in a browser's context.
  std::string safe_name;
  for (char c : file->name)
    safe_name.push_back(c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20 ? '_' : c);
  response.headers["Content-Disposition"] = "attachment; filename=\"" + safe_name + "\"";
  return response;
}

ApiResponse TicketApi::quality_report(const ApiRequest& r, const Identity& who) {
  for (const auto& [name, value] : r.query)
    if (name != "from" && name != "to")
      return error_response(make_error(ErrorKind::BadRequest, "unknown_parameter",
                                       {"Parámetro desconocido: " + name + ".", "Unknown parameter: " + name + "."},
                                       name));
  auto q = [&](const char* name) {
    auto it = r.query.find(name);
    return it == r.query.end() ? std::string{} : it->second;
  };
  auto report = service_.quality.quality_report(who, q("from"), q("to"));
  if (!report) return error_response(report.error());
  ApiResponse response = json_response(200, *report);
  response.headers["Cache-Control"] = "no-store";
  return response;
}

namespace {
// An article's id in the path: digits, or it names no article.
std::optional<std::int64_t> article_id(const std::string& text) {
  if (!is_digits(text) || text.empty() || text.size() > 15) return std::nullopt;
  std::int64_t id = std::stoll(text);
  if (id <= 0) return std::nullopt;  // 0 means "a new article" to the service, never a path
  return id;
}

Error unknown_article_path(const std::string& text) {
  return make_error(ErrorKind::NotFound, "unknown_article",
                    {"No existe el artículo " + text + ".", "There is no article " + text + "."});
}
}  // namespace

ApiResponse TicketApi::knowledge_base(const std::vector<std::string>& parts, const ApiRequest& r, const Identity& who) {
  auto q = [&](const char* name) {
    auto it = r.query.find(name);
    return it == r.query.end() ? std::string{} : it->second;
  };
  auto limit_of = [&](int fallback) -> std::optional<int> {
    std::string v = q("limit");
    if (v.empty()) return fallback;
    if (!is_digits(v) || v.size() > 4) return std::nullopt;
    return std::stoi(v);
  };
  auto bad_limit = [] {
    return make_error(ErrorKind::BadRequest, "invalid_parameter", N_("The limit is not valid."), "limit");
  };
  if (parts.size() == 1) {
    if (r.method == "POST") {
      auto body = json_body(r);
      if (!body) return error_response(body.error());
      auto article = kb_article_from_json(*body);
      if (!article) return error_response(article.error());
      auto saved = service_.knowledge.kb_save(who, 0, std::move(*article));
      if (!saved) return error_response(saved.error());
      ApiResponse response = json_response(201, to_json(*saved));
      response.headers["Location"] = std::string(kBase) + "/kb/" + std::to_string(saved->id);
      return response;
    }
    if (r.method != "GET") return not_allowed("GET, POST");
    for (const auto& [name, value] : r.query)
      if (name != "q" && name != "since" && name != "limit")
        return error_response(make_error(ErrorKind::BadRequest, "unknown_parameter",
                                         {"Parámetro desconocido: " + name + ".", "Unknown parameter: " + name + "."},
                                         name));
    auto limit = limit_of(r.query.count("since") ? 500 : 10);
    if (!limit) return error_response(bad_limit());
    if (r.query.count("since")) {
      // The delta for client caches: published articles changed after the cursor, and the
      // ids of those unpublished since.
      std::string since = q("since");
      if (!since.empty() && (!is_digits(since) || since.size() > 18))
        return error_response(
            make_error(ErrorKind::BadRequest, "invalid_parameter", N_("The cursor is not valid."), "since"));
      auto delta = service_.knowledge.kb_delta(who, since.empty() ? 0 : std::stoll(since), *limit);
      if (!delta) return error_response(delta.error());
      Json articles = Json::array();
      for (const auto& a : delta->articles) articles.push_back(to_json(a));
      return json_response(200, Json{{"articles", articles},
                                     {"removed", delta->removed},
                                     {"cursor", std::to_string(delta->cursor)},
                                     {"more", delta->more}});
    }
    auto hits = service_.knowledge.kb_search(who, q("q"), *limit);
    if (!hits) return error_response(hits.error());
    Json articles = Json::array();
    bool desk = who.role == Role::Agent || who.role == Role::Admin;
    for (const auto& h : *hits) {
      Json a{{"id", h.id},
             {"title", h.title},
             {"summary", h.summary},
             {"category", h.category.empty() ? Json() : Json(h.category)},
             {"score", std::round(h.score * 1000.0) / 1000.0}};
      if (desk) a["status"] = h.published ? "published" : "draft";
      articles.push_back(std::move(a));
    }
    return json_response(200, Json{{"articles", articles}});
  }
  auto id = article_id(parts[1]);
  if (parts.size() == 3) {
    if (r.method != "POST") return not_allowed("POST");
    if (!id) return error_response(unknown_article_path(parts[1]));
    auto body = json_body(r);
    if (!body) return error_response(body.error());
    auto helpful = body->find("helpful");
    if (helpful == body->end() || !helpful->is_boolean())
      return error_response(make_error(ErrorKind::Invalid, "required", N_("Say helpful: true or false."), "helpful"));
    auto recorded = service_.knowledge.kb_feedback(who, *id, helpful->get<bool>(), trim(r.header("idempotency-key")));
    if (!recorded) return error_response(recorded.error());
    return json_response(200, Json{{"id", *id}, {"helpful", helpful->get<bool>()}, {"recorded", *recorded}});
  }
  if (r.method == "PUT") {
    if (!id) return error_response(unknown_article_path(parts[1]));
    auto body = json_body(r);
    if (!body) return error_response(body.error());
    auto article = kb_article_from_json(*body);
    if (!article) return error_response(article.error());
    auto saved = service_.knowledge.kb_save(who, *id, std::move(*article));
    if (!saved) return error_response(saved.error());
    return json_response(200, to_json(*saved));
  }
  if (r.method != "GET") return not_allowed("GET, PUT");
  if (!id) return error_response(unknown_article_path(parts[1]));
  auto article = service_.knowledge.kb_article(who, *id);
  if (!article) return error_response(article.error());
  return json_response(200, to_json(*article));
}

}  // namespace tk::server
