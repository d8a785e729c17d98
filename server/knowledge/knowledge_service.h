// The knowledge base's rules: employees and kiosks see published articles only; the desk
// sees drafts too, writes them, and sees which tickets an article was linked to.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "knowledge/knowledge_base.h"
#include "storage/storage.h"
#include "tk/catalog.h"

namespace tk::server {

class KnowledgeService {
 public:
  using Clock = std::function<std::int64_t()>;
  KnowledgeService(Storage& store, const Catalog& catalog, Clock clock)
      : store_(store), catalog_(catalog), clock_(std::move(clock)) {}

  // Best first; without a text, the most recently changed.
  Result<std::vector<KbHit>> kb_search(const Identity&, const std::string& text, int limit);
  Result<KbArticle> kb_article(const Identity&, std::int64_t id);
  // `id` 0 makes a new article; otherwise replaces that one's text and status.
  Result<KbArticle> kb_save(const Identity&, std::int64_t id, KbArticle);
  // Whether kb_save() could ever take this caller's article: asked before its body is read.
  Outcome may_write_articles(const Identity&) const;
  Result<KbDelta> kb_delta(const Identity&, std::int64_t cursor, int limit);
  // "This solved my problem" (or did not), once per Idempotency-Key.
  Result<bool> kb_feedback(const Identity&, std::int64_t id, bool helpful, const std::string& idempotency_key);

 private:
  Storage& store_;
  const Catalog& catalog_;
  Clock clock_;
};

}  // namespace tk::server
