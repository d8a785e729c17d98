// The tray's settings: where the server is, the user's token, language, poll interval,
// start at login, and the contact details last used (to prefill the next report). Kept
// in <config dir>/tk/tray.ini, readable by the user only (it holds the token; sealed with
// DPAPI for the user on Windows), over the
// machine's policy (tk/machine_policy.h), which may fix the server and the poll interval.
#pragma once

#include <chrono>
#include <string>

#include "tk/machine_policy.h"
#include "tk/ui/text.h"

namespace tk::tray {

struct TraySettings {
  std::string server_url = kDefaultServerUrl;
  std::string token;
  ui::Language language = ui::Language::Spanish;
  int poll_minutes = 1;
  // Agents: how long before a stage's due time the tray warns (the SOC's stage is shorter).
  int warn_before_minutes = 30;
  int warn_before_minutes_soc = 15;
  // Who the token belongs to, as the server last said: prefills forms offline too.
  std::string name;
  std::string employee;
  std::string email;
  std::string phone;
  std::string location;

  // The machine's policy these were read over: what it fixes, Settings shows but does not
  // let the user change, and the user's file never keeps.
  MachinePolicy policy;

  bool server_fixed() const { return policy.server_fixed(); }
  bool poll_fixed() const { return policy.poll_minutes.has_value(); }

  std::chrono::milliseconds poll_interval() const { return std::chrono::minutes(poll_minutes); }
};

std::string default_settings_path();
TraySettings load_settings(const std::string& path, const MachinePolicy& policy = {});
bool save_settings(const std::string& path, const TraySettings&);

// Command-line options and environment (TK_SERVER, TK_TOKEN) win over the file and the
// policy: they are how scripts and tests point one run elsewhere.
struct Overrides {
  std::string server_url;
  std::string token;
  std::string language;
};
void apply(TraySettings&, const Overrides&);

}  // namespace tk::tray
