// What will be sent, to check before sending: type, category, summary, employee number,
// name. Send is the frame's (`send`: off its thread); a refusal comes back here.
#pragma once

#include <functional>

#include "kiosk_screen.h"

class wxStaticText;

namespace tk::kiosk {

class ReviewScreen : public KioskScreen {
 public:
  ReviewScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow, std::function<void()> send);

  wxStaticText* review_text() const { return review_; }
  wxStaticText* message() const { return message_; }
  wxButton* correct_button() const { return correct_; }
  wxButton* send_button() const { return send_; }

  void refresh() override;
  void clear() override;

 private:
  wxStaticText* review_;
  wxStaticText* message_;
  wxButton* correct_;
  wxButton* send_;
};

}  // namespace tk::kiosk
