// How the tray and the kiosk hand over to wxWidgets once main() has answered what needs no
// display (--help, --version).
#pragma once

namespace tk::gui {

// Runs the wx application with the program's own command line. On Windows wx reads the
// wide command line itself: argv there is in the ANSI code page and would lose "Núñez".
int enter_wx(int argc, char** argv);

}  // namespace tk::gui
