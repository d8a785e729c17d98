// The tray's icons, drawn at run time so that each state has its colour at every size:
// green connected, grey offline, amber reports waiting, red reports to correct.
#pragma once

#include <wx/bmpbndl.h>
#include <wx/image.h>

#include "tray_status.h"

namespace tk::tray {

wxBitmapBundle tray_icon_bitmap(TrayLook);
wxBitmap app_icon_bitmap(int size);
// One state's icon as an image (to hand to a desktop that reads icons from files).
wxImage tray_icon_image(TrayLook, int size);

}  // namespace tk::tray
