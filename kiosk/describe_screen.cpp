#include "describe_screen.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "kiosk_widgets.h"

namespace tk::kiosk {

DescribeScreen::DescribeScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow)
    : KioskScreen(book, host, flow, _("Tell us what happens")) {
  auto* grid = new wxFlexGridSizer(2, wxSize(FromDIP(12), FromDIP(8)));
  grid->AddGrowableCol(1, 1);
  int touch = touch_px(this);
  summary_ = add_field(grid, _("In one line"), 0, touch);
  description_ = add_field(grid, _("More details (optional)"), wxTE_MULTILINE, touch * 3 / 2);
  name_ = add_field(grid, _("Your name (optional)"), 0, touch);
  body()->Add(grid, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(40));
  message_ = new wxStaticText(this, wxID_ANY, "");
  message_->SetForegroundColour(warning_colour());
  message_->SetFont(message_->GetFont().Scaled(1.3f));
  body()->Add(message_, 0, wxALIGN_CENTER | wxTOP, FromDIP(6));
  // The keyboard and, beside it, the way on: a screen 800 pixels high has room for both.
  auto* bottom = new wxBoxSizer(wxHORIZONTAL);
  keyboard_ = new OnScreenKeyboard(this, host);
  bottom->Add(keyboard_, 0, wxALIGN_BOTTOM);
  next_ = big_button(_("Continue"), [this] {
    this->flow().set_description(utf8(summary_->GetValue()), utf8(description_->GetValue()), utf8(name_->GetValue()));
    this->host().show_screen();
  });
  bottom->Add(next_, 0, wxALIGN_BOTTOM | wxLEFT, FromDIP(16));
  body()->Add(bottom, 0, wxALIGN_CENTER | wxTOP, FromDIP(6));
  keyboard_->set_target(summary_);
}

wxTextCtrl* DescribeScreen::add_field(wxSizer* grid, const wxString& caption, long style, int height) {
  auto* l = new wxStaticText(this, wxID_ANY, caption);
  l->SetFont(l->GetFont().Scaled(1.3f));
  grid->Add(l, 0, wxALIGN_CENTER_VERTICAL);
  auto* text = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(-1, height), style);
  text->SetFont(text->GetFont().Scaled(1.4f));
  text->Bind(wxEVT_SET_FOCUS, [this, text](wxFocusEvent& e) {
    if (keyboard_) keyboard_->set_target(text);
    e.Skip();
  });
  text->Bind(wxEVT_TEXT, [this](wxCommandEvent& e) {
    host().touched();
    e.Skip();
  });
  grid->Add(text, 1, wxEXPAND);
  return text;
}

void DescribeScreen::refresh() { message_->SetLabel(u8(flow().message())); }

void DescribeScreen::focus() {
  if (keyboard_->target()) keyboard_->target()->SetFocus();
}

void DescribeScreen::clear() {
  for (auto* field : {summary_, description_, name_}) field->Clear();
  message_->SetLabel("");
}

}  // namespace tk::kiosk
