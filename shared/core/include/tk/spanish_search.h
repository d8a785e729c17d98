// Search that understands Spanish (issue 16, docs/design.md section 9): words are lower-cased,
// stemmed with Snowball's Spanish stemmer (libstemmer) and stripped of their accents, so
// that "impresoras no imprimen" finds "La impresora no imprime" and "configuracion" finds
// "Configuración". The same rule indexes the knowledge base (an FTS5 tokenizer,
// "tk_spanish") and reads what a person types.
#pragma once

#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace tk {

// Registers the FTS5 tokenizer "tk_spanish" on `db`. Every connection that reads or writes
// a table using it must have it (SQLite looks tokenizers up per connection).
void register_spanish_tokenizer(sqlite3* db);

// The index terms of `text`, in order: what the tokenizer gives FTS5.
std::vector<std::string> spanish_terms(std::string_view text);

// An FTS5 MATCH expression for what a person typed: each word that carries meaning (not
// "de", "la", "no"...) quoted, any of them matching (OR), so that an extra word does not
// hide an article; bm25 ranks those with more of them first. Empty when nothing is left.
std::string spanish_match_query(std::string_view typed);

// How the knowledge base's index (kb_search: title, keywords, symptoms, steps) ranks an
// article, the same on the server and in every client's copy: the title counts most, then
// the keywords people type, then symptoms, then steps. SQL, lower is better.
inline constexpr const char* kKnowledgeRank = "bm25(kb_search, 10.0, 5.0, 2.0, 1.0)";

}  // namespace tk
