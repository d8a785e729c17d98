#include "home_screen.h"

#include <wx/button.h>
#include <wx/sizer.h>

#include "kiosk_widgets.h"

namespace tk::kiosk {

HomeScreen::HomeScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow)
    : KioskScreen(book, host, flow, _("How can we help you?")) {
  body()->AddStretchSpacer();
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  report_ = step_button(_("Report a fault"), [](KioskFlow& f) { f.report_fault(); });
  row->Add(report_, 1, wxEXPAND | wxALL, FromDIP(12));
  lookup_ = step_button(_("Look up my ticket"), [](KioskFlow& f) { f.look_up(); });
  row->Add(lookup_, 1, wxEXPAND | wxALL, FromDIP(12));
  security_ = step_button(_("Security incident"), [](KioskFlow& f) { f.report_security(); });
  row->Add(security_, 1, wxEXPAND | wxALL, FromDIP(12));
  for (auto* b : {report_, lookup_, security_}) b->SetMinSize(wxSize(b->GetMinSize().x, touch_px(this) * 3));
  body()->Add(row, 0, wxEXPAND);
  body()->AddStretchSpacer();
}

}  // namespace tk::kiosk
