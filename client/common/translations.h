// Loads the product's gettext catalog (one name per program: tk-tray, tk-kiosk) for the chosen language. The catalogs
// are looked for beside the program (<bin>/../share/locale), so a build tree and an installed tree both work.
#pragma once

#include <wx/string.h>

#include "tk/ui/text.h"

class wxWindow;

namespace tk::gui {

// `domain`: the catalog's name, one per program ("tk-tray", "tk-kiosk") so that each
// package carries its own.
void install_translations(ui::Language, const char* domain);

// Buttons in the chosen language: wxGTK draws a button with a stock id (wxID_OK,
// wxID_CANCEL, wxID_CLOSE...) and its usual label as a GTK stock button, which GTK labels by
// the process's locale, not by the language chosen here ("Cancel" under es-MX). So the
// windows give such buttons ids of their own, and messages go through tell().

// A message with one OK button, in the chosen language (wxMessageBox's button is GTK's).
void tell(wxWindow* parent, const wxString& message, const wxString& title, long icon);

}  // namespace tk::gui
