#include "tray_icon.h"

#include <wx/app.h>
#include <wx/filename.h>
#include <wx/menu.h>
#include <wx/utils.h>

#include <filesystem>

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
  notifier_ = StatusNotifier::create(
      // Queued, as wx's own menu events are: the handler may close windows or quit.
      [this](int id) { QueueEvent(new wxCommandEvent(wxEVT_MENU, id)); },
      [this](bool) { show_where_the_desktop_looks(); });
}

TrayIcon::~TrayIcon() = default;

namespace {

const char* icon_name_of(TrayLook look) {
  switch (look) {
    case TrayLook::Online: return "tk-tray-online";
    case TrayLook::Offline: return "tk-tray-offline";
    case TrayLook::Waiting: return "tk-tray-waiting";
    case TrayLook::Attention: return "tk-tray-attention";
    case TrayLook::Unknown: break;
  }
  return "tk-tray-unknown";
}

// The session's private runtime folder where there is one; else a folder of this user's
// in the temporary directory. (The desktop reads the icons from there by name.)
std::string make_icon_dir() {
  wxString base;
  if (!wxGetEnv("XDG_RUNTIME_DIR", &base) || base.empty()) base = wxFileName::GetTempDir();
  std::filesystem::path dir =
      std::filesystem::path(base.utf8_string()) / ("tk-tray-icons-" + wxGetUserId().utf8_string());
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  return ec ? std::string() : dir.string();
}

}  // namespace

void TrayIcon::show_status(const TrayStatus& status) {
  look_ = look_of(status);
  tooltip_ = wxString::FromUTF8(tooltip_of(status, controller_.translate()));
  if (notifier_) update_status_notifier();
  show_where_the_desktop_looks();
}

// One icon at a time: the StatusNotifierItem while a desktop watcher has it, wx's
// (XEmbed) icon otherwise.
void TrayIcon::show_where_the_desktop_looks() {
  if (shown_as_status_notifier())
    RemoveIcon();
  else
    SetIcon(tray_icon_bitmap(look_), tooltip_);
}

void TrayIcon::update_status_notifier() {
  if (!notifier_has_menu_ || notifier_menu_for_desk_ != controller_.is_desk()) {
    std::vector<StatusNotifier::MenuEntry> entries;
    for (const auto& e : menu_entries()) entries.push_back({e.id, e.label.utf8_string()});
    notifier_->set_menu(entries, MyTickets);
    notifier_menu_for_desk_ = controller_.is_desk();
    notifier_has_menu_ = true;
  }
  if (icon_dir_.empty()) icon_dir_ = make_icon_dir();
  if (icon_dir_.empty()) return;
  std::string name = icon_name_of(look_);
  std::filesystem::path file = std::filesystem::path(icon_dir_) / (name + ".png");
  // Written once a run: a file left by an older version must not stand in for this one's.
  if (written_looks_.insert(look_).second) {
    if (!wxImage::FindHandler(wxBITMAP_TYPE_PNG)) wxImage::AddHandler(new wxPNGHandler);
    // Drawn large: the desktop scales it to its panel, and to the screen's density.
    tray_icon_image(look_, 64).SaveFile(wxString::FromUTF8(file.string()), wxBITMAP_TYPE_PNG);
  }
  notifier_->set_icon(icon_dir_, name, tooltip_.utf8_string());
  notifier_->set_title(tooltip_.utf8_string());
}

std::vector<TrayIcon::Entry> TrayIcon::menu_entries() const {
  std::vector<Entry> entries{{ReportFault, _("Report a fault")},
                             {ReportSecurity, _("Report a security incident")},
                             {RequestService, _("Request a service")},
                             {0, {}},
                             {MyTickets, _("My tickets")}};
  if (controller_.is_desk()) entries.push_back({MyQueue, _("My queue")});
  entries.insert(entries.end(), {{SyncNow, _("Sync now")}, {0, {}}, {Settings, _("Settings")}, {Quit, _("Quit")}});
  return entries;
}

wxMenu* TrayIcon::CreatePopupMenu() {
  auto* menu = new wxMenu;
  for (const auto& e : menu_entries()) {
    if (e.id == 0)
      menu->AppendSeparator();
    else
      menu->Append(e.id, e.label);
  }
  return menu;
}

}  // namespace tk::tray
