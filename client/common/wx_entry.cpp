#include "wx_entry.h"

#include <wx/app.h>
#include <wx/intl.h>

#include <exception>
#include <string>

#include "tk/logging.h"
#include "translations.h"

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

void report_exception_in_main_loop(const char* program) {
  std::string what = "unknown exception";
  try {
    throw;
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  log::error("ui", std::string(program) + ": unexpected error in an event handler: " + what);
  log::flush();
  tell(nullptr,
       wxString::Format(_("Something went wrong and the last action was not completed:\n%s\n\nThe program "
                          "keeps running; if it happens again, tell the service desk."),
                        wxString::FromUTF8(what)),
       _("Service desk"), wxICON_ERROR);
}

}  // namespace tk::gui
