#include "type_screen.h"

#include <wx/button.h>
#include <wx/sizer.h>

#include "kiosk_widgets.h"

namespace tk::kiosk {

TypeScreen::TypeScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow)
    : KioskScreen(book, host, flow, _("What do you need?")) {
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  incident_ = step_button(_("Something does not work"), [](KioskFlow& f) { f.choose_type(TicketType::Incident); });
  row->Add(incident_, 1, wxEXPAND | wxALL, FromDIP(12));
  request_ = step_button(_("I need a service"), [](KioskFlow& f) { f.choose_type(TicketType::ServiceRequest); });
  row->Add(request_, 1, wxEXPAND | wxALL, FromDIP(12));
  set_tile_icon(incident_, "incident");
  set_tile_icon(request_, "service_request");
  for (auto* b : {incident_, request_}) b->SetMinSize(wxSize(b->GetMinSize().x, touch_px(this) * 4));
  body()->Add(row, 0, wxEXPAND);
}

}  // namespace tk::kiosk
