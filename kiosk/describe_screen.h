// The report in words: a summary line, details and the person's name, typed on the
// on-screen keyboard (or a real one). The keyboard types into the field last focused.
#pragma once

#include "kiosk_screen.h"

class wxStaticText;
class wxTextCtrl;

namespace tk::kiosk {

class OnScreenKeyboard;

class DescribeScreen : public KioskScreen {
 public:
  DescribeScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow);

  wxTextCtrl* summary_field() const { return summary_; }
  wxTextCtrl* description_field() const { return description_; }
  wxTextCtrl* name_field() const { return name_; }
  wxStaticText* message() const { return message_; }
  OnScreenKeyboard* keyboard() const { return keyboard_; }
  wxButton* next_button() const { return next_; }

  void refresh() override;
  void focus() override;
  void clear() override;

 private:
  wxTextCtrl* add_field(wxSizer* grid, const wxString& caption, long style, int height);

  wxTextCtrl* summary_;
  wxTextCtrl* description_;
  wxTextCtrl* name_;
  wxStaticText* message_;
  OnScreenKeyboard* keyboard_ = nullptr;
  wxButton* next_;
};

}  // namespace tk::kiosk
