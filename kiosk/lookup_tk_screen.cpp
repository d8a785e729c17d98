#include "lookup_tk_screen.h"

namespace tk::kiosk {

LookupTkScreen::LookupTkScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow)
    : NumberScreen(book, host, flow, _("Your ticket number"), true, "TK-") {}

void LookupTkScreen::next() {
  flow().set_lookup_tk(typed());
  host().show_screen();
}

}  // namespace tk::kiosk
