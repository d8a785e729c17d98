// A ticket found by TK and employee number: its state in words, when the server said so,
// and a timeline of the steps it has reached.
#pragma once

#include "kiosk_screen.h"
#include "tk/ui/text.h"

class wxStaticText;

namespace tk::kiosk {

class LookupResultScreen : public KioskScreen {
 public:
  // `language`: the state is worded by the core in the kiosk's language.
  LookupResultScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow, ui::Language language);

  wxStaticText* tk_label() const { return tk_; }
  wxStaticText* status_label() const { return status_; }
  wxStaticText* confirmed_label() const { return confirmed_; }
  wxPanel* timeline() const { return timeline_; }
  wxButton* done_button() const { return done_; }

  void refresh() override;

 private:
  ui::Language language_;
  wxStaticText* tk_;
  wxStaticText* status_;
  wxStaticText* confirmed_;
  wxPanel* timeline_;
  wxButton* done_;
};

}  // namespace tk::kiosk
