// The tray's settings: where the server is, the user's token, language, poll interval,
// start at login, and the contact details last used (to prefill the next report). Kept
// in <config dir>/tk/tray.ini, readable by the user only (it holds the token).
#pragma once

#include <chrono>
#include <string>

#include "tk/ui/text.h"

namespace tk::tray {

struct TraySettings {
  std::string server_url = "http://127.0.0.1:8080";
  std::string token;
  ui::Language language = ui::Language::Spanish;
  int poll_minutes = 1;
  // Who the token belongs to, as the server last said: prefills forms offline too.
  std::string name;
  std::string employee;
  std::string email;
  std::string phone;
  std::string location;

  std::chrono::milliseconds poll_interval() const { return std::chrono::minutes(poll_minutes); }
};

std::string default_settings_path();
TraySettings load_settings(const std::string& path);
bool save_settings(const std::string& path, const TraySettings&);

// Command-line options and environment (TK_SERVER, TK_TOKEN) win over the file.
struct Overrides {
  std::string server_url;
  std::string token;
  std::string language;
};
void apply(TraySettings&, const Overrides&);

}  // namespace tk::tray
