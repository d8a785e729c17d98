// Fault or service request, as two big tiles with pictograms (a security incident skips
// this screen).
#pragma once

#include "kiosk_screen.h"

namespace tk::kiosk {

class TypeScreen : public KioskScreen {
 public:
  TypeScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow);

  wxButton* incident_button() const { return incident_; }
  wxButton* request_button() const { return request_; }

 private:
  wxButton* incident_;
  wxButton* request_;
};

}  // namespace tk::kiosk
