// How the problem affects the person, in plain words: how many people it touches, and
// whether they can keep working (the impact and urgency scales of tk/catalog.h, the same
// questions the tray asks). Three big choices each, the core's rule for the type chosen to
// begin with; a security report does not come here.
#pragma once

#include <vector>

#include "kiosk_screen.h"

class wxStaticText;

namespace tk::kiosk {

class ImpactScreen : public KioskScreen {
 public:
  ImpactScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow);
  void refresh() override;

  // Index 0 is value 1 (the most): "My whole area or more people", "I cannot work".
  const std::vector<wxButton*>& impact_buttons() const { return impact_; }
  const std::vector<wxButton*>& urgency_buttons() const { return urgency_; }
  wxButton* next_button() const { return next_; }

 private:
  std::vector<wxButton*> impact_;
  std::vector<wxButton*> urgency_;
  wxButton* next_ = nullptr;
};

}  // namespace tk::kiosk
