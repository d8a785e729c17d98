#include "tk/config.h"
#include "tk/file_path.h"
#include "tk/platform.h"

#include <filesystem>
#include <fstream>

namespace tk {

namespace {

std::string trimmed(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r") - b + 1));
}

// The value without its comment: a '#' standing alone as a word ("key = x  # why",
// "key =  # none") starts one, while a '#' inside a word is the value's ("#0f4c81",
// "Edificio B #3"). A value in double quotes is taken as it is, with \" and \\ for a
// quote and a backslash: that is how write_key_values keeps whatever a person typed.
std::string value_of(std::string_view raw) {
  std::string value = trimmed(raw);
  if (value.size() >= 2 && value.front() == '"') {
    std::string literal;
    for (std::size_t i = 1; i < value.size(); ++i) {
      if (value[i] == '\\' && i + 1 < value.size()) {
        literal += value[++i];
      } else if (value[i] == '"') {
        return literal;
      } else {
        literal += value[i];
      }
    }
  }
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  for (std::size_t i = 0; i < value.size(); ++i)
    if (value[i] == '#' && (i == 0 || blank(value[i - 1])) && (i + 1 == value.size() || blank(value[i + 1])))
      return trimmed(std::string_view(value).substr(0, i));
  return value;
}

std::string quoted_if_needed(const std::string& value) {
  bool plain = value == trimmed(value) && value.find_first_of("\"#") == std::string::npos;
  if (plain) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

std::map<std::string, std::string> read_key_values(const std::string& path, std::string_view own_section) {
  std::map<std::string, std::string> values;
  std::ifstream in(utf8_path(path));
  std::string line, prefix;
  bool first = true;
  while (std::getline(in, line)) {
    if (first && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a BOM, as Notepad writes
    first = false;
    std::string text = trimmed(line);
    if (text.empty() || text[0] == '#' || text[0] == ';') continue;
    if (text.front() == '[' && text.back() == ']') {
      std::string section = trimmed(std::string_view(text).substr(1, text.size() - 2));
      prefix = section.empty() || section == own_section ? "" : section + ".";
      continue;
    }
    auto eq = text.find('=');
    if (eq == std::string::npos) continue;
    values[prefix + trimmed(std::string_view(text).substr(0, eq))] = value_of(std::string_view(text).substr(eq + 1));
  }
  return values;
}

void take_value(const std::map<std::string, std::string>& values, const char* key, std::string& into) {
  if (auto it = values.find(key); it != values.end()) into = it->second;
}

bool write_key_values(const std::string& path, const std::map<std::string, std::string>& values) {
  std::string text;
  for (const auto& [key, value] : values) text += key + " = " + quoted_if_needed(value) + "\n";
  // The file may hold a token: made readable by its owner alone before anything is in it.
  return platform::write_private_file(path, text);
}

Result<HostPort> parse_host_port(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    return make_error(ErrorKind::Invalid, "invalid_listen", N_("Use HOST:PORT, e.g. 127.0.0.1:8080."));
  HostPort hp{text.substr(0, colon), 0};
  try {
    std::size_t used = 0;
    hp.port = std::stoi(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || hp.port < 0 || hp.port > 65535) throw std::out_of_range("port");
  } catch (const std::exception&) {
    return make_error(ErrorKind::Invalid, "invalid_listen",
                      {"Puerto no válido en " + text + ".", "Invalid port in " + text + "."});
  }
  return hp;
}

}  // namespace tk
