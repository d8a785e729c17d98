#include "icons.h"

#include <wx/brush.h>
#include <wx/graphics.h>
#include <wx/image.h>

#include <algorithm>
#include <memory>

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

// "TK" drawn as strokes rather than set in a font: the mark needs no font on any system,
// and drawing on a plain wxImage (not a wxMemoryDC) keeps the idle tray from loading the
// GTK theme and a bold font only to paint 16-48 pixels (1.3 MiB of its memory).
void draw_mark(wxGraphicsContext& gc, int size) {
  double stroke = size * 0.13;
  double top = size * 0.27, bottom = size * 0.73;
  double t_left = size * 0.14, t_right = size * 0.50;
  double k_stem = size * 0.60, k_right = size * 0.86, k_middle = (top + bottom) / 2;
  wxGraphicsPath path = gc.CreatePath();
  path.MoveToPoint(t_left, top + stroke / 2);
  path.AddLineToPoint(t_right, top + stroke / 2);
  path.MoveToPoint((t_left + t_right) / 2, top + stroke / 2);
  path.AddLineToPoint((t_left + t_right) / 2, bottom);
  path.MoveToPoint(k_stem, top);
  path.AddLineToPoint(k_stem, bottom);
  path.MoveToPoint(k_right, top);
  path.AddLineToPoint(k_stem + stroke / 2, k_middle);
  path.AddLineToPoint(k_right, bottom);
  gc.SetPen(gc.CreatePen(wxGraphicsPenInfo(*wxWHITE, stroke).Cap(wxCAP_BUTT).Join(wxJOIN_MITER)));
  gc.StrokePath(path);
}

wxImage draw_image(TrayLook look, int size) {
  wxImage image(size, size);
  image.InitAlpha();
  std::fill_n(image.GetAlpha(), size * size, 0);
  {
    std::unique_ptr<wxGraphicsContext> gc(wxGraphicsContext::Create(image));
    if (!gc) return image;
    gc->SetAntialiasMode(wxANTIALIAS_DEFAULT);
    // A rounded badge with the product's mark, coloured by state.
    gc->SetBrush(wxBrush(colour_of(look)));
    gc->SetPen(*wxTRANSPARENT_PEN);
    gc->DrawRoundedRectangle(0.5, 0.5, size - 1.0, size - 1.0, size * 0.18);
    draw_mark(*gc, size);
    if (look == TrayLook::Waiting || look == TrayLook::Attention || look == TrayLook::Offline) {
      // A dot in the corner: something is not as it should be.
      gc->SetPen(*wxTRANSPARENT_PEN);
      gc->SetBrush(*wxWHITE_BRUSH);
      gc->DrawEllipse(size * 0.66, size * 0.04, size * 0.30, size * 0.30);
      gc->SetBrush(wxBrush(colour_of(look)));
      gc->DrawEllipse(size * 0.71, size * 0.09, size * 0.20, size * 0.20);
    }
  }  // the image holds the drawing once the context is gone
  return image;
}

wxBitmap draw(TrayLook look, int size) { return wxBitmap(draw_image(look, size)); }

}  // namespace

wxBitmapBundle tray_icon_bitmap(TrayLook look) {
  wxVector<wxBitmap> sizes;
  for (int size : {16, 22, 24, 32, 48}) sizes.push_back(draw(look, size));
  return wxBitmapBundle::FromBitmaps(sizes);
}

wxBitmap app_icon_bitmap(int size) { return draw(TrayLook::Unknown, size); }

wxImage tray_icon_image(TrayLook look, int size) { return draw_image(look, size); }

}  // namespace tk::tray
