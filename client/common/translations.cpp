#include "translations.h"

#include <wx/filename.h>
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

}  // namespace tk::gui
