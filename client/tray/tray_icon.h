// The icon in the notification area: its look and tooltip say the state; its menu opens
// everything the tray offers.
#pragma once

#include <wx/taskbar.h>

#include "tray_status.h"

namespace tk::tray {

class TrayController;

class TrayIcon : public wxTaskBarIcon {
 public:
  explicit TrayIcon(TrayController& controller);
  void show_status(const TrayStatus&);
  TrayLook look() const { return look_; }
  wxString tooltip() const { return tooltip_; }

  enum MenuId {
    ReportFault = wxID_HIGHEST + 100,
    ReportSecurity,
    RequestService,
    MyTickets,
    MyQueue,
    SyncNow,
    Settings,
    Quit,
  };

 protected:
  wxMenu* CreatePopupMenu() override;

 private:
  TrayController& controller_;
  TrayLook look_ = TrayLook::Unknown;
  wxString tooltip_;
};

}  // namespace tk::tray
