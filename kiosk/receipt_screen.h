// The end of a report: the TK large with its QR code, or, when the kiosk is offline,
// "saved" with the local reference.
#pragma once

#include "kiosk_screen.h"

class wxStaticBitmap;
class wxStaticText;

namespace tk::kiosk {

class ReceiptScreen : public KioskScreen {
 public:
  ReceiptScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow);

  wxStaticText* title() const { return title_; }
  wxStaticText* number() const { return number_; }
  wxStaticBitmap* qr() const { return qr_; }
  wxStaticText* detail() const { return detail_; }
  wxButton* done_button() const { return done_; }

  void refresh() override;

 private:
  wxStaticText* title_;
  wxStaticText* number_;
  wxStaticBitmap* qr_;
  wxStaticText* detail_;
  wxButton* done_;
};

}  // namespace tk::kiosk
