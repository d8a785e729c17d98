#include "kiosk_screen.h"

#include <wx/sizer.h>
#include <wx/stattext.h>

#include "kiosk_widgets.h"

namespace tk::kiosk {

KioskScreen::KioskScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow, const wxString& title)
    : wxPanel(book), host_(host), flow_(flow), body_(new wxBoxSizer(wxVERTICAL)) {
  SetBackgroundColour(*wxWHITE);
  auto* heading = new wxStaticText(this, wxID_ANY, title);
  heading->SetFont(heading->GetFont().Scaled(1.8f).Bold());
  body_->Add(heading, 0, wxALIGN_CENTER | wxBOTTOM, FromDIP(8));
  SetSizer(body_);
}

wxButton* KioskScreen::big_button(const wxString& text, std::function<void()> action) {
  return make_big_button(host_, this, text, std::move(action));
}

wxButton* KioskScreen::step_button(const wxString& text, std::function<void(KioskFlow&)> step) {
  return big_button(text, [this, step = std::move(step)] {
    step(flow_);
    host_.show_screen();
  });
}

}  // namespace tk::kiosk
