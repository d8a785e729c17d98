#include "server_config.h"
#include "tk/file_path.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>

#include "tk/config.h"
#include "tk/text.h"

namespace tk {

namespace {

// A whole decimal number in range, or nothing (" 12 " is 12; "12h" and "" are nothing).
template <typename Integer>
std::optional<Integer> whole_number(const std::string& text) {
  Integer number{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return number;
}

}  // namespace

// The same dialect as every other settings file (tk/config.h): "[sla]" then
// "priority1_hours = 4" is the key "sla.priority1_hours". A key it does not know, or a
// number that is not one, is an error that names the file and the key: a typo must not
// silently leave a default in force.
Outcome load_server_config(const std::string& path, ServerConfig& c) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(utf8_path(path), ec) || !std::ifstream(utf8_path(path)))
    return make_error(ErrorKind::Invalid, "config_unreadable",
                      {"No se puede leer la configuración: " + path, "Cannot read the configuration: " + path});
  auto invalid = [&](const std::string& key, const Bilingual& why) {
    return make_error(ErrorKind::Invalid, "config_invalid",
                      {path + ": " + key + ": " + why.es, path + ": " + key + ": " + why.en});
  };
  auto minutes = [](std::int64_t& into) { return [&into](std::int64_t v) { into = v * 60; }; };
  auto hours = [](std::int64_t& into) { return [&into](std::int64_t v) { into = v * 3600; }; };
  auto& sla = c.service_levels;
  const std::map<std::string, std::function<void(const std::string&)>> text_keys{
      {"listen", [&](const std::string& v) { c.listen = v; }},
      {"db", [&](const std::string& v) { c.db_path = v; }},
      {"log_dir", [&](const std::string& v) { c.log_dir = v; }},
      {"log_level", [&](const std::string& v) { c.log_level = v; }},
      {"catalog_file", [&](const std::string& v) { c.catalog_file = v; }},
      {"dashboard_chart_js", [&](const std::string& v) { c.dashboard_chart_js = v; }},
      {"proxy_key_file", [&](const std::string& v) { c.proxy_key_file = v; }},
      {"trusted_proxies",
       [&](const std::string& v) {
         c.trusted_proxies.clear();
         std::size_t start = 0;
         while (start <= v.size()) {
           auto comma = v.find(',', start);
           if (comma == std::string::npos) comma = v.size();
           if (auto one = trim(v.substr(start, comma - start)); !one.empty()) c.trusted_proxies.push_back(one);
           start = comma + 1;
         }
       }},
      {"directory.url", [&](const std::string& v) { c.directory.url = v; }},
      {"directory.base", [&](const std::string& v) { c.directory.base = v; }},
      {"directory.user_filter", [&](const std::string& v) { c.directory.user_filter = v; }},
      {"directory.employee_attribute", [&](const std::string& v) { c.directory.employee_attribute = v; }},
      {"directory.name_attribute", [&](const std::string& v) { c.directory.name_attribute = v; }},
      {"directory.bind_dn", [&](const std::string& v) { c.directory.bind_dn = v; }},
      {"directory.bind_password_file", [&](const std::string& v) { c.directory.bind_password_file = v; }},
      {"directory.ca_file", [&](const std::string& v) { c.directory.ca_file = v; }},
  };
  const std::map<std::string, std::function<void(std::int64_t)>> number_keys{
      {"threads", [&](std::int64_t v) { c.threads = static_cast<int>(v); }},
      {"max_request_bytes",
       [&](std::int64_t v) { c.max_request_bytes = static_cast<decltype(c.max_request_bytes)>(v); }},
      {"lookup_failures_allowed", [&](std::int64_t v) { c.lookup_failures_allowed = static_cast<int>(v); }},
      {"lookup_window_seconds", [&](std::int64_t v) { c.lookup_window_seconds = v; }},
      {"directory.timeout_seconds",
       [&](std::int64_t v) { c.directory.timeout_seconds = static_cast<int>(std::min<std::int64_t>(v, 1000)); }},
      {"directory.failures_allowed",
       [&](std::int64_t v) { c.directory.failures_allowed = static_cast<int>(std::min<std::int64_t>(v, 1000)); }},
      // 1: plain ldap:// without StartTLS, passwords in the clear (a lab's directory only).
      {"directory.allow_plaintext", [&](std::int64_t v) { c.directory.allow_plaintext = v != 0; }},
      // 1: every connection from a trusted proxy opens with a PROXY protocol header.
      {"proxy_protocol", [&](std::int64_t v) { c.proxy_protocol = v != 0; }},
      {"auto_close_after_hours", hours(c.auto_close_after_seconds)},
      {"sla.security_soc_minutes", minutes(sla.security_soc_seconds)},
      {"sla.security_onsite_minutes", minutes(sla.security_onsite_seconds)},
      {"sla.priority1_hours", hours(sla.priority_seconds[0])},
      {"sla.priority2_hours", hours(sla.priority_seconds[1])},
      {"sla.priority3_hours", hours(sla.priority_seconds[2])},
      {"sla.priority4_hours", hours(sla.priority_seconds[3])},
      // Seconds, for drills and tests that must see a stage breach without waiting hours.
      {"sla.security_soc_seconds", [&](std::int64_t v) { sla.security_soc_seconds = v; }},
      {"sla.security_onsite_seconds", [&](std::int64_t v) { sla.security_onsite_seconds = v; }},
      {"sla.priority1_seconds", [&](std::int64_t v) { sla.priority_seconds[0] = v; }},
      {"sla.priority2_seconds", [&](std::int64_t v) { sla.priority_seconds[1] = v; }},
      {"sla.priority3_seconds", [&](std::int64_t v) { sla.priority_seconds[2] = v; }},
      {"sla.priority4_seconds", [&](std::int64_t v) { sla.priority_seconds[3] = v; }},
  };
  std::map<std::string, std::string> calendar_keys, group_keys, intake_keys, objective_keys;
  auto take_section = [](const std::string& key, const char* section, std::map<std::string, std::string>& into,
                         const std::string& value) {
    std::string prefix = std::string(section) + ".";
    if (key.rfind(prefix, 0) != 0) return false;
    into[key.substr(prefix.size())] = value;
    return true;
  };
  for (const auto& [key, value] : read_key_values(path)) {
    if (take_section(key, "calendar", calendar_keys, value) || take_section(key, "groups", group_keys, value) ||
        take_section(key, "intake", intake_keys, value) || take_section(key, "objectives", objective_keys, value))
      continue;
    if (auto text = text_keys.find(key); text != text_keys.end()) {
      text->second(value);
    } else if (auto number = number_keys.find(key); number != number_keys.end()) {
      auto parsed = whole_number<std::int64_t>(value);
      if (!parsed || *parsed < 0)
        return invalid(key, {"se esperaba un número entero, no \"" + value + "\"",
                             "a whole number was expected, not \"" + value + "\""});
      number->second(*parsed);
    } else {
      return invalid(key, {"clave desconocida", "unknown key"});
    }
  }
  if (!calendar_keys.empty()) {
    auto calendar = WorkCalendar::from_config(calendar_keys);
    if (!calendar)
      return make_error(ErrorKind::Invalid, "config_invalid",
                        {path + ": " + calendar.error().message, path + ": " + calendar.error().message_en});
    sla.calendar = *calendar;
  }
  if (!group_keys.empty() || !intake_keys.empty()) {
    auto groups = desk_groups(group_keys, intake_keys);
    if (!groups)
      return make_error(ErrorKind::Invalid, "config_invalid",
                        {path + ": " + groups.error().message, path + ": " + groups.error().message_en});
    c.groups = *groups;
  }
  for (const auto& [id, value] : objective_keys) {
    auto objective = tk::server::parse_objective(id, value);
    if (!objective)
      return make_error(ErrorKind::Invalid, "config_invalid",
                        {path + ": " + objective.error().message, path + ": " + objective.error().message_en});
    auto& list = c.objectives;
    const std::string& key = id;  // a structured binding cannot be captured in C++17
    list.erase(std::remove_if(list.begin(), list.end(), [&](const auto& o) { return o.id == key; }), list.end());
    if (*objective) list.push_back(**objective);
  }
  return Done{};
}

