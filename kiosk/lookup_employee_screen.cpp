#include "lookup_employee_screen.h"

namespace tk::kiosk {

LookupEmployeeScreen::LookupEmployeeScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow,
                                           std::function<void(const std::string&)> look_up)
    : NumberScreen(book, host, flow, _("Your employee number"), false), look_up_(std::move(look_up)) {}

void LookupEmployeeScreen::next() { look_up_(typed()); }

}  // namespace tk::kiosk
