// What the kiosk's frame and screens build their windows from: text conversion, the
// touch-sized button, the number keypad, the Spanish on-screen keyboard and the tiles'
// pictograms. Every tap on one of these tells ScreenHost::touched() first.
#pragma once

#include <wx/colour.h>
#include <wx/panel.h>
#include <wx/string.h>

#include <functional>
#include <string>
#include <vector>

#include "screen_host.h"

class wxButton;
class wxTextCtrl;

namespace tk::kiosk {

inline wxString u8(const std::string& s) { return wxString::FromUTF8(s); }
inline std::string utf8(const wxString& s) { return std::string(s.utf8_str()); }
// gettext's translation of an English message id, for the core's ui::Translate.
std::string translate(const char* english);

// A refusal or a hint the person must read (and the idle countdown): dark red.
inline wxColour warning_colour() { return wxColour(0xb3, 0x1b, 0x1b); }

// The smallest side of anything a person taps: at least 15 mm at this screen's density.
int touch_px(const wxWindow* window);

// A big, bold button at least three touch targets wide.
wxButton* make_big_button(ScreenHost& host, wxWindow* parent, const wxString& text, std::function<void()> action);

// The tile's pictogram (rendered at build time from assets/icons/categories into
// share/tk/icons), above its text; without the file the tile keeps only its text.
void set_tile_icon(wxButton* tile, const std::string& id);

// Digits (and a dash where a TK needs one) and a backspace, typing into `target`.
class Keypad : public wxPanel {
 public:
  Keypad(wxWindow* parent, ScreenHost& host, wxTextCtrl* target, bool with_dash);
  const std::vector<wxButton*>& keys() const { return keys_; }

 private:
  std::vector<wxButton*> keys_;
};

// Spanish letters, accents included, a shift for the next letter and a space bar; it
// types into its target, which the screen sets to the field that last had the focus.
class OnScreenKeyboard : public wxPanel {
 public:
  OnScreenKeyboard(wxWindow* parent, ScreenHost& host);
  void set_target(wxTextCtrl* target) { target_ = target; }
  wxTextCtrl* target() const { return target_; }
  const std::vector<wxButton*>& keys() const { return keys_; }

 private:
  void tapped(const std::string& key);

  std::vector<wxButton*> keys_;
  wxTextCtrl* target_ = nullptr;
  bool shifted_ = false;
};

}  // namespace tk::kiosk
