// A picture of the whole screen as PNG bytes, taken before the report window opens so
// that it shows what the user was looking at.
#pragma once

#include <wx/bitmap.h>

#include <optional>
#include <string>

namespace tk::tray {

struct Screenshot {
  wxBitmap bitmap;
};

// PNG bytes of a screenshot: done only when the report is sent (encoding a whole screen
// costs more than opening the window).
std::string png_of(const Screenshot&);

std::optional<Screenshot> capture_screen();
wxBitmap thumbnail(const wxBitmap&, int max_width, int max_height);

}  // namespace tk::tray
