#include "translations.h"

#include <wx/filename.h>
#include <wx/msgdlg.h>
#include <wx/stockitem.h>
#include <wx/intl.h>
#include <wx/stdpaths.h>
#include <wx/translation.h>

namespace tk::gui {

void install_translations(ui::Language language, const char* domain) {
  wxFileName exe(wxStandardPaths::Get().GetExecutablePath());
  wxFileTranslationsLoader::AddCatalogLookupPathPrefix(exe.GetPath() + "/../share/locale");
  wxFileTranslationsLoader::AddCatalogLookupPathPrefix("/usr/share/locale");
  auto* translations = new wxTranslations;
  wxTranslations::Set(translations);
  translations->SetLanguage(language == ui::Language::Spanish ? "es_MX" : "en");
  // The message ids are English: nothing to load for English.
  translations->AddCatalog(domain, wxLANGUAGE_ENGLISH_US);
  translations->AddStdCatalog();
}

void tell(wxWindow* parent, const wxString& message, const wxString& title, long icon) {
  wxMessageDialog dialog(parent, message, title, wxOK | icon);
  // A label given as text (not as a stock id) is drawn as it is, in the chosen language.
  dialog.SetOKLabel(wxString(wxGetStockLabel(wxID_OK)));
  dialog.ShowModal();
}

}  // namespace tk::gui
