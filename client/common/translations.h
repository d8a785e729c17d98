// Loads the product's gettext catalog ("tk") for the chosen language. The catalogs are
// looked for beside the program (<bin>/../share/locale), so a build tree and an installed
// tree both work.
#pragma once

#include "tk/ui/text.h"

namespace tk::gui {

void install_translations(ui::Language);

}  // namespace tk::gui
