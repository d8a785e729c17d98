#include "lookup_result_screen.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/toplevel.h>

#include <algorithm>

#include "kiosk_widgets.h"
#include "tk/ui/ticket_view.h"

namespace tk::kiosk {

LookupResultScreen::LookupResultScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow, ui::Language language)
    : KioskScreen(book, host, flow, _("Your ticket")), language_(language) {
  for (auto** label : {&tk_, &status_, &confirmed_}) {
    *label = new wxStaticText(this, wxID_ANY, "");
    body()->Add(*label, 0, wxALIGN_CENTER | wxALL, FromDIP(6));
  }
  tk_->SetFont(tk_->GetFont().Scaled(2.4f).Bold());
  status_->SetFont(status_->GetFont().Scaled(2.0f));
  confirmed_->SetFont(confirmed_->GetFont().Scaled(1.2f));
  timeline_ = new wxPanel(this);
  timeline_->SetBackgroundColour(*wxWHITE);
  timeline_->SetSizer(new wxBoxSizer(wxHORIZONTAL));
  body()->Add(timeline_, 0, wxEXPAND | wxALL, FromDIP(16));
  done_ = step_button(_("Done"), [](KioskFlow& f) { f.home(); });
  body()->Add(done_, 0, wxALIGN_CENTER);
}

void LookupResultScreen::refresh() {
  const auto& t = flow().found();
  if (!t) return;
  ui::Translate tr = translate;
  tk_->SetLabel(u8(t->tk + " — " + t->summary));
  status_->SetLabel(u8(ui::status_text(t->status, t->visible_level(), t->resolution, language_)));
  confirmed_->SetLabel(u8(ui::format(tr(N_("Confirmed by the server: {}")), {ui::local_time(flow().found_at())})));
  auto* sizer = timeline_->GetSizer();
  sizer->Clear(true);
  // Nine steps at most fit across the kiosk's window.
  int window_width = wxGetTopLevelParent(this)->GetClientSize().x;
  for (const auto& step : ui::timeline(*t, tr)) {
    auto* l = new wxStaticText(timeline_, wxID_ANY, u8(std::string(step.reached ? "●" : "○") + "\n" + step.label),
                               wxDefaultPosition, wxDefaultSize, wxALIGN_CENTRE_HORIZONTAL);
    l->SetFont(l->GetFont().Scaled(1.2f));
    if (step.current) l->SetFont(l->GetFont().Bold());
    l->Wrap(std::max(FromDIP(110), window_width / 9));
    l->SetForegroundColour(step.reached ? wxColour(0x1b, 0x5e, 0x20) : wxColour(0x90, 0x90, 0x90));
    sizer->Add(l, 1, wxEXPAND);
  }
  timeline_->Layout();
}

}  // namespace tk::kiosk
