#include "tk/machine_policy.h"

#include <cstdlib>

#include "tk/platform.h"

namespace tk {

MachinePolicy policy_from(const PolicyLookup& lookup) {
  auto value = [&](const char* name) -> std::optional<std::string> {
    auto v = lookup(name);
    if (!v) return std::nullopt;
    auto first = v->find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return std::nullopt;
    return v->substr(first, v->find_last_not_of(" \t\r\n") - first + 1);
  };
  MachinePolicy policy;
  policy.server_url = value(kPolicyServer);
  if (auto allow = value(kPolicyAllowServerChange)) policy.users_may_change_server = *allow == "1";
  if (auto poll = value(kPolicyPollMinutes)) {
    char* end = nullptr;
    long minutes = std::strtol(poll->c_str(), &end, 10);
    if (end && *end == '\0' && minutes >= 1 && minutes <= 60) policy.poll_minutes = static_cast<int>(minutes);
  }
  return policy;
}

MachinePolicy machine_policy() { return policy_from(platform::machine_policy_value); }

std::string choose_server(const std::string& asked, const std::string& users_own, const MachinePolicy& policy) {
  if (!asked.empty()) return asked;
  if (policy.server_fixed()) return *policy.server_url;
  if (!users_own.empty()) return users_own;
  if (policy.server_url) return *policy.server_url;
  return kDefaultServerUrl;
}

}  // namespace tk
