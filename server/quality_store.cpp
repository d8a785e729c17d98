// The quality report's queries. Each reads one range of an index made for it (schema 5):
// a month of a million-ticket database touches only that month's rows.
#include "quality_report.h"
#include "ticket_store.h"

#include <algorithm>

namespace tk::server {

QualityFigures TicketStore::quality_figures(const QualityPeriod& period) {
  QualityFigures f;
  f.by_day.resize(static_cast<std::size_t>(std::max(period.days(), 0)));
  auto day = [&](std::int64_t instant) -> DayFigures& {
    auto index = static_cast<std::size_t>(std::clamp(period.day_of(instant), 0, period.days() - 1));
    return f.by_day[index];
  };
  // The period as far as it has happened: a month not over is judged up to now.
  const std::int64_t until = std::min(period.end, period.now);
  read_snapshot([&](Connection& conn) {
    {
      Query q = conn.query(
          "SELECT created_at, type, category, channel FROM tickets WHERE created_at >= ? AND created_at < ?");
      q.bind(1, period.begin);
      q.bind(2, period.end);
      while (q.executeStep()) {
        ++f.opened;
        ++day(q.getColumn(0).getInt64()).opened;
        ++f.by_type[q.getColumn(1).getString()];
        ++f.by_category[q.getColumn(2).getString()];
        ++f.by_channel[q.getColumn(3).getString()];
      }
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
      // First-contact resolution: solved in the ticket's only stage, which was level 1's
      // (a reopened or escalated ticket has more than one).
      Query q = conn.query(
          "SELECT t.created_at, t.resolved_at, t.resolution, "
          "  (SELECT COUNT(*) FROM stages s WHERE s.ticket_id = t.id), "
          "  (SELECT s.level FROM stages s WHERE s.ticket_id = t.id AND s.seq = 0) "
          "FROM tickets t WHERE t.resolved_at > 0 AND t.resolved_at >= ? AND t.resolved_at < ?");
      q.bind(1, period.begin);
      q.bind(2, period.end);
      while (q.executeStep()) {
        ++f.resolved;
        if (q.getColumn(2).getString() == "not_resolved") continue;
        f.resolution_seconds.push_back(q.getColumn(1).getInt64() - q.getColumn(0).getInt64());
        if (q.getColumn(4).getString() != "1") continue;
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
      // A stage counts in the period it ended in; one still running counts, as breached,
      // in the period its due time passed in (it cannot be met any more).
      Query ended =
          conn.query("SELECT level, breached FROM stages WHERE ended_at > 0 AND ended_at >= ? AND ended_at < ?");
      ended.bind(1, period.begin);
      ended.bind(2, period.end);
      while (ended.executeStep()) {
        auto& s = f.stages[ended.getColumn(0).getString()];
        ++s.total;
        if (ended.getColumn(1).getInt() == 0) ++s.met;
      }
      Query running = conn.query(
          "SELECT level, paused_since, breached FROM stages WHERE ended_at = 0 AND due_at >= ? AND due_at < ?");
      running.bind(1, period.begin);
      running.bind(2, until);
      while (running.executeStep()) {
        bool late = running.getColumn(2).getInt() != 0 || running.getColumn(1).getInt64() == 0;
        if (late) ++f.stages[running.getColumn(0).getString()].total;
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
  return f;
}

}  // namespace tk::server
