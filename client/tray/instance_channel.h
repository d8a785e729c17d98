// One tray per user: how a second start of tk-tray hands its request ("report",
// "tickets"...) to the running one. On Linux a wx IPC socket in $XDG_RUNTIME_DIR; on
// Windows a WM_COPYDATA message to a message-only window of the running instance (window
// classes are per session, so each user's session finds its own tray; DDE, wx's IPC there,
// broadcasts to every window and did not get through under Wine).
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace tk::tray {

// Sends `what` to the running instance; false when none answered.
bool send_to_running_instance(const std::string& what);

// Listens for requests while it lives; `on_request` runs on the GUI thread.
class InstanceListener {
 public:
  explicit InstanceListener(std::function<void(const std::string&)> on_request);
  ~InstanceListener();
  InstanceListener(const InstanceListener&) = delete;
  InstanceListener& operator=(const InstanceListener&) = delete;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tk::tray
