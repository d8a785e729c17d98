#include "tk/config.h"
#include "tk/file_path.h"
#include "tk/platform.h"

#include <filesystem>
#include <fstream>

namespace tk {

std::map<std::string, std::string> read_key_values(const std::string& path) {
  std::map<std::string, std::string> values;
  std::ifstream in(utf8_path(path));
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
    std::ofstream out(utf8_path(temporary), std::ios::trunc);
    if (!out) return false;
    for (const auto& [key, value] : values) out << key << " = " << value << "\n";
    if (!out) return false;
  }
  std::error_code ec;
  // The file may hold a token: readable by its owner only (on Windows the profile's ACL
  // already keeps other users out).
  std::filesystem::permissions(utf8_path(temporary),
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::replace, ec);
  return platform::replace_file(temporary, path);
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
