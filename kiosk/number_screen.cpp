#include "number_screen.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "kiosk_widgets.h"

namespace tk::kiosk {

NumberScreen::NumberScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow, const wxString& title, bool with_dash,
                           const wxString& prefix)
    : KioskScreen(book, host, flow, title) {
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  if (!prefix.empty()) {
    auto* fixed = new wxStaticText(this, wxID_ANY, prefix);
    fixed->SetFont(fixed->GetFont().Scaled(2.2f).Bold());
    row->Add(fixed, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
  }
  field_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(touch_px(this) * 6, -1), wxTE_PROCESS_ENTER);
  field_->SetFont(field_->GetFont().Scaled(2.2f));
  field_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) {
    this->host().touched();
    next();
  });
  field_->Bind(wxEVT_TEXT, [this](wxCommandEvent& e) {
    this->host().touched();
    e.Skip();
  });
  row->Add(field_, 0, wxALIGN_CENTER_VERTICAL);
  body()->Add(row, 0, wxALIGN_CENTER | wxBOTTOM, FromDIP(12));
  message_ = new wxStaticText(this, wxID_ANY, "");
  message_->SetForegroundColour(warning_colour());
  message_->SetFont(message_->GetFont().Scaled(1.3f));
  body()->Add(message_, 0, wxALIGN_CENTER | wxBOTTOM, FromDIP(8));
  keypad_ = new Keypad(this, host, field_, with_dash);
  body()->Add(keypad_, 0, wxALIGN_CENTER);
  next_ = big_button(_("Continue"), [this] { next(); });
  body()->Add(next_, 0, wxALIGN_CENTER | wxTOP, FromDIP(16));
}

std::string NumberScreen::typed() const { return utf8(field_->GetValue()); }

void NumberScreen::refresh() { message_->SetLabel(u8(flow().message())); }

void NumberScreen::focus() { field_->SetFocus(); }

void NumberScreen::clear() {
  field_->Clear();
  message_->SetLabel("");
}

}  // namespace tk::kiosk
