// The knowledge base's rows: articles, their full-text index (kept by triggers) and the
// feedback on them. Writes go through the database's one writer like every other.
#include "knowledge/knowledge_store.h"

#include "tk/spanish_search.h"

namespace tk::server {
namespace {

constexpr const char* kArticleColumns =
    "id, title, symptoms, steps, category, keywords, status, source_tk, created_by, created_at, updated_by, "
    "updated_at, change_seq";

KbArticle read_article(Query& q) {
  KbArticle a;
  int c = 0;
  a.id = q.getColumn(c++).getInt64();
  a.title = q.getColumn(c++).getString();
  a.symptoms = q.getColumn(c++).getString();
  a.steps = q.getColumn(c++).getString();
  a.category = q.getColumn(c++).getString();
  a.keywords = q.getColumn(c++).getString();
  a.published = q.getColumn(c++).getString() == "published";
  a.source_tk = q.getColumn(c++).getString();
  a.created_by = q.getColumn(c++).getString();
  a.created_at = q.getColumn(c++).getInt64();
  a.updated_by = q.getColumn(c++).getString();
  a.updated_at = q.getColumn(c++).getInt64();
  a.change_seq = q.getColumn(c++).getInt64();
  return a;
}

std::int64_t next_article_seq(Connection& conn) {
  Query q = conn.query("SELECT COALESCE(MAX(change_seq), 0) + 1 FROM kb_articles");
  q.executeStep();
  return q.getColumn(0).getInt64();
}

// Binds what an article says (title, symptoms, steps, category, keywords, status) to the
// first six parameters, in that order; the next parameter's index.
int bind_content(Query& q, const KbArticle& a) {
  int c = 1;
  for (const std::string* text : {&a.title, &a.symptoms, &a.steps, &a.category, &a.keywords}) q.bind(c++, *text);
  q.bind(c++, a.published ? "published" : "draft");
  return c;
}

// Inserts or replaces one article inside the caller's transaction; 0 when an update finds none.
std::int64_t write_article(Connection& conn, const KbArticle& a) {
  std::int64_t seq = next_article_seq(conn);
  if (a.id == 0) {
    Query q = conn.query(
        "INSERT INTO kb_articles (title, symptoms, steps, category, keywords, status, source_tk, created_by, "
        "created_at, updated_by, updated_at, change_seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    int c = bind_content(q, a);
    q.bind(c++, a.source_tk);
    q.bind(c++, a.created_by);
    q.bind(c++, a.created_at);
    q.bind(c++, a.updated_by);
    q.bind(c++, a.updated_at);
    q.bind(c++, seq);
    q.exec();
    return conn.db().getLastInsertRowid();
  }
  Query q = conn.query(
      "UPDATE kb_articles SET title = ?, symptoms = ?, steps = ?, category = ?, keywords = ?, status = ?, "
      "updated_by = ?, updated_at = ?, change_seq = ? WHERE id = ?");
  int c = bind_content(q, a);
  q.bind(c++, a.updated_by);
  q.bind(c++, a.updated_at);
  q.bind(c++, seq);
  q.bind(c++, a.id);
  return q.exec() > 0 ? a.id : 0;
}

}  // namespace

void KnowledgeStore::seed(Connection& conn) {
  for (const auto& article : starter_articles()) write_article(conn, article);
}

Result<std::int64_t> KnowledgeStore::save_article(const KbArticle& article) {
  return db_.write<Result<std::int64_t>>([article](Connection& conn) -> Result<std::int64_t> {
    std::int64_t id = write_article(conn, article);
    if (id == 0) return unknown_article(article.id);
    return id;
  });
}

std::optional<KbArticle> KnowledgeStore::article(std::int64_t id) {
  std::optional<KbArticle> found;
  db_.read_snapshot([&](Connection& conn) {
    Query q = conn.query(std::string("SELECT ") + kArticleColumns + " FROM kb_articles WHERE id = ?");
    q.bind(1, id);
    if (q.executeStep()) found = read_article(q);
  });
  return found;
}

std::vector<KbLink> KnowledgeStore::article_links(std::int64_t article_id, int limit) {
  std::vector<KbLink> links;
  db_.read_snapshot([&](Connection& conn) {
    Query q = conn.query(
        "SELECT t.tk, t.summary, t.status, l.at FROM kb_links l JOIN tickets t ON t.id = l.ticket_id "
        "WHERE l.article_id = ? ORDER BY l.at DESC, t.id DESC LIMIT ?");
    q.bind(1, article_id);
    q.bind(2, limit);
    while (q.executeStep())
      links.push_back(KbLink{q.getColumn(0).getString(), q.getColumn(1).getString(),
                             parse_status(q.getColumn(2).getString()).value_or(Status::Registered),
                             q.getColumn(3).getInt64()});
  });
  return links;
}

std::vector<KbHit> KnowledgeStore::search_articles(const std::string& match, bool published_only, int limit) {
  std::vector<KbHit> hits;
  if (match.empty()) return hits;
  db_.read_snapshot([&](Connection& conn) {
    Query q =
        conn.query(std::string("SELECT a.id, a.title, a.symptoms, a.category, a.status, ") + kKnowledgeRank +
                   " AS rank FROM kb_search JOIN kb_articles a ON a.id = kb_search.rowid WHERE kb_search MATCH ?" +
                   (published_only ? " AND a.status = 'published'" : "") + " ORDER BY rank LIMIT ?");
    q.bind(1, match);
    q.bind(2, limit);
    while (q.executeStep()) {
      KbHit hit;
      hit.id = q.getColumn(0).getInt64();
      hit.title = q.getColumn(1).getString();
      hit.summary = kb_summary(q.getColumn(2).getString());
      hit.category = q.getColumn(3).getString();
      hit.published = q.getColumn(4).getString() == "published";
      hit.score = -q.getColumn(5).getDouble();
      hits.push_back(std::move(hit));
    }
  });
  return hits;
}

std::vector<KbHit> KnowledgeStore::latest_articles(bool published_only, int limit) {
  std::vector<KbHit> hits;
  db_.read_snapshot([&](Connection& conn) {
    Query q = conn.query(std::string("SELECT id, title, symptoms, category, status FROM kb_articles") +
                         (published_only ? " WHERE status = 'published'" : "") + " ORDER BY change_seq DESC LIMIT ?");
    q.bind(1, limit);
    while (q.executeStep()) {
      KbHit hit;
      hit.id = q.getColumn(0).getInt64();
      hit.title = q.getColumn(1).getString();
      hit.summary = kb_summary(q.getColumn(2).getString());
      hit.category = q.getColumn(3).getString();
      hit.published = q.getColumn(4).getString() == "published";
      hits.push_back(std::move(hit));
    }
  });
  return hits;
}

KbDelta KnowledgeStore::articles_since(std::int64_t cursor, int limit) {
  KbDelta delta;
  delta.cursor = cursor;
  db_.read_snapshot([&](Connection& conn) {
    Query q = conn.query(std::string("SELECT ") + kArticleColumns +
                         ", ever_published FROM kb_articles WHERE change_seq > ? ORDER BY change_seq LIMIT ?");
    q.bind(1, cursor);
    q.bind(2, limit + 1);
    int read = 0;
    while (q.executeStep()) {
      if (++read > limit) {
        delta.more = true;
        break;
      }
      KbArticle a = read_article(q);
      bool ever_published = q.getColumn(13).getInt() != 0;
      delta.cursor = a.change_seq;
      if (a.published)
        delta.articles.push_back(std::move(a));
      else if (ever_published)
        delta.removed.push_back(a.id);
    }
  });
  return delta;
}

Result<bool> KnowledgeStore::record_feedback(std::int64_t article_id, std::int64_t token_id, const std::string& key,
                                             bool helpful, std::int64_t at, int per_day) {
  auto written = db_.write<Result<std::int64_t>>([=](Connection& conn) -> Result<std::int64_t> {
    {
      Query exists = conn.query("SELECT 1 FROM kb_articles WHERE id = ? AND status = 'published'");
      exists.bind(1, article_id);
      if (!exists.executeStep()) return unknown_article(article_id);
    }
    // Beyond `per_day` answers of one token on one article in 24 hours, more are taken
    // (the client is done with them) but not counted: fresh keys cannot inflate a figure.
    Query q = conn.query(
        "INSERT INTO kb_feedback (article_id, token_id, key, helpful, at) SELECT ?1, ?2, ?3, ?4, ?5 "
        "WHERE (SELECT COUNT(*) FROM kb_feedback WHERE token_id = ?2 AND article_id = ?1 AND at > ?5 - 86400) < ?6 "
        "ON CONFLICT (token_id, key) DO NOTHING");
    q.bind(1, article_id);
    q.bind(2, token_id);
    q.bind(3, key);
    q.bind(4, helpful ? 1 : 0);
    q.bind(5, at);
    q.bind(6, per_day);
    return static_cast<std::int64_t>(q.exec());
  });
  if (!written) return written.error();
  return *written > 0;
}

}  // namespace tk::server
