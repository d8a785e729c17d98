#include "tray_settings.h"

#include <algorithm>

#include "tk/config.h"
#include "tk/platform.h"

namespace tk::tray {

std::string default_settings_path() { return platform::user_config_dir("tk") + "/tray.ini"; }

TraySettings load_settings(const std::string& path, const MachinePolicy& policy) {
  TraySettings s;
  s.policy = policy;
  auto values = read_key_values(path);
  std::string users_server;
  take_value(values, "server", users_server);
  s.server_url = choose_server("", users_server, policy);
  // Sealed for this user on Windows (DPAPI); one sealed elsewhere cannot be used, and the
  // tray then asks to enrol again rather than sending garbage.
  std::string stored_token;
  take_value(values, "token", stored_token);
  s.token = platform::unseal_secret(stored_token).value_or("");
  take_value(values, "name", s.name);
  take_value(values, "employee", s.employee);
  take_value(values, "email", s.email);
  take_value(values, "phone", s.phone);
  take_value(values, "location", s.location);
  // Until the user chooses in Settings, the system's language (LANG, or Windows' display
  // language).
  auto language = values.find("language");
  s.language = language != values.end() ? ui::parse_language(language->second) : system_language();
  if (auto it = values.find("poll_minutes"); it != values.end())
    s.poll_minutes = std::clamp(std::atoi(it->second.c_str()), 1, 60);
  if (policy.poll_minutes) s.poll_minutes = *policy.poll_minutes;
  if (auto it = values.find("warn_before_minutes"); it != values.end())
    s.warn_before_minutes = std::clamp(std::atoi(it->second.c_str()), 1, 24 * 60);
  if (auto it = values.find("warn_before_minutes_soc"); it != values.end())
    s.warn_before_minutes_soc = std::clamp(std::atoi(it->second.c_str()), 1, 24 * 60);
  return s;
}

bool save_settings(const std::string& path, const TraySettings& s) {
  std::map<std::string, std::string> values{{"token", s.token.empty() ? "" : platform::seal_secret(s.token)},
                                            {"language", s.language == ui::Language::English ? "en" : "es"},
                                            {"name", s.name},
                                            {"employee", s.employee},
                                            {"email", s.email},
                                            {"phone", s.phone},
                                            {"location", s.location}};
  // Only a server the user chose: one the policy gives is read from the policy each time,
  // so that when the organisation moves its server every user follows.
  if (!s.server_fixed() && s.server_url != choose_server("", "", s.policy)) values["server"] = s.server_url;
  if (!s.poll_fixed()) values["poll_minutes"] = std::to_string(s.poll_minutes);
  values["warn_before_minutes"] = std::to_string(s.warn_before_minutes);
  values["warn_before_minutes_soc"] = std::to_string(s.warn_before_minutes_soc);
  return write_key_values(path, values);
}

void apply(TraySettings& s, const Overrides& o) {
  if (!o.server_url.empty()) s.server_url = o.server_url;
  if (!o.token.empty()) s.token = o.token;
  if (!o.language.empty()) s.language = ui::parse_language(o.language);
}

}  // namespace tk::tray
