#include "impact_screen.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <algorithm>

#include "kiosk_widgets.h"
#include "tk/catalog.h"

namespace tk::kiosk {
namespace {

// The chosen answer stands out the way a pressed key would: the kiosk's colours reversed.
void mark(const std::vector<wxButton*>& buttons, int chosen) {
  for (std::size_t i = 0; i < buttons.size(); ++i) {
    bool on = static_cast<int>(i) + 1 == chosen;
    buttons[i]->SetBackgroundColour(on ? wxColour(0x0f, 0x4c, 0x81) : wxNullColour);
    buttons[i]->SetForegroundColour(on ? *wxWHITE : wxNullColour);
    buttons[i]->Refresh();
  }
}

}  // namespace

ImpactScreen::ImpactScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow)
    : KioskScreen(book, host, flow, _("How does it affect you?")) {
  auto question = [&](const wxString& text, const std::vector<ScaleEntry>& scale, std::vector<wxButton*>& buttons,
                      void (KioskFlow::*set)(int)) {
    auto* label = new wxStaticText(this, wxID_ANY, text);
    label->SetFont(label->GetFont().Scaled(1.3f).Bold());
    body()->Add(label, 0, wxLEFT | wxTOP, FromDIP(16));
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    // Least first, as people read a scale: "Only me", "Several people", "My whole area".
    for (auto it = scale.rbegin(); it != scale.rend(); ++it) {
      int value = it->value;
      const std::string& words = flow.config().language == ui::Language::English ? it->label_en : it->label;
      auto* button = make_big_button(host, this, u8(words), [this, value, set, &buttons] {
        (this->flow().*set)(value);
        mark(buttons, value);
      });
      button->SetMinSize(wxSize(touch_px(this) * 4, touch_px(this) * 2));
      row->Add(button, 1, wxEXPAND | wxALL, FromDIP(10));
      buttons.push_back(button);
    }
    std::reverse(buttons.begin(), buttons.end());  // index 0 is value 1
    body()->Add(row, 0, wxEXPAND);
  };
  question(_("How many people are affected?"), impact_scale(), impact_, &KioskFlow::set_impact);
  question(_("Can you keep working?"), urgency_scale(), urgency_, &KioskFlow::set_urgency);
  next_ = step_button(_("Continue"), [](KioskFlow& f) { f.confirm_impact(); });
  body()->Add(next_, 0, wxALIGN_RIGHT | wxALL, FromDIP(16));
}

void ImpactScreen::refresh() {
  mark(impact_, flow().impact());
  mark(urgency_, flow().urgency());
}

}  // namespace tk::kiosk
