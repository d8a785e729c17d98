// tk-kb-bench: the knowledge base's search at 5,000 articles (issue 16's targets: a
// suggestion per keystroke under 30 ms on the client's cache, a server search under
// 10 ms). Google Benchmark; the reference in the same run is the naive way, SQLite's LIKE
// over the same titles and symptoms, which finds neither plurals nor accents.
//   tk-kb-bench [--benchmark_...]
#include <benchmark/benchmark.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "knowledge/knowledge_base.h"
#include "services.h"
#include "storage/storage.h"
#include "tk/client_store.h"
#include "tk/text.h"

namespace {

constexpr int kArticles = 5000;

// 5,000 distinct articles: the starter set again and again, each copy with a number and a
// few words of its own so that the index has as many terms as a real base would.
std::vector<tk::KbArticleCopy> articles() {
  static const char* kWords[] = {"edificio",   "piso",    "oficina",  "sistema",  "aplicación",
                                 "servidor",   "usuario", "reporte",  "archivo",  "pantalla",
                                 "equipo",     "red",     "portal",   "firma",    "nómina",
                                 "expediente", "trámite", "licencia", "respaldo", "actualización"};
  std::mt19937 random(2026);
  std::uniform_int_distribution<int> word(0, static_cast<int>(std::size(kWords)) - 1);
  auto starters = tk::server::starter_articles();
  std::vector<tk::KbArticleCopy> out;
  for (int i = 0; i < kArticles; ++i) {
    const auto& s = starters[static_cast<std::size_t>(i) % starters.size()];
    std::string extra = std::string(kWords[word(random)]) + " " + kWords[word(random)] + " " + kWords[word(random)];
    out.push_back(tk::KbArticleCopy{i + 1, s.title + " (" + std::to_string(i) + ")", s.symptoms + " " + extra, s.steps,
                                    s.category, s.keywords, 0});
  }
  return out;
}

struct Fixture {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("tk-kb-bench-" + tk::random_uuid());
  std::unique_ptr<tk::ClientStore> cache;
  std::unique_ptr<tk::server::Storage> server_store;
  std::unique_ptr<tk::server::Services> service;
  tk::Identity employee;

  Fixture() {
    std::filesystem::create_directories(dir);
    cache = tk::ClientStore::open((dir / "cache.db").string());
    auto all = articles();
    cache->store_articles(all, {}, "1");
    server_store = std::make_unique<tk::server::Storage>((dir / "server.db").string());
    service = std::make_unique<tk::server::Services>(*server_store, tk::server::ServiceOptions{},
                                                     [] { return std::int64_t{1'800'000'000}; });
    tk::Identity desk;
    desk.role = tk::Role::Agent;
    desk.name = "Bench";
    for (const auto& a : all) {
      tk::server::KbArticle article;
      article.title = a.title;
      article.symptoms = a.symptoms;
      article.steps = a.steps;
      article.keywords = a.keywords;
      article.published = true;
      service->knowledge.kb_save(desk, 0, article);
    }
    employee.role = tk::Role::Employee;
    employee.employee = "1002";
  }
  ~Fixture() {
    cache.reset();
    server_store.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

// What a person types, one keystroke at a time: each prefix is a search.
const std::string kTyped = "mi impresora no imprime en color";

void BM_ClientSuggestionPerKeystroke(benchmark::State& state) {
  auto& f = fixture();
  std::size_t at = 3;
  for (auto _ : state) {
    auto found = f.cache->suggest(kTyped.substr(0, at), 3);
    benchmark::DoNotOptimize(found);
    at = at == kTyped.size() ? 3 : at + 1;
  }
}
BENCHMARK(BM_ClientSuggestionPerKeystroke)->Unit(benchmark::kMillisecond);

void BM_ServerSearch(benchmark::State& state) {
  auto& f = fixture();
  for (auto _ : state) {
    auto found = f.service->knowledge.kb_search(f.employee, "impresoras no imprimen", 10);
    benchmark::DoNotOptimize(found);
  }
}
BENCHMARK(BM_ServerSearch)->Unit(benchmark::kMillisecond);

// The reference: a LIKE over the same rows (what a search without an index would cost).
void BM_ReferenceLikeScan(benchmark::State& state) {
  auto& f = fixture();
  SQLite::Database db((f.dir / "cache.db").string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db,
                      "SELECT id FROM kb_articles WHERE title LIKE '%impresoras%' OR symptoms LIKE '%impresoras%' "
                      "LIMIT 3");
  for (auto _ : state) {
    int rows = 0;
    while (q.executeStep()) ++rows;
    q.reset();
    benchmark::DoNotOptimize(rows);
  }
}
BENCHMARK(BM_ReferenceLikeScan)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
