// The TK to look up, on a keypad with a dash; "TK-" is given.
#pragma once

#include "number_screen.h"

namespace tk::kiosk {

class LookupTkScreen : public NumberScreen {
 public:
  LookupTkScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow);

 private:
  void next() override;
};

}  // namespace tk::kiosk
