#include "screenshot.h"

#include <wx/dcmemory.h>
#include <wx/dcscreen.h>
#include <wx/image.h>
#include <wx/mstream.h>

namespace tk::tray {

std::optional<Screenshot> capture_screen() {
  wxScreenDC screen;
  wxSize size = screen.GetSize();
  if (size.x <= 0 || size.y <= 0) return std::nullopt;
  wxBitmap bitmap(size);
  {
    wxMemoryDC memory(bitmap);
    if (!memory.Blit(0, 0, size.x, size.y, &screen, 0, 0)) return std::nullopt;
  }
  return Screenshot{bitmap};
}

std::string png_of(const Screenshot& shot) {
  wxImage image = shot.bitmap.ConvertToImage();
  if (!wxImage::FindHandler(wxBITMAP_TYPE_PNG)) wxImage::AddHandler(new wxPNGHandler);
  wxMemoryOutputStream out;
  if (!image.SaveFile(out, wxBITMAP_TYPE_PNG)) return {};
  std::string png(out.GetLength(), '\0');
  out.CopyTo(png.data(), png.size());
  return png;
}

wxBitmap thumbnail(const wxBitmap& bitmap, int max_width, int max_height) {
  wxImage image = bitmap.ConvertToImage();
  double scale =
      std::min(static_cast<double>(max_width) / image.GetWidth(), static_cast<double>(max_height) / image.GetHeight());
  if (scale >= 1.0) return bitmap;
  return wxBitmap(image.Scale(static_cast<int>(image.GetWidth() * scale), static_cast<int>(image.GetHeight() * scale),
                              wxIMAGE_QUALITY_BILINEAR));
}

}  // namespace tk::tray
