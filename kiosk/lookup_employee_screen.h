// The employee number that must match the TK: Continue asks the server (the frame does,
// off its thread, through `look_up`).
#pragma once

#include <functional>
#include <string>

#include "number_screen.h"

namespace tk::kiosk {

class LookupEmployeeScreen : public NumberScreen {
 public:
  LookupEmployeeScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow,
                       std::function<void(const std::string& employee)> look_up);

 private:
  void next() override;

  std::function<void(const std::string&)> look_up_;
};

}  // namespace tk::kiosk
