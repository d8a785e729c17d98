// The kiosk at rest: report a fault, look up a ticket, or report a security incident.
#pragma once

#include "kiosk_screen.h"

namespace tk::kiosk {

class HomeScreen : public KioskScreen {
 public:
  HomeScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow);

  wxButton* report_button() const { return report_; }
  wxButton* lookup_button() const { return lookup_; }
  wxButton* security_button() const { return security_; }

 private:
  wxButton* report_;
  wxButton* lookup_;
  wxButton* security_;
};

}  // namespace tk::kiosk
