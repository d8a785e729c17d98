// The knowledge base (issue 16, docs/design.md section 9): articles the desk writes (title,
// symptoms, steps, category, keywords, draft or published), found by what people type in
// Spanish, and what they say helped. Employees and kiosks see published articles only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tk/domain.h"
#include "tk/error.h"
#include "tk/json_mapping.h"

namespace tk::server {

// A ticket the desk linked the article to (docs/design.md section 9: the link_article event).
struct KbLink {
  std::string tk, summary;
  Status status = Status::Registered;
  std::int64_t at = 0;
};

struct KbArticle {
  std::int64_t id = 0;
  std::string title, symptoms, steps, category, keywords;
  bool published = false;
  std::string source_tk;  // the ticket whose solution it was drafted from, if any
  std::string created_by, updated_by;
  std::int64_t created_at = 0, updated_at = 0;
  std::int64_t change_seq = 0;  // the delta cursor of client caches
  // The desk's view only (GET /kb/{id} with an agent's token): never in client caches.
  std::optional<std::vector<KbLink>> links;
};

struct KbHit {
  std::int64_t id = 0;
  std::string title, summary, category;
  bool published = false;
  double score = 0;  // higher is better (bm25, negated)
};

// A page of the delta for client caches: published articles changed after the cursor, and
// the ids of articles that stopped being published.
struct KbDelta {
  std::vector<KbArticle> articles;
  std::vector<std::int64_t> removed;
  std::int64_t cursor = 0;
  bool more = false;
};

// An article from a request body (POST /kb, PUT /kb/{id}): title, symptoms and steps
// required, category from the catalog (or empty), status "draft" or "published".
Result<KbArticle> kb_article_from_json(const Json&);
Json to_json(const KbArticle&);
// The first line or so of the symptoms: what a list of results shows under the title.
std::string kb_summary(const std::string& symptoms);

// "There is no article N": the answer for an article that does not exist and for a draft
// asked for by someone who is not desk staff alike.
Error unknown_article(std::int64_t id);
// The starter articles built into the server (server/kb/articles.json), in Spanish.
std::vector<KbArticle> starter_articles();

}  // namespace tk::server
