#include "qr_code.h"

#include <qrencode.h>
#include <wx/dcmemory.h>

#include <memory>

namespace tk::kiosk {

wxBitmap qr_bitmap(const std::string& text, int size_px) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M),
                                                       &QRcode_free);
  wxBitmap bitmap(size_px, size_px);
  wxMemoryDC dc(bitmap);
  dc.SetBackground(*wxWHITE_BRUSH);
  dc.Clear();
  if (!code) return bitmap;
  const int quiet = 4;  // modules of white around, as readers expect
  int modules = code->width + 2 * quiet;
  int cell = std::max(1, size_px / modules);
  int offset = (size_px - cell * modules) / 2 + quiet * cell;
  dc.SetBrush(*wxBLACK_BRUSH);
  dc.SetPen(*wxTRANSPARENT_PEN);
  for (int y = 0; y < code->width; ++y)
    for (int x = 0; x < code->width; ++x)
      if (code->data[y * code->width + x] & 1) dc.DrawRectangle(offset + x * cell, offset + y * cell, cell, cell);
  dc.SelectObject(wxNullBitmap);
  return bitmap;
}

}  // namespace tk::kiosk
