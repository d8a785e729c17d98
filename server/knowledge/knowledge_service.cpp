#include "knowledge/knowledge_service.h"

#include <algorithm>

#include "tk/spanish_search.h"
#include "tk/text.h"

namespace tk::server {

namespace {
// An article's page lists its most recent cases; more would not be read.
constexpr int kMaxArticleLinksShown = 50;
// A lobby kiosk may honestly deflect the same problem for many people in a day.
constexpr int kKioskFeedbackPerArticleDay = 100;

}  // namespace

Result<std::vector<KbHit>> KnowledgeService::kb_search(const Identity& who, const std::string& text, int limit) {
  limit = std::clamp(limit, 1, 50);
  if (trim(text).empty()) return store_.knowledge().latest_articles(!is_desk(who), limit);
  return store_.knowledge().search_articles(spanish_match_query(text), !is_desk(who), limit);
}

Result<KbArticle> KnowledgeService::kb_article(const Identity& who, std::int64_t id) {
  auto article = store_.knowledge().article(id);
  // A draft is the desk's: to anyone else it does not exist.
  if (!article || (!article->published && !is_desk(who))) return unknown_article(id);
  if (is_desk(who)) article->links = store_.knowledge().article_links(id, kMaxArticleLinksShown);
  return std::move(*article);
}

Outcome KnowledgeService::may_write_articles(const Identity& who) const {
  if (!is_desk(who))
    return make_error(ErrorKind::Forbidden, "forbidden_role", N_("Only the service desk writes articles."));
  return Done{};
}

Result<KbArticle> KnowledgeService::kb_save(const Identity& who, std::int64_t id, KbArticle article) {
  if (auto allowed = may_write_articles(who); !allowed) return allowed.error();
  if (!article.category.empty() && !catalog_.find(article.category))
    return make_error(
        ErrorKind::Invalid, "invalid_category",
        {"No existe la categoría " + article.category + ".", "There is no category " + article.category + "."},
        "category");
  std::int64_t now = clock_();
  article.id = id;
  article.updated_by = who.actor();
  article.updated_at = now;
  if (id == 0) {
    article.created_by = who.actor();
    article.created_at = now;
  } else {
    auto current = store_.knowledge().article(id);
    if (!current) return unknown_article(id);
    article.created_by = current->created_by;
    article.created_at = current->created_at;
    article.source_tk = current->source_tk;
  }
  auto saved = store_.knowledge().save_article(article);
  if (!saved) return saved.error();
  auto stored = store_.knowledge().article(*saved);
  if (!stored) return unknown_article(*saved);
  return std::move(*stored);
}

Result<KbDelta> KnowledgeService::kb_delta(const Identity&, std::int64_t cursor, int limit) {
  return store_.knowledge().articles_since(cursor, std::clamp(limit, 1, 1000));
}

Result<bool> KnowledgeService::kb_feedback(const Identity& who, std::int64_t id, bool helpful,
                                           const std::string& idempotency_key) {
  if (idempotency_key.empty() || idempotency_key.size() > 200 || !is_valid_utf8(idempotency_key))
    return make_error(ErrorKind::BadRequest, "invalid_idempotency_key", N_("A valid Idempotency-Key is needed."),
                      "Idempotency-Key");
  // A kiosk's token speaks for everyone who walks up to it; any other token for one person.
  int per_day = who.role == Role::Kiosk ? kKioskFeedbackPerArticleDay : 1;
  return store_.knowledge().record_feedback(id, who.token_id, idempotency_key, helpful, clock_(), per_day);
}

}  // namespace tk::server
