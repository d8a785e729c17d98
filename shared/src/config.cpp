#include "tk/config.h"

#include <boost/program_options.hpp>

#include <filesystem>
#include <fstream>

namespace tk {

namespace po = boost::program_options;

Outcome load_server_config(const std::string& path, ServerConfig& c) {
  std::ifstream in(path);
  if (!in)
    return make_error(ErrorKind::Invalid, "config_unreadable", "No se puede leer la configuración: " + path);
  po::options_description keys;
  std::int64_t p1, p2, p3, p4, soc, onsite, auto_close_hours;
  keys.add_options()
      ("listen", po::value(&c.listen))
      ("db", po::value(&c.db_path))
      ("threads", po::value(&c.threads))
      ("log_dir", po::value(&c.log_dir))
      ("log_level", po::value(&c.log_level))
      ("catalog_file", po::value(&c.catalog_file))
      ("max_request_bytes", po::value(&c.max_request_bytes))
      ("lookup_failures_allowed", po::value(&c.lookup_failures_allowed))
      ("lookup_window_seconds", po::value(&c.lookup_window_seconds))
      ("auto_close_after_hours", po::value(&auto_close_hours))
      ("sla.security_soc_minutes", po::value(&soc))
      ("sla.security_onsite_minutes", po::value(&onsite))
      ("sla.priority1_hours", po::value(&p1))
      ("sla.priority2_hours", po::value(&p2))
      ("sla.priority3_hours", po::value(&p3))
      ("sla.priority4_hours", po::value(&p4));
  po::variables_map vm;
  try {
    po::store(po::parse_config_file(in, keys, false), vm);
    po::notify(vm);
  } catch (const std::exception& e) {
    return make_error(ErrorKind::Invalid, "config_invalid", path + ": " + e.what());
  }
  if (vm.count("sla.security_soc_minutes")) c.service_levels.security_soc_seconds = soc * 60;
  if (vm.count("sla.security_onsite_minutes")) c.service_levels.security_onsite_seconds = onsite * 60;
  const std::int64_t* hours[] = {&p1, &p2, &p3, &p4};
  for (int i = 0; i < 4; ++i)
    if (vm.count("sla.priority" + std::to_string(i + 1) + "_hours"))
      c.service_levels.priority_seconds[static_cast<std::size_t>(i)] = *hours[i] * 3600;
  if (vm.count("auto_close_after_hours")) c.auto_close_after_seconds = auto_close_hours * 3600;
  return Done{};
}

std::map<std::string, std::string> read_key_values(const std::string& path) {
  std::map<std::string, std::string> values;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    auto trim_text = [](std::string s) {
      auto b = s.find_first_not_of(" \t\r");
      auto e = s.find_last_not_of(" \t\r");
      return b == std::string::npos ? std::string{} : s.substr(b, e - b + 1);
    };
    values[trim_text(line.substr(0, eq))] = trim_text(line.substr(eq + 1));
  }
  return values;
}

void take_value(const std::map<std::string, std::string>& values, const char* key, std::string& into) {
  if (auto it = values.find(key); it != values.end()) into = it->second;
}

bool write_key_values(const std::string& path, const std::map<std::string, std::string>& values) {
  std::string temporary = path + ".new";
  {
    std::ofstream out(temporary, std::ios::trunc);
    if (!out) return false;
    for (const auto& [key, value] : values) out << key << " = " << value << "\n";
    if (!out) return false;
  }
  std::filesystem::permissions(temporary, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::replace);
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  return !ec;
}

Result<HostPort> parse_host_port(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    return make_error(ErrorKind::Invalid, "invalid_listen", "Use HOST:PORT, p. ej. 127.0.0.1:8080.");
  HostPort hp{text.substr(0, colon), 0};
  try {
    std::size_t used = 0;
    hp.port = std::stoi(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || hp.port < 0 || hp.port > 65535) throw std::out_of_range("port");
  } catch (const std::exception&) {
    return make_error(ErrorKind::Invalid, "invalid_listen", "Puerto no válido en " + text + ".");
  }
  return hp;
}

}  // namespace tk
