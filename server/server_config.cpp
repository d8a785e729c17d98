#include "server_config.h"
#include "tk/file_path.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>

#include "tk/config.h"

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
  };
  const std::map<std::string, std::function<void(std::int64_t)>> number_keys{
      {"threads", [&](std::int64_t v) { c.threads = static_cast<int>(v); }},
      {"max_request_bytes",
       [&](std::int64_t v) { c.max_request_bytes = static_cast<decltype(c.max_request_bytes)>(v); }},
      {"lookup_failures_allowed", [&](std::int64_t v) { c.lookup_failures_allowed = static_cast<int>(v); }},
      {"lookup_window_seconds", [&](std::int64_t v) { c.lookup_window_seconds = v; }},
      {"auto_close_after_hours", hours(c.auto_close_after_seconds)},
      {"sla.security_soc_minutes", minutes(sla.security_soc_seconds)},
      {"sla.security_onsite_minutes", minutes(sla.security_onsite_seconds)},
      {"sla.priority1_hours", hours(sla.priority_seconds[0])},
      {"sla.priority2_hours", hours(sla.priority_seconds[1])},
      {"sla.priority3_hours", hours(sla.priority_seconds[2])},
      {"sla.priority4_hours", hours(sla.priority_seconds[3])},
  };
  for (const auto& [key, value] : read_key_values(path)) {
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
  return Done{};
}

}  // namespace tk
