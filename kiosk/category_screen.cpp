#include "category_screen.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/toplevel.h>
#include <wx/wrapsizer.h>

#include <algorithm>

#include "kiosk_widgets.h"

namespace tk::kiosk {

CategoryScreen::CategoryScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow)
    : KioskScreen(book, host, flow, _("What is it about?")) {
  tile_panel_ = new wxPanel(this);
  tile_panel_->SetBackgroundColour(*wxWHITE);
  tile_panel_->SetSizer(new wxWrapSizer(wxHORIZONTAL));
  body()->Add(tile_panel_, 1, wxEXPAND);
}

wxButton* CategoryScreen::tile(const std::string& category) const {
  for (const auto& t : tiles_)
    if (t.category == category) return t.button;
  return nullptr;
}

void CategoryScreen::refresh() {
  auto* sizer = tile_panel_->GetSizer();
  sizer->Clear(true);
  tiles_.clear();
  // Four tiles a row across the kiosk's window; a long name goes on two lines, broken at
  // the space nearest its middle.
  int window_width = wxGetTopLevelParent(this)->GetClientSize().x;
  int tile_width = std::max(touch_px(this) * 4, (window_width - FromDIP(120)) / 4);
  for (const auto& c : flow().categories()) {
    std::string id = c.id;
    wxString text = u8(c.label);
    if (text.length() > 16) {
      size_t middle = text.length() / 2, best = wxString::npos;
      for (size_t i = 0; i < text.length(); ++i)
        if (text[i] == ' ' && (best == wxString::npos || (i > middle ? i - middle : middle - i) <
                                                             (best > middle ? best - middle : middle - best)))
          best = i;
      if (best != wxString::npos) text[best] = '\n';
    }
    auto* button = make_big_button(host(), tile_panel_, text, [this, id] {
      flow().choose_category(id);
      host().show_screen();
    });
    set_tile_icon(button, id);
    button->SetMinSize(wxSize(tile_width, touch_px(this) * 3));
    sizer->Add(button, 0, wxALL, FromDIP(10));
    tiles_.push_back({id, button});
  }
  tile_panel_->Layout();
}

}  // namespace tk::kiosk
