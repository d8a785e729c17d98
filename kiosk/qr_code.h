// A QR code of a text (the TK on the receipt), drawn black on white with a quiet zone.
#pragma once

#include <wx/bitmap.h>

#include <string>

namespace tk::kiosk {

wxBitmap qr_bitmap(const std::string& text, int size_px);

}  // namespace tk::kiosk
