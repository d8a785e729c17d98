// How the tray and the kiosk hand over to wxWidgets once main() has answered what needs no
// display (--help, --version).
#pragma once

namespace tk::gui {

// Runs the wx application with the program's own command line. On Windows wx reads the
// wide command line itself: argv there is in the ANSI code page and would lose "Núñez".
int enter_wx(int argc, char** argv);

// For wxApp::OnExceptionInMainLoop: an exception that escaped an event handler (a disk
// that filled up under the cache, say) is logged and told to the user in their language,
// and the program goes on; the icon or the kiosk must not vanish. Call it inside the
// override, which then returns true.
void report_exception_in_main_loop(const char* program);

}  // namespace tk::gui
