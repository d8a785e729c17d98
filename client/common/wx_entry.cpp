#include "wx_entry.h"

#include <wx/app.h>

#ifdef __WXMSW__
#include <windows.h>
#endif

namespace tk::gui {

int enter_wx(int argc, char** argv) {
#ifdef __WXMSW__
  (void)argc, (void)argv;
  return wxEntry(GetModuleHandleW(nullptr), nullptr, nullptr, SW_SHOWNORMAL);
#else
  return wxEntry(argc, argv);
#endif
}

}  // namespace tk::gui