// "[groups]" lines "mesa = 1, Mesa de servicios" (id = level, name) replace the default
// groups; a level with several groups names the one tickets arrive at in "[intake]"
// ("2 = sitio"). Every level needs a group: an escalation must always have somewhere to go.
Result<std::vector<DeskGroup>> desk_groups(const std::map<std::string, std::string>& group_keys,
                                           const std::map<std::string, std::string>& intake_keys) {
  auto bad = [](const std::string& key, const Bilingual& why) {
    return make_error(ErrorKind::Invalid, "config_invalid", {key + ": " + why.es, key + ": " + why.en});
  };
  std::vector<DeskGroup> groups = group_keys.empty() ? default_groups() : std::vector<DeskGroup>{};
  for (const auto& [id, value] : group_keys) {
    if (!is_plain_id(id))
      return bad("groups." + id,
                 {"el id admite solo a-z, 0-9, '.', '_' y '-'", "the id takes only a-z, 0-9, '.', '_' and '-'"});
    auto comma = value.find(',');
    std::string level_text = trim(value.substr(0, comma));
    std::string name = comma == std::string::npos ? id : trim(value.substr(comma + 1));
    auto level = parse_level(level_text);
    if (!level || *level == Level::None)
      return bad("groups." + id, {"el nivel debe ser 1, soc, 2 o 3, no \"" + level_text + "\"",
                                  "the level must be 1, soc, 2 or 3, not \"" + level_text + "\""});
    groups.push_back(DeskGroup{id, *level, name.empty() ? id : name});
  }
  std::vector<DeskGroup> ordered;
  for (Level level : {Level::First, Level::Soc, Level::Second, Level::Third}) {
    std::string key(to_string(level));
    std::vector<DeskGroup> at_level;
    for (const auto& g : groups)
      if (g.level == level) at_level.push_back(g);
    if (at_level.empty())
      return bad("groups", {"falta un grupo de nivel " + key, "a group of level " + key + " is missing"});
    auto intake = intake_keys.find(key);
    if (intake == intake_keys.end() && at_level.size() > 1)
      return bad("intake." + key, {"hay varios grupos de nivel " + key + "; indique a cuál llegan los tickets",
                                   "there are several groups of level " + key + "; say which one tickets arrive at"});
    if (intake != intake_keys.end()) {
      auto it =
          std::find_if(at_level.begin(), at_level.end(), [&](const DeskGroup& g) { return g.id == intake->second; });
      if (it == at_level.end())
        return bad("intake." + key, {"no hay un grupo " + intake->second + " de nivel " + key,
                                     "there is no group " + intake->second + " of level " + key});
      std::rotate(at_level.begin(), it, it + 1);
    }
    ordered.insert(ordered.end(), at_level.begin(), at_level.end());
  }
  for (const auto& [key, value] : intake_keys)
    if (!parse_level(key) || key.empty()) return bad("intake." + key, {"nivel desconocido", "unknown level"});
  return ordered;
}

}  // namespace tk
