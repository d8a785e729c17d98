#include "tk/json_mapping.h"

#include <algorithm>
#include <initializer_list>
#include <set>

#include "tk/text.h"
#include "tk/service_level.h"
#include "tk/time.h"

namespace tk {
namespace {

Error field_error(std::string code, Bilingual message, std::string field) {
  return make_error(ErrorKind::Invalid, std::move(code), std::move(message), std::move(field));
}

// Refuses names the API does not know, so that a typo is an error rather than silence.
Outcome only_known_fields(const Json& object, std::initializer_list<const char*> known,
                          const std::string& prefix = {}) {
  std::set<std::string> names(known.begin(), known.end());
  for (const auto& item : object.items())
    if (!names.count(item.key()))
      return field_error(
          "unknown_field",
          {"Campo desconocido: " + prefix + item.key() + ".", "Unknown field: " + prefix + item.key() + "."},
          prefix + item.key());
  return Done{};
}

Outcome read_string(const Json& object, const char* key, std::string& out, const std::string& prefix = {}) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Done{};
  if (!it->is_string())
    return field_error(
        "wrong_type", {"El campo " + prefix + key + " debe ser texto.", "The field " + prefix + key + " must be text."},
        prefix + key);
  out = it->get<std::string>();
  return Done{};
}

Outcome read_int(const Json& object, const char* key, int& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Done{};
  if (!it->is_number_integer())
    return field_error("wrong_type",
                       {std::string("El campo ") + key + " debe ser un número entero.",
                        std::string("The field ") + key + " must be a whole number."},
                       key);
  auto v = it->get<long long>();
  if (v < -1000000 || v > 1000000)
    return field_error("out_of_range",
                       {std::string("El campo ") + key + " está fuera de rango.",
                        std::string("The field ") + key + " is out of range."},
                       key);
  out = static_cast<int>(v);
  return Done{};
}

Outcome require(const Json& object, const char* key) {
  if (!object.contains(key) || object[key].is_null())
    return field_error("required",
                       {std::string("Falta el campo ") + key + ".", std::string("The field ") + key + " is missing."},
                       key);
  return Done{};
}

#define TK_TRY(expr)                                                               \
  do {                                                                             \
    if (auto tk_try_result = (expr); !tk_try_result) return tk_try_result.error(); \
  } while (false)

Json nullable(std::string_view s) { return s.empty() ? Json(nullptr) : Json(std::string(s)); }

// A whole number a server sent, or `fallback` when it is missing or anything else: an
// answer is read, never trusted to have the right types (tk-fuzz-client found a string id).
std::int64_t integer_or(const Json& j, const char* key, std::int64_t fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

std::string string_or(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::int64_t time_or_zero(const Json& j, const char* key) {
  auto s = string_or(j, key);
  if (s.empty()) return 0;
  return parse_rfc3339(s).value_or(0);
}

}  // namespace

Json stages_to_json(const Ticket& t, std::int64_t now) {
  Json stages = Json::array();
  for (const auto& s : t.stages)
    stages.push_back(Json{{"level", nullable(to_string(s.level))},
                          {"group", nullable(s.group)},
                          {"started_at", format_rfc3339(s.started_at)},
                          {"due_at", format_rfc3339(s.due_at)},
                          {"ended_at", s.ended_at ? Json(format_rfc3339(s.ended_at)) : Json()},
                          {"paused_seconds", s.paused_seconds},
                          {"paused", s.paused_since != 0},
                          {"breached", is_breached(s, now)}});
  return stages;
}

std::vector<Stage> stages_from_json(const Json& j) {
  std::vector<Stage> out;
  if (!j.is_array()) return out;
  for (const auto& e : j) {
    if (!e.is_object()) continue;
    Stage s;
    s.level = parse_level(string_or(e, "level")).value_or(Level::First);
    s.group = string_or(e, "group");
    s.started_at = time_or_zero(e, "started_at");
    s.due_at = time_or_zero(e, "due_at");
    s.ended_at = time_or_zero(e, "ended_at");
    auto paused = e.find("paused_seconds");
    s.paused_seconds = paused != e.end() && paused->is_number_integer() ? paused->get<std::int64_t>() : 0;
    // A paused stage's start of pause is the server's; the client only needs to know it is paused.
    auto is_paused = e.find("paused");
    if (is_paused != e.end() && is_paused->is_boolean() && is_paused->get<bool>()) s.paused_since = s.started_at;
    auto breached = e.find("breached");
    s.breached = breached != e.end() && breached->is_boolean() && breached->get<bool>();
    out.push_back(std::move(s));
  }
  return out;
}

namespace {

// Builds the document through nlohmann's own DOM builder, but counts as it reads: past the
// depth or the number of values the parse stops at once, before the nesting or the values
// cost memory (a 10 MiB body of "[" built ten million arrays, a gigabyte; issue 25). Names
// repeated within one object are noted: with the last one winning, a body could say one
// thing to a proxy or log reader and another to the server.
class BoundedBuilder {
 public:
  BoundedBuilder(Json& root, JsonLimits limits) : dom_(root, false), limits_(limits) {}

  bool null() { return value() && dom_.null(); }
  bool boolean(bool v) { return value() && dom_.boolean(v); }
  bool number_integer(Json::number_integer_t v) { return value() && dom_.number_integer(v); }
  bool number_unsigned(Json::number_unsigned_t v) { return value() && dom_.number_unsigned(v); }
  bool number_float(Json::number_float_t v, const Json::string_t& s) { return value() && dom_.number_float(v, s); }
  bool string(Json::string_t& v) { return value() && dom_.string(v); }
  bool binary(Json::binary_t& v) { return value() && dom_.binary(v); }
  bool start_object(std::size_t n) {
    if (!value() || !deeper()) return false;
    names_.emplace_back();
    return dom_.start_object(n);
  }
  bool key(Json::string_t& name) {
    if (!names_.back().insert(name).second && duplicate.empty()) duplicate = name;
    return dom_.key(name);
  }
  bool end_object() {
    names_.pop_back();
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t n) { return value() && deeper() && dom_.start_array(n); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& e) {
    return dom_.parse_error(position, token, e);
  }

  std::string duplicate;
  bool too_deep = false, too_many = false;

 private:
  bool value() {
    if (++values_ <= limits_.max_values) return true;
    too_many = true;
    return false;
  }
  bool deeper() {
    if (++depth_ <= limits_.max_depth) return true;
    too_deep = true;
    return false;
  }

  nlohmann::detail::json_sax_dom_parser<Json> dom_;
  JsonLimits limits_;
  std::size_t values_ = 0, depth_ = 0;
  std::vector<std::set<std::string>> names_;
};

}  // namespace

Result<Json> parse_json_object(std::string_view body, JsonLimits limits) {
  if (!is_valid_utf8(body))
    return make_error(ErrorKind::BadRequest, "invalid_utf8", N_("The request body is not valid UTF-8."));
  Json json;
  BoundedBuilder builder(json, limits);
  bool parsed = Json::sax_parse(body.begin(), body.end(), &builder, nlohmann::detail::input_format_t::json, true);
  if (builder.too_deep)
    return make_error(ErrorKind::BadRequest, "json_too_deep",
                      {"El JSON tiene más de " + std::to_string(limits.max_depth) + " niveles de anidación.",
                       "The JSON is nested more than " + std::to_string(limits.max_depth) + " levels deep."});
  if (builder.too_many)
    return make_error(ErrorKind::BadRequest, "json_too_many_values",
                      {"El JSON tiene más de " + std::to_string(limits.max_values) + " valores.",
                       "The JSON has more than " + std::to_string(limits.max_values) + " values."});
  if (!parsed) return make_error(ErrorKind::BadRequest, "malformed_json", N_("The request body is not valid JSON."));
  if (!builder.duplicate.empty())
    return make_error(ErrorKind::BadRequest, "duplicate_key",
                      {"El campo " + builder.duplicate + " aparece más de una vez.",
                       "The field " + builder.duplicate + " appears more than once."},
                      builder.duplicate);
  if (!json.is_object()) return make_error(ErrorKind::BadRequest, "malformed_json", N_("A JSON object was expected."));
  return json;
}

Result<NewTicket> new_ticket_from_json(const Json& j) {
  TK_TRY(only_known_fields(j, {"type", "category", "summary", "description", "impact", "urgency", "reporter", "device",
                               "attachments", "channel"}));
  for (const char* key : {"type", "category", "summary", "description"}) TK_TRY(require(j, key));
  NewTicket t;
  std::string type, channel;
  TK_TRY(read_string(j, "type", type));
  auto parsed_type = parse_ticket_type(type);
  if (!parsed_type)
    return field_error("invalid_type",
                       {"El tipo debe ser incident, service_request o security_incident.",
                        "The type must be incident, service_request or security_incident."},
                       "type");
  t.type = *parsed_type;
  TK_TRY(read_string(j, "category", t.category));
  TK_TRY(read_string(j, "summary", t.summary));
  TK_TRY(read_string(j, "description", t.description));
  // A report that says nothing of impact or urgency gets the core's rule for its type, the
  // same the product's clients apply: the same report has the same priority from any client.
  auto defaults = default_impact_urgency(t.type);
  t.impact = defaults.impact;
  t.urgency = defaults.urgency;
  TK_TRY(read_int(j, "impact", t.impact));
  TK_TRY(read_int(j, "urgency", t.urgency));
  TK_TRY(read_string(j, "channel", channel));
  if (!channel.empty()) {
    auto c = parse_channel(channel);
    if (!c) return field_error("invalid_channel", {"Canal desconocido.", "Unknown channel."}, "channel");
    t.channel = *c;
  }
  if (auto it = j.find("reporter"); it != j.end() && !it->is_null()) {
    if (!it->is_object())
      return field_error("wrong_type", {"reporter debe ser un objeto.", "reporter must be an object."}, "reporter");
    const std::string p = "reporter.";
    TK_TRY(only_known_fields(*it, {"employee", "name", "email", "phone", "location"}, p));
    TK_TRY(read_string(*it, "employee", t.reporter.employee, p));
    TK_TRY(read_string(*it, "name", t.reporter.name, p));
    TK_TRY(read_string(*it, "email", t.reporter.email, p));
    TK_TRY(read_string(*it, "phone", t.reporter.phone, p));
    TK_TRY(read_string(*it, "location", t.reporter.location, p));
  }
  if (auto it = j.find("device"); it != j.end() && !it->is_null()) {
    if (!it->is_object())
      return field_error("wrong_type", {"device debe ser un objeto.", "device must be an object."}, "device");
    const std::string p = "device.";
    TK_TRY(only_known_fields(*it, {"hostname", "os", "os_version", "user", "ip_addresses"}, p));
    TK_TRY(read_string(*it, "hostname", t.device.hostname, p));
    TK_TRY(read_string(*it, "os", t.device.os, p));
    TK_TRY(read_string(*it, "os_version", t.device.os_version, p));
    TK_TRY(read_string(*it, "user", t.device.user, p));
    if (auto ips = it->find("ip_addresses"); ips != it->end() && !ips->is_null()) {
      if (!ips->is_array())
        return field_error("wrong_type",
                           {"device.ip_addresses debe ser una lista.", "device.ip_addresses must be a list."},
                           "device.ip_addresses");
      for (const auto& ip : *ips) {
        if (!ip.is_string())
          return field_error("wrong_type",
                             {"device.ip_addresses debe contener texto.", "device.ip_addresses must hold text."},
                             "device.ip_addresses");
        t.device.ip_addresses.push_back(ip.get<std::string>());
      }
    }
  }
  if (auto it = j.find("attachments"); it != j.end() && !it->is_null()) {
    if (!it->is_array())
      return field_error("wrong_type", {"attachments debe ser una lista.", "attachments must be a list."},
                         "attachments");
    for (const auto& a : *it) {
      if (!a.is_object())
        return field_error("wrong_type", {"Cada adjunto debe ser un objeto.", "Every attachment must be an object."},
                           "attachments");
      const std::string p = "attachments.";
      TK_TRY(only_known_fields(a, {"name", "content_type", "data_base64"}, p));
      NewAttachment attachment;
      std::string data;
      TK_TRY(read_string(a, "name", attachment.name, p));
      TK_TRY(read_string(a, "content_type", attachment.content_type, p));
      TK_TRY(read_string(a, "data_base64", data, p));
      auto bytes = base64_decode(data);
      if (!bytes)
        return field_error("invalid_base64",
                           {"El adjunto no está en base64 válido.", "The attachment is not valid base64."},
                           "attachments.data_base64");
      attachment.data = std::move(*bytes);
      t.attachments.push_back(std::move(attachment));
    }
  }
  return t;
}

Result<EventRequest> event_from_json(const Json& j) {
  TK_TRY(only_known_fields(j, {"action", "note", "vendor_ref", "containment", "type", "category", "impact", "urgency",
                               "group", "assignee", "rating", "comment", "article"}));
  TK_TRY(require(j, "action"));
  std::string action;
  EventRequest e;
  TK_TRY(read_string(j, "action", action));
  auto parsed = parse_requested_action(action);
  if (!parsed)
    return field_error("unknown_action", {"Acción desconocida: " + action + ".", "Unknown action: " + action + "."},
                       "action");
  e.action = *parsed;
  TK_TRY(read_string(j, "note", e.note));
  TK_TRY(read_string(j, "vendor_ref", e.vendor_ref));
  TK_TRY(read_string(j, "containment", e.containment));
  std::string type;
  TK_TRY(read_string(j, "type", type));
  if (!type.empty()) {
    e.type = parse_ticket_type(type);
    if (!e.type)
      return field_error("invalid_type",
                         {"El tipo debe ser incident, service_request o security_incident.",
                          "The type must be incident, service_request or security_incident."},
                         "type");
  }
  TK_TRY(read_string(j, "category", e.category));
  for (auto [key, into] : {std::pair{"impact", &e.impact}, std::pair{"urgency", &e.urgency}}) {
    if (!j.contains(key) || j[key].is_null()) continue;
    int value = 0;
    TK_TRY(read_int(j, key, value));
    if (value < 1 || value > 3)
      return field_error("out_of_range",
                         {std::string("El campo ") + key + " va de 1 (alto) a 3 (bajo).",
                          std::string("The field ") + key + " goes from 1 (high) to 3 (low)."},
                         key);
    *into = value;
  }
  if (j.contains("rating") && !j["rating"].is_null()) {
    int rating = 0;
    TK_TRY(read_int(j, "rating", rating));
    if (rating < 1 || rating > 5)
      return field_error("out_of_range", {"La calificación va de 1 a 5.", "The rating goes from 1 to 5."}, "rating");
    e.rating = rating;
  }
  TK_TRY(read_string(j, "comment", e.comment));
  e.comment = trim(e.comment);
  TK_TRY(read_int(j, "article", e.article));
  if (j.contains("article") && !j["article"].is_null() && e.article < 1)
    return field_error("out_of_range", {"El número de artículo empieza en 1.", "Article numbers start at 1."},
                       "article");
  TK_TRY(read_string(j, "group", e.group));
  TK_TRY(read_string(j, "assignee", e.assignee));
  e.category = trim(e.category);
  e.group = trim(e.group);
  e.assignee = trim(e.assignee);
  e.note = trim(e.note);
  e.vendor_ref = trim(e.vendor_ref);
  e.containment = trim(e.containment);
  return e;
}

Json to_json(const Reporter& r) {
  return Json{
      {"employee", r.employee}, {"name", r.name}, {"email", r.email}, {"phone", r.phone}, {"location", r.location}};
}

Device device_from_json(const Json& j) {
  Device d;
  if (!j.is_object()) return d;
  d.hostname = string_or(j, "hostname");
  d.os = string_or(j, "os");
  d.os_version = string_or(j, "os_version");
  d.user = string_or(j, "user");
  if (auto ips = j.find("ip_addresses"); ips != j.end() && ips->is_array())
    for (const auto& ip : *ips)
      if (ip.is_string()) d.ip_addresses.push_back(ip.get<std::string>());
  return d;
}

Json to_json(const Device& d) {
  return Json{{"hostname", d.hostname},
              {"os", d.os},
              {"os_version", d.os_version},
              {"user", d.user},
              {"ip_addresses", d.ip_addresses}};
}

Json to_json(const Ticket& t, std::int64_t now, bool with_history) {
  Json j{{"tk", t.tk},
         {"type", to_string(t.type)},
         {"category", t.category},
         {"summary", t.summary},
         {"description", t.description},
         {"impact", t.impact},
         {"urgency", t.urgency},
         {"priority", t.priority},
         {"status", to_string(t.status)},
         {"level", nullable(to_string(t.visible_level()))},
         {"status_label", status_label(t.status, t.visible_level(), t.resolution)},
         {"resolution", nullable(to_string(t.resolution))},
         {"resolution_notes", nullable(t.resolution_notes)},
         {"containment", nullable(t.containment)},
         {"vendor_ref", nullable(t.vendor_ref)},
         {"reporter", to_json(t.reporter)},
         {"channel", to_string(t.channel)},
         {"device", to_json(t.device)},
         {"created_at", format_rfc3339(t.created_at)},
         {"updated_at", format_rfc3339(t.updated_at)},
         {"sla_due_at", format_rfc3339(t.sla_due_at)},
         {"resolved_at", t.resolved_at ? Json(format_rfc3339(t.resolved_at)) : Json()},
         {"sla_breached", is_breached(t, now)},
         {"group", nullable(t.group)},
         {"assignee", nullable(t.assignee)},
         {"stages", stages_to_json(t, now)},
         {"closed_at", t.closed_at ? Json(format_rfc3339(t.closed_at)) : Json()},
         {"satisfaction", t.satisfaction.rating ? Json{{"rating", t.satisfaction.rating},
                                                       {"comment", nullable(t.satisfaction.comment)},
                                                       {"at", format_rfc3339(t.satisfaction.at)}}
                                                : Json()}};
  Json attachments = Json::array();
  for (const auto& a : t.attachments)
    attachments.push_back(Json{{"id", a.id}, {"name", a.name}, {"content_type", a.content_type}, {"size", a.size}});
  j["attachments"] = std::move(attachments);
  if (with_history) {
    Json history = Json::array();
    for (const auto& e : t.history) {
      history.push_back(Json{{"at", format_rfc3339(e.at)},
                             {"by", e.by},
                             {"action", to_string(e.action)},
                             {"from", e.from_known ? Json(std::string(to_string(e.from_status))) : Json()},
                             {"from_level", e.from_known ? nullable(to_string(e.from_level)) : Json()},
                             {"to", to_string(e.to_status)},
                             {"to_level", nullable(to_string(e.to_level))},
                             {"note", e.note}});
      if (!e.changes.empty()) {
        Json changes = Json::array();
        for (const auto& c : e.changes) changes.push_back(Json{{"field", c.field}, {"from", c.from}, {"to", c.to}});
        history.back()["changes"] = std::move(changes);
      }
      // The request's own field, so that a client need not read it out of the changes.
      if (e.action == Action::LinkArticle)
        for (const auto& c : e.changes)
          if (c.field == "article" && !c.to.empty() && c.to.size() < 10 &&
              c.to.find_first_not_of("0123456789") == std::string::npos)
            history.back()["article"] = std::stoi(c.to);
    }
    j["history"] = std::move(history);
  }
  return j;
}

Json to_public_json(const Ticket& t, std::int64_t now) {
  Json history = Json::array();
  for (const auto& e : t.history) {
    if (e.action == Action::Comment) continue;
    history.push_back(Json{{"at", format_rfc3339(e.at)},
                           {"action", to_string(e.action)},
                           {"from", e.from_known ? Json(std::string(to_string(e.from_status))) : Json()},
                           {"from_level", e.from_known ? nullable(to_string(e.from_level)) : Json()},
                           {"to", to_string(e.to_status)},
                           {"to_level", nullable(to_string(e.to_level))}});
  }
  return Json{{"tk", t.tk},
              {"type", to_string(t.type)},
              {"category", t.category},
              {"summary", t.summary},
              {"priority", t.priority},
              {"status", to_string(t.status)},
              {"level", nullable(to_string(t.visible_level()))},
              {"status_label", status_label(t.status, t.visible_level(), t.resolution)},
              {"resolution", nullable(to_string(t.resolution))},
              {"channel", to_string(t.channel)},
              {"created_at", format_rfc3339(t.created_at)},
              {"updated_at", format_rfc3339(t.updated_at)},
              {"sla_due_at", format_rfc3339(t.sla_due_at)},
              {"resolved_at", t.resolved_at ? Json(format_rfc3339(t.resolved_at)) : Json()},
              {"sla_breached", is_breached(t, now)},
              {"history", history}};
}

Json to_json(const NewTicket& t) {
  Json j{{"type", to_string(t.type)},
         {"category", t.category},
         {"summary", t.summary},
         {"description", t.description},
         {"impact", t.impact},
         {"urgency", t.urgency},
         {"channel", to_string(t.channel)},
         {"reporter", to_json(t.reporter)}};
  if (!t.device.empty()) j["device"] = to_json(t.device);
  if (!t.attachments.empty()) {
    Json list = Json::array();
    for (const auto& a : t.attachments)
      list.push_back(Json{{"name", a.name}, {"content_type", a.content_type}, {"data_base64", base64_encode(a.data)}});
    j["attachments"] = std::move(list);
  }
  return j;
}

Json to_json(const EventRequest& e) {
  Json j{{"action", to_string(e.action)}};
  if (e.type) j["type"] = to_string(*e.type);
  if (!e.category.empty()) j["category"] = e.category;
  if (e.impact) j["impact"] = *e.impact;
  if (e.urgency) j["urgency"] = *e.urgency;
  if (!e.group.empty()) j["group"] = e.group;
  if (!e.assignee.empty()) j["assignee"] = e.assignee;
  if (e.rating) j["rating"] = *e.rating;
  if (!e.comment.empty()) j["comment"] = e.comment;
  if (!e.note.empty()) j["note"] = e.note;
  if (!e.vendor_ref.empty()) j["vendor_ref"] = e.vendor_ref;
  if (!e.containment.empty()) j["containment"] = e.containment;
  if (e.article) j["article"] = e.article;
  return j;
}

Json catalog_to_json(const Catalog& catalog) {
  Json categories = Json::array();
  for (const auto& c : catalog.categories) {
    Json types = Json::array();
    for (auto t : c.types) types.push_back(to_string(t));
    categories.push_back(Json{{"id", c.id}, {"name", c.name}, {"name_en", c.name_en}, {"types", types}});
  }
  auto scale = [](const std::vector<ScaleEntry>& entries) {
    Json out = Json::array();
    for (const auto& e : entries) out.push_back(Json{{"value", e.value}, {"label", e.label}, {"label_en", e.label_en}});
    return out;
  };
  Json statuses = Json::array();
  auto add_status = [&](Status s, Level l, Resolution r) {
    Json entry{{"id", to_string(s)},
               {"level", nullable(to_string(l))},
               {"label", status_label(s, l, r)},
               {"label_en", status_label_en(s, l, r)}};
    if (r != Resolution::None) entry["resolution"] = to_string(r);
    statuses.push_back(std::move(entry));
  };
  add_status(Status::Registered, Level::None, Resolution::None);
  for (Level l : {Level::First, Level::Soc, Level::Second, Level::Third})
    add_status(Status::InProgress, l, Resolution::None);
  add_status(Status::PendingUser, Level::None, Resolution::None);
  add_status(Status::Vendor, Level::Third, Resolution::None);
  add_status(Status::Resolved, Level::None, Resolution::None);
  add_status(Status::Closed, Level::None, Resolution::Resolved);
  add_status(Status::Closed, Level::None, Resolution::NotResolved);
  Json groups = Json::array();
  for (const auto& g : catalog.groups)
    groups.push_back(Json{{"id", g.id}, {"level", to_string(g.level)}, {"name", g.name}});
  // The words of every other id people read, so that no page or client writes its own.
  auto named = [](std::string_view id, const std::string& es, const std::string& en) {
    return Json{{"id", std::string(id)}, {"label", es}, {"label_en", en}};
  };
  Json labels{
      {"types", Json::array()}, {"channels", Json::array()}, {"levels", Json::array()}, {"ratings", Json::array()}};
  for (auto t : {TicketType::Incident, TicketType::ServiceRequest, TicketType::SecurityIncident})
    labels["types"].push_back(named(to_string(t), type_label(t, Language::Spanish), type_label(t, Language::English)));
  for (auto c :
       {Channel::Tray, Channel::Kiosk, Channel::Api, Channel::Desk, Channel::Phone, Channel::Email, Channel::InPerson})
    labels["channels"].push_back(
        named(to_string(c), channel_label(c, Language::Spanish), channel_label(c, Language::English)));
  for (auto l : {Level::First, Level::Soc, Level::Second, Level::Third})
    labels["levels"].push_back(
        named(to_string(l), level_label(l, Language::Spanish), level_label(l, Language::English)));
  for (const auto& e : rating_scale())
    labels["ratings"].push_back(named(std::to_string(e.value), rating_label(e.value, Language::Spanish),
                                      rating_label(e.value, Language::English)));
  return Json{{"types", {"incident", "service_request", "security_incident"}},
              {"categories", categories},
              {"groups", groups},
              {"impact", scale(impact_scale())},
              {"urgency", scale(urgency_scale())},
              {"statuses", statuses},
              {"labels", labels}};
}

Json error_to_json(const Error& e, Language language) {
  Json inner{{"code", e.code}, {"message", e.message_in(language)}};
  if (!e.field.empty()) inner["field"] = e.field;
  return Json{{"error", inner}};
}

Result<Ticket> ticket_from_json(const Json& j) {
  if (!j.is_object() || !j.contains("tk"))
    return make_error(ErrorKind::Internal, "bad_answer", N_("The server's answer is not a ticket."));
  Ticket t;
  t.tk = string_or(j, "tk");
  t.type = parse_ticket_type(string_or(j, "type")).value_or(TicketType::Incident);
  t.category = string_or(j, "category");
  t.summary = string_or(j, "summary");
  t.description = string_or(j, "description");
  t.impact = static_cast<int>(std::clamp<std::int64_t>(integer_or(j, "impact", 3), 1, 3));
  t.urgency = static_cast<int>(std::clamp<std::int64_t>(integer_or(j, "urgency", 3), 1, 3));
  t.priority = static_cast<int>(std::clamp<std::int64_t>(integer_or(j, "priority", 4), 1, 4));
  t.status = parse_status(string_or(j, "status")).value_or(Status::Registered);
  t.level = parse_level(string_or(j, "level")).value_or(Level::None);
  t.resolution = parse_resolution(string_or(j, "resolution")).value_or(Resolution::None);
  t.resolution_notes = string_or(j, "resolution_notes");
  t.containment = string_or(j, "containment");
  t.vendor_ref = string_or(j, "vendor_ref");
  t.channel = parse_channel(string_or(j, "channel")).value_or(Channel::Api);
  if (auto r = j.find("reporter"); r != j.end() && r->is_object()) {
    t.reporter.employee = string_or(*r, "employee");
    t.reporter.name = string_or(*r, "name");
    t.reporter.email = string_or(*r, "email");
    t.reporter.phone = string_or(*r, "phone");
    t.reporter.location = string_or(*r, "location");
  }
  if (auto d = j.find("device"); d != j.end()) t.device = device_from_json(*d);
  t.created_at = time_or_zero(j, "created_at");
  t.updated_at = time_or_zero(j, "updated_at");
  t.sla_due_at = time_or_zero(j, "sla_due_at");
  t.resolved_at = time_or_zero(j, "resolved_at");
  t.group = string_or(j, "group");
  t.assignee = string_or(j, "assignee");
  if (auto stages = j.find("stages"); stages != j.end()) t.stages = stages_from_json(*stages);
  t.closed_at = time_or_zero(j, "closed_at");
  if (auto rated = j.find("satisfaction"); rated != j.end() && rated->is_object()) {
    auto rating = rated->find("rating");
    t.satisfaction.rating = rating != rated->end() && rating->is_number_integer() ? rating->get<int>() : 0;
    t.satisfaction.comment = string_or(*rated, "comment");
    t.satisfaction.at = time_or_zero(*rated, "at");
  }
  if (auto h = j.find("history"); h != j.end() && h->is_array()) {
    for (const auto& e : *h) {
      HistoryEvent ev;
      ev.at = time_or_zero(e, "at");
      ev.by = string_or(e, "by");
      auto action = string_or(e, "action");
      ev.action = action == "register"     ? Action::Register
                  : action == "auto_close" ? Action::AutoClose
                                           : parse_requested_action(action).value_or(Action::Comment);
      ev.from_known = e.contains("from") && e["from"].is_string();
      ev.from_status = parse_status(string_or(e, "from")).value_or(Status::Registered);
      ev.from_level = parse_level(string_or(e, "from_level")).value_or(Level::None);
      ev.to_status = parse_status(string_or(e, "to")).value_or(Status::Registered);
      ev.to_level = parse_level(string_or(e, "to_level")).value_or(Level::None);
      ev.note = string_or(e, "note");
      if (auto changes = e.find("changes"); changes != e.end() && changes->is_array())
        for (const auto& c : *changes)
          if (c.is_object())
            ev.changes.push_back(FieldChange{string_or(c, "field"), string_or(c, "from"), string_or(c, "to")});
      t.history.push_back(std::move(ev));
    }
  }
  if (auto a = j.find("attachments"); a != j.end() && a->is_array()) {
    for (const auto& e : *a) {
      AttachmentInfo info;
      info.id = integer_or(e, "id", 0);
      info.name = string_or(e, "name");
      info.content_type = string_or(e, "content_type");
      info.size = integer_or(e, "size", 0);
      t.attachments.push_back(std::move(info));
    }
  }
  return t;
}

Result<Catalog> catalog_from_json(const Json& j) {
  auto cats = j.find("categories");
  if (cats == j.end() || !cats->is_array())
    return make_error(ErrorKind::Invalid, "bad_catalog", N_("The catalog has no categories."), "categories");
  Catalog catalog;
  for (const auto& c : *cats) {
    if (!c.is_object() || string_or(c, "id").empty())
      return make_error(ErrorKind::Invalid, "bad_catalog", N_("Every category needs an id."), "categories");
    Category category{string_or(c, "id"), string_or(c, "name"), string_or(c, "name_en"), {}};
    if (auto types = c.find("types"); types != c.end() && types->is_array())
      for (const auto& t : *types)
        if (auto type = t.is_string() ? parse_ticket_type(t.get<std::string>()) : std::nullopt)
          category.types.push_back(*type);
    if (category.types.empty())
      return make_error(ErrorKind::Invalid, "bad_catalog",
                        {"La categoría " + category.id + " no indica tipos válidos.",
                         "The category " + category.id + " names no valid types."},
                        "categories");
    catalog.categories.push_back(std::move(category));
  }
  // Groups are the server's configuration; a catalog file without them keeps the defaults.
  if (auto groups = j.find("groups"); groups != j.end() && groups->is_array()) {
    std::vector<DeskGroup> parsed;
    for (const auto& g : *groups) {
      auto level = g.is_object() ? parse_level(string_or(g, "level")) : std::nullopt;
      if (!level || *level == Level::None || string_or(g, "id").empty()) continue;
      parsed.push_back(DeskGroup{string_or(g, "id"), *level, string_or(g, "name")});
    }
    if (!parsed.empty()) catalog.groups = std::move(parsed);
  }
  return catalog;
}

Error error_from_json(const Json& j, ErrorKind fallback_kind) {
  Error e = make_error(fallback_kind, "error", N_("Server error."));
  if (auto inner = j.find("error"); inner != j.end() && inner->is_object()) {
    e.code = string_or(*inner, "code");
    // Already in the language the client asked for: there is no other to choose.
    e.message = string_or(*inner, "message");
    e.message_en.clear();
    e.field = string_or(*inner, "field");
  }
  return e;
}

}  // namespace tk
