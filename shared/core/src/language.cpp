#include "tk/language.h"

#include <cstdlib>
#include <string>

#include "tk/platform.h"

#ifdef _WIN32
#include <windows.h>
#endif

namespace tk {

Language parse_language(std::string_view text) {
  return text.size() >= 2 && (text[0] == 'e' || text[0] == 'E') && (text[1] == 'n' || text[1] == 'N')
             ? Language::English
             : Language::Spanish;
}

const char* accept_language(Language language) { return language == Language::English ? "en" : "es-MX"; }

Language language_from_accept(std::string_view header) {
  double best_quality = 0;
  Language best = Language::Spanish;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    auto semicolon = item.find(';');
    std::string_view tag = item.substr(0, semicolon);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    double quality = 1;
    if (semicolon != std::string_view::npos) {
      auto q = item.find("q=", semicolon);
      if (q != std::string_view::npos) quality = std::atof(std::string(item.substr(q + 2)).c_str());
    }
    bool english = tag.size() >= 2 && parse_language(tag) == Language::English && (tag.size() == 2 || tag[2] == '-');
    bool spanish =
        tag.size() >= 2 && (tag.substr(0, 2) == "es" || tag.substr(0, 2) == "ES") && (tag.size() == 2 || tag[2] == '-');
    if ((english || spanish) && quality > best_quality) {
      best_quality = quality;
      best = english ? Language::English : Language::Spanish;
    }
  }
  return best;
}

Language system_language() {
#ifdef _WIN32
  return PRIMARYLANGID(GetUserDefaultUILanguage()) == LANG_ENGLISH ? Language::English : Language::Spanish;
#else
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    std::string value = platform::environment_variable(name);
    if (value.empty()) continue;
    return parse_language(value);
  }
  return Language::Spanish;
#endif
}

}  // namespace tk
