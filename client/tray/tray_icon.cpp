#include "tray_icon.h"

#include <wx/app.h>
#include <wx/menu.h>

#include "icons.h"
#include "tray_controller.h"

namespace tk::tray {

TrayIcon::TrayIcon(TrayController& controller) : controller_(controller) {
  Bind(wxEVT_TASKBAR_LEFT_DCLICK, [this](wxTaskBarIconEvent&) { controller_.show_tickets(); });
  Bind(wxEVT_MENU, [this](wxCommandEvent& e) {
    switch (e.GetId()) {
      case ReportFault: controller_.show_report(ReportKind::Fault); break;
      case ReportSecurity: controller_.show_report(ReportKind::Security); break;
      case RequestService: controller_.show_report(ReportKind::ServiceRequest); break;
      case MyTickets: controller_.show_tickets(); break;
      case MyQueue: controller_.show_queue(); break;
      case SyncNow: controller_.sync_now(); break;
      case Settings: controller_.show_settings(); break;
      // Not from inside the icon's own menu handler: shutting down deletes the icon.
      case Quit: wxTheApp->CallAfter([this] { controller_.shutdown(); }); break;
      default: e.Skip();
    }
  });
}

void TrayIcon::show_status(const TrayStatus& status) {
  look_ = look_of(status);
  tooltip_ = wxString::FromUTF8(tooltip_of(status, controller_.translate()));
  SetIcon(tray_icon_bitmap(look_), tooltip_);
}

wxMenu* TrayIcon::CreatePopupMenu() {
  auto* menu = new wxMenu;
  menu->Append(ReportFault, _("Report a fault"));
  menu->Append(ReportSecurity, _("Report a security incident"));
  menu->Append(RequestService, _("Request a service"));
  menu->AppendSeparator();
  menu->Append(MyTickets, _("My tickets"));
  if (controller_.is_desk()) menu->Append(MyQueue, _("My queue"));
  menu->Append(SyncNow, _("Sync now"));
  menu->AppendSeparator();
  menu->Append(Settings, _("Settings"));
  menu->Append(Quit, _("Quit"));
  return menu;
}

}  // namespace tk::tray
