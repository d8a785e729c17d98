#include "admin_pin_screen.h"

#include <wx/textctrl.h>

namespace tk::kiosk {

AdminPinScreen::AdminPinScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow)
    : NumberScreen(book, host, flow, _("Administrator PIN"), false) {
  field()->SetWindowStyleFlag(field()->GetWindowStyleFlag() | wxTE_PASSWORD);
}

void AdminPinScreen::next() {
  flow().check_pin(typed());
  field()->Clear();
  host().show_screen();
}

}  // namespace tk::kiosk
