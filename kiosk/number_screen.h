// What the four number screens share (employee number, TK, look-up employee number,
// administrator PIN): a big field, a line for the flow's message, a keypad and Continue.
// Continue and Enter in the field both call next().
#pragma once

#include "kiosk_screen.h"

class wxStaticText;
class wxTextCtrl;

namespace tk::kiosk {

class Keypad;

class NumberScreen : public KioskScreen {
 public:
  wxTextCtrl* field() const { return field_; }
  wxStaticText* message() const { return message_; }
  Keypad* keypad() const { return keypad_; }
  wxButton* next_button() const { return next_; }

  void refresh() override;
  void focus() override;
  void clear() override;

 protected:
  // `prefix`: shown before the field and not typed ("TK-"); `with_dash`: a dash key.
  NumberScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow, const wxString& title, bool with_dash,
               const wxString& prefix = wxString());
  // What was typed, in UTF-8.
  std::string typed() const;
  virtual void next() = 0;

 private:
  wxTextCtrl* field_;
  wxStaticText* message_;
  Keypad* keypad_;
  wxButton* next_;
};

}  // namespace tk::kiosk
