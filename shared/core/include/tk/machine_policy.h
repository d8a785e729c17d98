// What the organisation sets for every user of a machine: the installer's properties
// (msiexec ... TK_SERVER=URL) or group policy write it under HKLM\Software\Policies\TK on
// Windows; on Linux an administrator writes /etc/tk/policy.ini with the same names
// ("Server = https://...", one per line). Every program reads it before the user's own
// settings: a value the policy fixes is shown in Settings but cannot be changed there.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace tk {

struct MachinePolicy {
  // The server every program of the machine talks to (Server).
  std::optional<std::string> server_url;
  // Whether a user may still choose another server in Settings (AllowServerChange = 1);
  // when not, the policy's server wins over the user's file.
  bool users_may_change_server = false;
  // How often the tray looks for changes, 1 to 60 minutes (PollMinutes); fixed when set.
  std::optional<int> poll_minutes;

  bool server_fixed() const { return server_url && !users_may_change_server; }
};

// The policy's names, as the registry, policy.ini and the ADMX templates spell them.
inline constexpr const char* kPolicyServer = "Server";
inline constexpr const char* kPolicyAllowServerChange = "AllowServerChange";
inline constexpr const char* kPolicyPollMinutes = "PollMinutes";

// A value by name, nullopt when the policy does not set it.
using PolicyLookup = std::function<std::optional<std::string>(std::string_view name)>;

// The policy from its values. An empty value counts as unset (the MSI writes every value,
// empty when its property was not given); a poll interval that is not a number in 1-60
// is ignored rather than guessed.
MachinePolicy policy_from(const PolicyLookup& lookup);

// This machine's policy (platform::machine_policy_value).
MachinePolicy machine_policy();

// The server a program uses: the one asked for on its command line or environment, else
// the policy's when fixed, else the user's (or kiosk.ini's) own, else the policy's, else
// the built-in default.
std::string choose_server(const std::string& asked, const std::string& users_own, const MachinePolicy& policy);

inline constexpr const char* kDefaultServerUrl = "http://127.0.0.1:8080";

}  // namespace tk
