// The product's two languages, es-MX first: everything a person reads, from a window, from
// tkctl or in the server's answers, is in one of them.
#pragma once

#include <string_view>

namespace tk {

enum class Language { Spanish, English };

// "en", "en_US.UTF-8", "EN" are English; anything else (empty included) is Spanish.
Language parse_language(std::string_view);

// What a client sends as Accept-Language for its user's language ("es-MX", "en").
const char* accept_language(Language);

// The language an Accept-Language header asks for ("en-US,en;q=0.9,es;q=0.5"): of English
// and Spanish, the one with the higher quality, the earlier on a tie; Spanish when it names
// neither or is absent.
Language language_from_accept(std::string_view header);

// The language of the user's system, for programs not told otherwise: LC_ALL, LC_MESSAGES,
// then LANG on Linux ("C" and "POSIX" say nothing: Spanish); the user's UI language on
// Windows.
Language system_language();

}  // namespace tk
