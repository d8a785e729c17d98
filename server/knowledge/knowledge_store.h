// The knowledge base's rows: articles, their Spanish full-text index (kept in step by the
// schema's triggers), the tickets they were linked to and the feedback on them. Writes go
// through the database's one writer like every other.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "knowledge/knowledge_base.h"
#include "storage/database.h"

namespace tk::server {

class KnowledgeStore {
 public:
  explicit KnowledgeStore(Database& database) : db_(database) {}

  // Writes the starter articles (knowledge_base.h) inside the schema step that makes their
  // tables (storage.cpp).
  static void seed(Connection& writer);

  // Inserts (id 0) or replaces an article; its id, or unknown_article.
  Result<std::int64_t> save_article(const KbArticle&);
  std::optional<KbArticle> article(std::int64_t id);
  // `match`: spanish_match_query()'s expression; best first.
  std::vector<KbHit> search_articles(const std::string& match, bool published_only, int limit);
  // The most recently changed articles, newest first (GET /kb without a text).
  std::vector<KbHit> latest_articles(bool published_only, int limit);
  KbDelta articles_since(std::int64_t cursor, int limit);
  // The tickets linked to an article (link_article), most recent first.
  std::vector<KbLink> article_links(std::int64_t article_id, int limit);
  // True when counted. With the same (token, key) a second time it changes nothing, nor
  // past `per_day` answers of one token on one article in 24 hours.
  Result<bool> record_feedback(std::int64_t article_id, std::int64_t token_id, const std::string& key, bool helpful,
                               std::int64_t at, int per_day);

 private:
  Database& db_;
};

}  // namespace tk::server
