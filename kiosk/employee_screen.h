// The reporter's employee number, on a keypad: the first step of a report.
#pragma once

#include "number_screen.h"

namespace tk::kiosk {

class EmployeeScreen : public NumberScreen {
 public:
  EmployeeScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow);

 private:
  void next() override;
};

}  // namespace tk::kiosk
