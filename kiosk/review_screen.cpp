#include "review_screen.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include "kiosk_widgets.h"
#include "tk/ui/text.h"

namespace tk::kiosk {

ReviewScreen::ReviewScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow, std::function<void()> send)
    : KioskScreen(book, host, flow, _("Is this right?")) {
  review_ = new wxStaticText(this, wxID_ANY, "");
  review_->SetFont(review_->GetFont().Scaled(1.5f));
  body()->Add(review_, 0, wxALIGN_CENTER | wxALL, FromDIP(16));
  message_ = new wxStaticText(this, wxID_ANY, "");
  message_->SetForegroundColour(warning_colour());
  body()->Add(message_, 0, wxALIGN_CENTER);
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  // While the report is on its way, the person stays here.
  correct_ = big_button(_("Correct"), [this] {
    if (this->host().busy()) return;
    this->flow().back();
    this->host().show_screen();
  });
  row->Add(correct_, 0, wxALL, FromDIP(12));
  send_ = big_button(_("Send"), std::move(send));
  row->Add(send_, 0, wxALL, FromDIP(12));
  body()->Add(row, 0, wxALIGN_CENTER);
}

void ReviewScreen::refresh() {
  ui::Translate tr = translate;
  std::string category = flow().category();
  for (const auto& c : flow().categories())
    if (c.id == flow().category()) category = c.label;
  std::string effect;
  if (flow().type() != TicketType::SecurityIncident)
    effect = "\n" + ui::impact_text(flow().impact(), flow().config().language) + " · " +
             ui::urgency_text(flow().urgency(), flow().config().language);
  std::string text = ui::type_text(flow().type(), tr) + "\n" + category + effect + "\n\n«" + flow().summary() +
                     "»\n\n" + ui::format(tr(N_("Employee number: {}")), {flow().employee()});
  if (!flow().name().empty()) text += "\n" + flow().name();
  review_->SetLabel(u8(text));
  message_->SetLabel(u8(flow().message()));
  send_->Enable(!host().busy());
}

void ReviewScreen::clear() { message_->SetLabel(""); }

}  // namespace tk::kiosk
