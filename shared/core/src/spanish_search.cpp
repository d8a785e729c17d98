#include "tk/spanish_search.h"

#include <sqlite3.h>

#include <libstemmer.h>

#include <array>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

namespace tk {
namespace {

// Words so common in any report that they only dilute a search.
const std::set<std::string, std::less<>>& stop_words() {
  static const std::set<std::string, std::less<>> words{
      "a",     "al",   "algo",  "ante",  "con",   "como", "cual",  "cuando", "de",      "del",   "desde",
      "donde", "el",   "ella",  "en",    "entre", "es",   "esa",   "ese",    "eso",     "esta",  "este",
      "esto",  "ha",   "hay",   "la",    "las",   "le",   "les",   "lo",     "los",     "me",    "mi",
      "mis",   "muy",  "nada",  "ni",    "no",    "nos",  "o",     "para",   "pero",    "por",   "porque",
      "que",   "qué",  "se",    "si",    "sí",    "sin",  "su",    "sus",    "también", "te",    "tengo",
      "tiene", "todo", "un",    "una",   "uno",   "unos", "y",     "ya",     "yo",      "puedo", "puede",
      "cómo",  "hace", "hacer", "ahora", "otra",  "otro", "sobre", "son",    "soy",     "está",  "estoy"};
  return words;
}

// One UTF-8 character at `at`: its code point and length (a stray byte stands for itself).
std::pair<char32_t, std::size_t> next_char(std::string_view s, std::size_t at) {
  auto b = static_cast<unsigned char>(s[at]);
  if (b < 0x80) return {b, 1};
  std::size_t n = b >= 0xF8 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 1;
  // A byte that starts nothing valid is a separator of one byte, never a letter that eats
  // the ones after it.
  if (n == 1 || at + n > s.size()) return {0xFFFD, 1};
  char32_t c = b & (0xFF >> (n + 1));
  for (std::size_t i = 1; i < n; ++i) {
    auto next = static_cast<unsigned char>(s[at + i]);
    if ((next & 0xC0) != 0x80) return {0xFFFD, 1};
    c = (c << 6) | (next & 0x3F);
  }
  return {c, n};
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Letters of the Latin alphabets Spanish uses, and digits, make words; anything else
// (spaces, punctuation, symbols) separates them.
bool is_word_char(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

char32_t lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  return c;
}

// The letter without its accent: what a person typing without them would write.
char32_t unaccented(char32_t c) {
  switch (c) {
    case 0xE0:
    case 0xE1:
    case 0xE2:
    case 0xE3:
    case 0xE4:
    case 0xE5: return 'a';
    case 0xE7: return 'c';
    case 0xE8:
    case 0xE9:
    case 0xEA:
    case 0xEB: return 'e';
    case 0xEC:
    case 0xED:
    case 0xEE:
    case 0xEF: return 'i';
    case 0xF1: return 'n';
    case 0xF2:
    case 0xF3:
    case 0xF4:
    case 0xF5:
    case 0xF6: return 'o';
    case 0xF9:
    case 0xFA:
    case 0xFB:
    case 0xFC: return 'u';
    case 0xFD:
    case 0xFF: return 'y';
    default: return c;
  }
}

struct Word {
  std::string lowered;  // lower case, accents kept (what the stemmer expects)
  std::size_t begin = 0, end = 0;
};

template <typename Each>
void for_each_word(std::string_view text, Each&& each) {
  std::size_t at = 0;
  while (at < text.size()) {
    auto [c, n] = next_char(text, at);
    if (!is_word_char(c)) {
      at += n;
      continue;
    }
    Word w;
    w.begin = at;
    while (at < text.size()) {
      auto [d, m] = next_char(text, at);
      if (!is_word_char(d)) break;
      append_utf8(w.lowered, lower(d));
      at += m;
    }
    w.end = at;
    each(w);
  }
}

std::string fold(std::string_view stem) {
  std::string out;
  for (std::size_t at = 0; at < stem.size();) {
    auto [c, n] = next_char(stem, at);
    append_utf8(out, unaccented(c));
    at += n;
  }
  return out;
}

// A Snowball stemmer is not thread-safe; each user keeps its own.
class Stemmer {
 public:
  Stemmer() : stemmer_(sb_stemmer_new("spanish", "UTF_8")) {}
  ~Stemmer() {
    if (stemmer_) sb_stemmer_delete(stemmer_);
  }
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;
  // Accents go first: people type "configuracion" as often as "configuración", and the
  // stemmer treats the two differently ("-ción" is a suffix to it, "-cion" is not).
  std::string term(const std::string& lowered) {
    std::string plain = fold(lowered);
    if (!stemmer_) return plain;
    // Snowball knows "-ción" (with its accent) and "-ciones", not "-cion": the singular
    // gets its accent back, so that "configuracion" and "configuraciones" meet.
    std::string input = plain;
    for (const char* ending : {"cion", "sion", "xion"})
      if (input.size() > 5 && input.compare(input.size() - 4, 4, ending) == 0) {
        input.replace(input.size() - 3, 3, "i\xC3\xB3n");
        break;
      }
    auto stemmed = stem(input);
    if (!stemmed) return plain;
    // Snowball knows Spanish plurals, not those of loanwords: "plotters", "routers",
    // "laptops" keep their -s, and would never meet "plotter", "router", "laptop". No
    // Spanish word ends in a consonant and -s (as typed: a stem may, "pens" of "pensar"),
    // so when the word does and Snowball kept that -s, it goes and the singular is stemmed.
    std::string term = fold(*stemmed);
    auto consonant = [](char c) {
      return c >= 'b' && c <= 'z' && std::string_view("aeiouy").find(c) == std::string_view::npos;
    };
    bool loanword_plural = plain.size() >= 4 && plain.back() == 's' && consonant(plain[plain.size() - 2]) &&
                           plain[plain.size() - 2] != 's' && !term.empty() && term.back() == 's';
    if (loanword_plural)
      if (auto singular = stem(plain.substr(0, plain.size() - 1))) term = fold(*singular);
    return term;
  }

 private:
  std::optional<std::string> stem(const std::string& word) {
    const sb_symbol* stemmed =
        sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
    if (!stemmed) return std::nullopt;
    return std::string(reinterpret_cast<const char*>(stemmed), static_cast<std::size_t>(sb_stemmer_length(stemmer_)));
  }

  sb_stemmer* stemmer_;
};

// --- the FTS5 tokenizer
struct Tokenizer {
  Stemmer stemmer;
};

int create_tokenizer(void*, const char**, int, Fts5Tokenizer** out) {
  *out = reinterpret_cast<Fts5Tokenizer*>(new (std::nothrow) Tokenizer);
  return *out ? SQLITE_OK : SQLITE_NOMEM;
}

void delete_tokenizer(Fts5Tokenizer* tokenizer) { delete reinterpret_cast<Tokenizer*>(tokenizer); }

int tokenize(Fts5Tokenizer* tokenizer, void* context, int, const char* text, int length,
             int (*token)(void*, int, const char*, int, int, int)) {
  auto& self = *reinterpret_cast<Tokenizer*>(tokenizer);
  int rc = SQLITE_OK;
  for_each_word(std::string_view(text, static_cast<std::size_t>(length)), [&](const Word& w) {
    if (rc != SQLITE_OK) return;
    std::string term = self.stemmer.term(w.lowered);
    rc = token(context, 0, term.data(), static_cast<int>(term.size()), static_cast<int>(w.begin),
               static_cast<int>(w.end));
  });
  return rc;
}

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(statement, 1, &api, "fts5_api_ptr", nullptr);
    sqlite3_step(statement);
  }
  sqlite3_finalize(statement);
  return api;
}

}  // namespace

