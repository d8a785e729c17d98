#include "kiosk_widgets.h"

#include <wx/button.h>
#include <wx/filename.h>
#include <wx/gdicmn.h>
#include <wx/image.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stdpaths.h>
#include <wx/textctrl.h>

#include <algorithm>

namespace tk::kiosk {

std::string translate(const char* english) { return utf8(wxGetTranslation(wxString::FromUTF8(english))); }

int touch_px(const wxWindow* window) {
  wxSize ppi = wxGetDisplayPPI();
  int px = static_cast<int>(15.0 / 25.4 * std::max(ppi.y, 96));
  return std::max(px, window->FromDIP(58));
}

wxButton* make_big_button(ScreenHost& host, wxWindow* parent, const wxString& text, std::function<void()> action) {
  auto* b = new wxButton(parent, wxID_ANY, text);
  b->SetFont(b->GetFont().Scaled(1.5f).Bold());
  int text_width = b->GetTextExtent(text).x;
  b->SetMinSize(wxSize(std::max(touch_px(parent) * 3, text_width + parent->FromDIP(56)), touch_px(parent)));
  b->Bind(wxEVT_BUTTON, [&host, action = std::move(action)](wxCommandEvent&) {
    host.touched();
    action();
  });
  return b;
}

void set_tile_icon(wxButton* tile, const std::string& id) {
  wxFileName exe(wxStandardPaths::Get().GetExecutablePath());
  for (const wxString& dir : {exe.GetPath() + "/../share/tk/icons", wxString("/usr/share/tk/icons")}) {
    wxString path = dir + "/" + u8(id) + ".png";
    wxImage image;
    if (wxFileExists(path) && image.LoadFile(path, wxBITMAP_TYPE_PNG)) {
      int size = tile->FromDIP(64);
      tile->SetBitmap(wxBitmap(image.Rescale(size, size, wxIMAGE_QUALITY_HIGH)));
      tile->SetBitmapPosition(wxTOP);
      tile->SetBitmapMargins(0, tile->FromDIP(6));
      return;
    }
  }
}

Keypad::Keypad(wxWindow* parent, ScreenHost& host, wxTextCtrl* target, bool with_dash) : wxPanel(parent) {
  SetBackgroundColour(*wxWHITE);
  auto* grid = new wxGridSizer(4, 3, FromDIP(8), FromDIP(8));
  const char* labels[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", with_dash ? "-" : "", "0", "⌫"};
  int touch = touch_px(this);
  for (const char* l : labels) {
    if (!*l) {
      grid->AddSpacer(0);
      continue;
    }
    auto* key = new wxButton(this, wxID_ANY, u8(l), wxDefaultPosition, wxSize(touch * 2, touch));
    key->SetFont(key->GetFont().Scaled(1.8f).Bold());
    std::string text = l;
    key->Bind(wxEVT_BUTTON, [&host, target, text](wxCommandEvent&) {
      host.touched();
      if (text == "⌫") {
        wxString v = target->GetValue();
        if (!v.empty()) target->SetValue(v.Left(v.length() - 1));
      } else {
        target->AppendText(u8(text));
      }
    });
    keys_.push_back(key);
    grid->Add(key, 0, wxEXPAND);
  }
  SetSizer(grid);
}

OnScreenKeyboard::OnScreenKeyboard(wxWindow* parent, ScreenHost& host) : wxPanel(parent) {
  SetBackgroundColour(wxColour(0xf2, 0xf4, 0xf7));
  auto* rows = new wxBoxSizer(wxVERTICAL);
  // The rows as they are on the screen.
  // clang-format off
  const std::vector<std::vector<std::string>> layout{
      {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "⌫"},
      {"q", "w", "e", "r", "t", "y", "u", "i", "o", "p", "á", "é"},
      {"a", "s", "d", "f", "g", "h", "j", "k", "l", "ñ", "í", "ó"},
      {"⇧", "z", "x", "c", "v", "b", "n", "m", ",", ".", "ú", "ü"},
      {"@", "-", "espacio", "¿", "?"}};
  // clang-format on
  int touch = touch_px(this);
  int key_w = std::max(touch, FromDIP(72));
  for (const auto& row : layout) {
    auto* line = new wxBoxSizer(wxHORIZONTAL);
    for (const auto& k : row) {
      wxString text = k == "espacio" ? _("space") : u8(k);
      int width = k == "espacio" ? key_w * 6 : key_w;
      auto* key = new wxButton(this, wxID_ANY, text, wxDefaultPosition, wxSize(width, touch));
      key->SetFont(key->GetFont().Scaled(1.5f));
      key->Bind(wxEVT_BUTTON, [this, &host, k](wxCommandEvent&) {
        host.touched();
        tapped(k);
      });
      keys_.push_back(key);
      line->Add(key, 0, wxALL, FromDIP(3));
    }
    rows->Add(line, 0, wxALIGN_CENTER);
  }
  SetSizer(rows);
}

void OnScreenKeyboard::tapped(const std::string& k) {
  if (!target_) return;
  if (k == "⌫") {
    long from = target_->GetInsertionPoint();
    if (from > 0) target_->Remove(from - 1, from);
  } else if (k == "⇧") {
    shifted_ = !shifted_;
  } else {
    wxString text = k == "espacio" ? wxString(" ") : u8(k);
    if (shifted_) {
      text = text.Upper();
      shifted_ = false;
    }
    target_->WriteText(text);
  }
}

}  // namespace tk::kiosk
