// The quality report's queries. Each reads one range of an index made for it (schema 5):
// a month of a million-ticket database touches only that month's rows.
#include "quality/quality_store.h"

#include <algorithm>
#include <future>
#include <string_view>
#include <utility>
#include <vector>

namespace tk::server {
namespace {

// The entry for `key`, made when missing, without making a string for every row read.
template <typename Map>
typename Map::mapped_type& count_of(Map& map, std::string_view key) {
  auto it = map.find(key);
  if (it == map.end()) it = map.emplace(std::string(key), typename Map::mapped_type{}).first;
  return it->second;
}

// Counts by a text of few values (types, channels, categories): a look through a handful
// of entries costs less than a tree's string comparisons, a million times a year.
class FewCounts {
 public:
  void add(std::string_view key) {
    for (auto& [name, count] : counts_)
      if (name == key) {
        ++count;
        return;
      }
    counts_.emplace_back(std::string(key), 1);
  }
  template <typename Map>
  void into(Map& map) const {
    for (const auto& [name, count] : counts_) map[name] += count;
  }

 private:
  std::vector<std::pair<std::string, std::int64_t>> counts_;
};

}  // namespace

QualityFigures QualityStore::figures(const QualityPeriod& period) {
  QualityFigures f;
  f.by_day.resize(static_cast<std::size_t>(std::max(period.days(), 0)));
  auto day = [&](std::int64_t instant) -> DayFigures& {
    auto index = static_cast<std::size_t>(std::clamp(period.day_of(instant), 0, period.days() - 1));
    return f.by_day[index];
  };
  // The period as far as it has happened: a month not over is judged up to now.
  const std::int64_t until = std::min(period.end, period.now);
  // Two groups of queries on two read connections at once (a year of a million tickets is
  // millions of index entries; the machine has more than one core). The first group alone
  // touches the days (by_day), the second alone the stages, resolutions and backlog.
  auto second = std::async(std::launch::async, [&] {
    db_.read_snapshot([&](Connection& conn) {
      {
        // First-contact resolution: solved in the ticket's only stage, which was level 1's
        // (a reopened or escalated ticket has more than one).
        Query q = conn.query(
            "SELECT created_at, resolved_at, resolution, stage_count, first_stage_level "
            "FROM tickets WHERE resolved_at > 0 AND resolved_at >= ? AND resolved_at < ?");
        q.bind(1, period.begin);
        q.bind(2, period.end);
        while (q.executeStep()) {
          ++f.resolved;
          if (std::string_view(q.getColumn(2).getText()) == "not_resolved") continue;
          f.resolution_seconds.push_back(q.getColumn(1).getInt64() - q.getColumn(0).getInt64());
          if (std::string_view(q.getColumn(4).getText()) != "1") continue;
          ++f.first_level_resolved;
          if (q.getColumn(3).getInt64() == 1) ++f.first_contact_resolved;
        }
      }
      {
        Query q =
            conn.query("SELECT COUNT(DISTINCT ticket_id) FROM events WHERE action = 'reopen' AND at >= ? AND at < ?");
        q.bind(1, period.begin);
        q.bind(2, period.end);
        if (q.executeStep()) f.reopened = q.getColumn(0).getInt64();
      }
      {
        // A stage counts in the period it ended in; one still running counts, as breached,
        // in the period its due time passed in (it cannot be met any more).
        Query ended =
            conn.query("SELECT level, breached FROM stages WHERE ended_at > 0 AND ended_at >= ? AND ended_at < ?");
        ended.bind(1, period.begin);
        ended.bind(2, period.end);
        while (ended.executeStep()) {
          auto& s = count_of(f.stages, ended.getColumn(0).getText());
          ++s.total;
          if (ended.getColumn(1).getInt() == 0) ++s.met;
        }
        Query running = conn.query(
            "SELECT level, paused_since, breached FROM stages WHERE ended_at = 0 AND due_at >= ? AND due_at < ?");
        running.bind(1, period.begin);
        running.bind(2, until);
        while (running.executeStep()) {
          bool late = running.getColumn(2).getInt() != 0 || running.getColumn(1).getInt64() == 0;
          if (late) ++count_of(f.stages, running.getColumn(0).getText()).total;
        }
      }
      {
        // Open at the end of the period: not resolved yet, or resolved only after it.
        auto count_backlog = [&](Query& q) {
          while (q.executeStep()) {
            std::int64_t age = until - q.getColumn(0).getInt64();
            ++f.backlog_by_age[static_cast<std::size_t>(backlog_bucket(age))];
            if (age > 7 * 86400) ++f.backlog_older_than_7_days;
          }
        };
        Query unresolved = conn.query("SELECT created_at FROM tickets WHERE resolved_at = 0 AND created_at < ?");
        unresolved.bind(1, until);
        count_backlog(unresolved);
        Query resolved_later = conn.query("SELECT created_at FROM tickets WHERE resolved_at >= ? AND created_at < ?");
        resolved_later.bind(1, until);
        resolved_later.bind(2, until);
        count_backlog(resolved_later);
      }
    });
  });
  db_.read_snapshot([&](Connection& conn) {
    {
      Query q = conn.query(
          "SELECT created_at, type, category, channel FROM tickets WHERE created_at >= ? AND created_at < ?");
      q.bind(1, period.begin);
      q.bind(2, period.end);
      FewCounts types, categories, channels;
      while (q.executeStep()) {
        ++f.opened;
        ++day(q.getColumn(0).getInt64()).opened;
        types.add(q.getColumn(1).getText());
        categories.add(q.getColumn(2).getText());
        channels.add(q.getColumn(3).getText());
      }
      types.into(f.by_type);
      categories.into(f.by_category);
      channels.into(f.by_channel);
    }
    {
      Query q = conn.query("SELECT closed_at FROM tickets WHERE closed_at > 0 AND closed_at >= ? AND closed_at < ?");
      q.bind(1, period.begin);
      q.bind(2, period.end);
      while (q.executeStep()) {
        ++f.closed;
        ++day(q.getColumn(0).getInt64()).closed;
      }
    }
    {
      Query q = conn.query(
          "SELECT satisfaction_at, satisfaction_rating FROM tickets "
          "WHERE satisfaction_at > 0 AND satisfaction_at >= ? AND satisfaction_at < ?");
      q.bind(1, period.begin);
      q.bind(2, period.end);
      while (q.executeStep()) {
        int rating = q.getColumn(1).getInt();
        if (rating < 1 || rating > 5) continue;
        ++f.ratings[static_cast<std::size_t>(rating - 1)];
        auto& d = day(q.getColumn(0).getInt64());
        ++d.ratings;
        d.rating_sum += rating;
      }
    }
    {
      Query q = conn.query("SELECT helpful, COUNT(*) FROM kb_feedback WHERE at >= ? AND at < ? GROUP BY helpful");
      q.bind(1, period.begin);
      q.bind(2, period.end);
      while (q.executeStep())
        (q.getColumn(0).getInt() ? f.deflections : f.articles_not_helpful) = q.getColumn(1).getInt64();
    }
  });
  second.get();
  return f;
}

}  // namespace tk::server
