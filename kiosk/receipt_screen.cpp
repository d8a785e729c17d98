#include "receipt_screen.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>
#include <wx/stattext.h>

#include "kiosk_widgets.h"
#include "qr_code.h"

namespace tk::kiosk {

ReceiptScreen::ReceiptScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow)
    : KioskScreen(book, host, flow, _("Your report")) {
  title_ = new wxStaticText(this, wxID_ANY, "");
  title_->SetFont(title_->GetFont().Scaled(1.6f));
  body()->Add(title_, 0, wxALIGN_CENTER | wxALL, FromDIP(8));
  number_ = new wxStaticText(this, wxID_ANY, "");
  number_->SetFont(number_->GetFont().Scaled(4.0f).Bold());
  body()->Add(number_, 0, wxALIGN_CENTER | wxALL, FromDIP(8));
  qr_ = new wxStaticBitmap(this, wxID_ANY, wxBitmap(FromDIP(220), FromDIP(220)));
  body()->Add(qr_, 0, wxALIGN_CENTER | wxALL, FromDIP(8));
  detail_ = new wxStaticText(this, wxID_ANY, "");
  detail_->SetFont(detail_->GetFont().Scaled(1.3f));
  body()->Add(detail_, 0, wxALIGN_CENTER | wxALL, FromDIP(8));
  done_ = step_button(_("Done"), [](KioskFlow& f) { f.home(); });
  body()->Add(done_, 0, wxALIGN_CENTER);
}

void ReceiptScreen::refresh() {
  const FiledReport& r = flow().receipt();
  if (r.outcome == FiledReport::Outcome::Sent) {
    title_->SetLabel(_("Your report was registered. Its number is:"));
    number_->SetLabel(u8(r.tk));
    qr_->SetBitmap(qr_bitmap(r.tk, FromDIP(220)));
    qr_->Show();
    detail_->SetLabel(_("Write it down or scan the code to follow your report."));
  } else {
    title_->SetLabel(_("Saved; it will be sent when the connection is back"));
    number_->SetLabel(u8(r.local_id));
    qr_->Hide();
    detail_->SetLabel(_("This is its provisional reference. The service desk will give you its number."));
  }
}

}  // namespace tk::kiosk
