// Loads the product's gettext catalog (one name per program: tk-tray, tk-kiosk) for the chosen language. The catalogs
// are looked for beside the program (<bin>/../share/locale), so a build tree and an installed tree both work.
#pragma once

#include "tk/ui/text.h"

namespace tk::gui {

// `domain`: the catalog's name, one per program ("tk-tray", "tk-kiosk") so that each
// package carries its own.
void install_translations(ui::Language, const char* domain);

}  // namespace tk::gui
