#include "admin_screen.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include "kiosk_widgets.h"
#include "tk/ui/text.h"

namespace tk::kiosk {

AdminScreen::AdminScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow, std::function<void()> sync_now,
                         std::function<void()> exit)
    : KioskScreen(book, host, flow, _("Kiosk administration")) {
  state_ = new wxStaticText(this, wxID_ANY, "");
  state_->SetFont(state_->GetFont().Scaled(1.5f));
  body()->Add(state_, 0, wxALIGN_CENTER | wxALL, FromDIP(12));
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  sync_ = big_button(_("Sync now"), std::move(sync_now));
  row->Add(sync_, 0, wxALL, FromDIP(10));
  leave_ = step_button(_("Back to the kiosk"), [](KioskFlow& f) { f.leave_admin(); });
  row->Add(leave_, 0, wxALL, FromDIP(10));
  exit_ = big_button(_("Exit the kiosk"), std::move(exit));
  row->Add(exit_, 0, wxALL, FromDIP(10));
  body()->Add(row, 0, wxALIGN_CENTER);
}

void AdminScreen::show_state(bool online, int waiting_reports) {
  ui::Translate tr = translate;
  state_->SetLabel(u8((online ? tr(N_("Connected to the service desk")) : tr(N_("No connection"))) + "\n" +
                      ui::format(tr(N_("Reports waiting to be sent: {}")), {std::to_string(waiting_reports)})));
}

}  // namespace tk::kiosk