void register_spanish_tokenizer(sqlite3* db) {
  fts5_api* api = fts5_of(db);
  if (!api) return;  // a SQLite without FTS5: the knowledge base's migration says so
  static fts5_tokenizer methods{create_tokenizer, delete_tokenizer, tokenize};
  api->xCreateTokenizer(api, "tk_spanish", nullptr, &methods, nullptr);
}

std::vector<std::string> spanish_terms(std::string_view text) {
  Stemmer stemmer;
  std::vector<std::string> terms;
  for_each_word(text, [&](const Word& w) { terms.push_back(stemmer.term(w.lowered)); });
  return terms;
}

std::string spanish_match_query(std::string_view typed) {
  std::string query;
  std::set<std::string> seen;
  for_each_word(typed, [&](const Word& w) {
    if (stop_words().count(w.lowered) || stop_words().count(fold(w.lowered)) || !seen.insert(w.lowered).second) return;
    // "piso 3": a short number is in every article's numbered steps; an error code is not.
    if (w.lowered.size() < 3 && w.lowered.find_first_not_of("0123456789") == std::string::npos) return;
    if (!query.empty()) query += " OR ";
    // Quoted, the word is read by the same tokenizer as the index; it holds no quote.
    query += "\"" + w.lowered + "\"";
  });
  return query;
}

}  // namespace tk
