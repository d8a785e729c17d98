// The icon in the notification area: its look and tooltip say the state; its menu opens
// everything the tray offers.
#pragma once

#include <wx/taskbar.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "status_notifier.h"
#include "tray_status.h"

namespace tk::tray {

class TrayController;

class TrayIcon : public wxTaskBarIcon {
 public:
  explicit TrayIcon(TrayController& controller);
  ~TrayIcon() override;
  void show_status(const TrayStatus&);
  TrayLook look() const { return look_; }
  wxString tooltip() const { return tooltip_; }
  // Whether the desktop shows the icon as a StatusNotifierItem (and wx's is hidden).
  bool shown_as_status_notifier() const { return notifier_ && notifier_->connected(); }

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
  struct Entry {
    int id;  // 0: a separator
    wxString label;
  };
  std::vector<Entry> menu_entries() const;
  void show_where_the_desktop_looks();
  void update_status_notifier();

  TrayController& controller_;
  TrayLook look_ = TrayLook::Unknown;
  wxString tooltip_;
  std::unique_ptr<StatusNotifier> notifier_;
  bool notifier_menu_for_desk_ = false;
  bool notifier_has_menu_ = false;
  std::string icon_dir_;  // where the state icons are written for the desktop to read
  std::set<TrayLook> written_looks_;
};

}  // namespace tk::tray
