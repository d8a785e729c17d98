// The product's words for programs without wx (tkctl, tk-server's command line and its
// answers): the same gettext catalogs as the tray and the kiosk (assets/po/), compiled in,
// so that a program finds them wherever it is installed. The message ids are English, as
// in the windows; Spanish comes from assets/po/es_MX.po. xgettext finds the ids by the
// keywords _ (tr), N_ and P_:1,2 (see assets/CMakeLists.txt).
#pragma once

#include <string>

#include "tk/language.h"

// Marks a string for extraction into the catalog without translating it.
#ifndef N_
#define N_(text) text
#endif

namespace tk {

// `english` in `language`: the catalog's translation, or `english` itself where the
// catalog has none (and always for English). The answer lives as long as the program.
const char* translate(Language language, const char* english);

// The singular or plural form for `n` ("1 ticket" / "3 tickets"), as the catalog says.
std::string translate_plural(Language language, const char* singular, const char* plural, unsigned long n);

// Replaces each "{}" in order: the translated text keeps its values where its language
// puts them.
std::string format(std::string text, std::initializer_list<std::string> values);

}  // namespace tk
