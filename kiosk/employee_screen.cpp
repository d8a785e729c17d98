#include "employee_screen.h"

namespace tk::kiosk {

EmployeeScreen::EmployeeScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow)
    : NumberScreen(book, host, flow, _("Your employee number"), false) {}

void EmployeeScreen::next() {
  flow().set_employee(typed());
  host().show_screen();
}

}  // namespace tk::kiosk
