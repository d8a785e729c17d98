// The administrator's PIN, after the hidden gesture on the logo; typed on the keypad and
// shown as dots.
#pragma once

#include "number_screen.h"

namespace tk::kiosk {

class AdminPinScreen : public NumberScreen {
 public:
  AdminPinScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow);

  // The PIN field is not given the focus (as before screens were classes).
  void focus() override {}

 private:
  void next() override;
};

}  // namespace tk::kiosk
