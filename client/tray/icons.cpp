#include "icons.h"

#include <wx/dcmemory.h>
#include <wx/graphics.h>

namespace tk::tray {
namespace {

wxColour colour_of(TrayLook look) {
  switch (look) {
    case TrayLook::Online: return wxColour(0x1b, 0x7f, 0x3b);
    case TrayLook::Offline: return wxColour(0x6b, 0x6b, 0x6b);
    case TrayLook::Waiting: return wxColour(0xc7, 0x7c, 0x02);
    case TrayLook::Attention: return wxColour(0xb3, 0x1b, 0x1b);
    case TrayLook::Unknown: break;
  }
  return wxColour(0x23, 0x4e, 0x8c);
}

wxBitmap draw(TrayLook look, int size) {
  wxImage image(size, size);
  image.InitAlpha();
  for (int x = 0; x < size; ++x)
    for (int y = 0; y < size; ++y) image.SetAlpha(x, y, 0);
  wxBitmap bitmap(image);
  wxMemoryDC dc(bitmap);
  std::unique_ptr<wxGraphicsContext> gc(wxGraphicsContext::Create(dc));
  if (!gc) return bitmap;
  // A rounded badge with "TK" in it: the product's mark, coloured by state.
  double r = size * 0.18;
  gc->SetBrush(wxBrush(colour_of(look)));
  gc->SetPen(*wxTRANSPARENT_PEN);
  gc->DrawRoundedRectangle(0.5, 0.5, size - 1.0, size - 1.0, r);
  wxFont font(wxFontInfo(size * 0.42).Bold().Family(wxFONTFAMILY_SWISS));
  gc->SetFont(font, *wxWHITE);
  double w = 0, h = 0;
  gc->GetTextExtent("TK", &w, &h);
  gc->DrawText("TK", (size - w) / 2, (size - h) / 2);
  if (look == TrayLook::Waiting || look == TrayLook::Attention || look == TrayLook::Offline) {
    // A dot in the corner: something is not as it should be.
    gc->SetBrush(*wxWHITE_BRUSH);
    gc->DrawEllipse(size * 0.66, size * 0.04, size * 0.30, size * 0.30);
    gc->SetBrush(wxBrush(colour_of(look)));
    gc->DrawEllipse(size * 0.71, size * 0.09, size * 0.20, size * 0.20);
  }
  gc.reset();
  dc.SelectObject(wxNullBitmap);
  return bitmap;
}

}  // namespace

wxBitmapBundle tray_icon_bitmap(TrayLook look) {
  wxVector<wxBitmap> sizes;
  for (int size : {16, 22, 24, 32, 48}) sizes.push_back(draw(look, size));
  return wxBitmapBundle::FromBitmaps(sizes);
}

wxBitmap app_icon_bitmap(int size) { return draw(TrayLook::Unknown, size); }

}  // namespace tk::tray
