#include "tray_settings.h"

#include <algorithm>

#include "tk/config.h"
#include "tk/platform.h"

namespace tk::tray {

std::string default_settings_path() { return platform::user_config_dir("tk") + "/tray.ini"; }

TraySettings load_settings(const std::string& path) {
  TraySettings s;
  auto values = read_key_values(path);
  take_value(values, "server", s.server_url);
  take_value(values, "token", s.token);
  take_value(values, "name", s.name);
  take_value(values, "employee", s.employee);
  take_value(values, "email", s.email);
  take_value(values, "phone", s.phone);
  take_value(values, "location", s.location);
  if (auto it = values.find("language"); it != values.end()) s.language = ui::parse_language(it->second);
  if (auto it = values.find("poll_minutes"); it != values.end())
    s.poll_minutes = std::clamp(std::atoi(it->second.c_str()), 1, 60);
  return s;
}

bool save_settings(const std::string& path, const TraySettings& s) {
  return write_key_values(path, {{"server", s.server_url},
                                 {"token", s.token},
                                 {"language", s.language == ui::Language::English ? "en" : "es"},
                                 {"poll_minutes", std::to_string(s.poll_minutes)},
                                 {"name", s.name},
                                 {"employee", s.employee},
                                 {"email", s.email},
                                 {"phone", s.phone},
                                 {"location", s.location}});
}

void apply(TraySettings& s, const Overrides& o) {
  if (!o.server_url.empty()) s.server_url = o.server_url;
  if (!o.token.empty()) s.token = o.token;
  if (!o.language.empty()) s.language = ui::parse_language(o.language);
}

}  // namespace tk::tray
