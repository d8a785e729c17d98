// Working hours per weekday in the site's local time, and holidays: service-level clocks of
// tickets that are not security incidents run only inside them (docs/design.md section 9).
// The site's time is UTC plus a fixed offset (Mexico has had no daylight saving since 2022;
// a fixed offset keeps the server free of a time-zone database and identical on Windows).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tk/error.h"

namespace tk {

class WorkCalendar {
 public:
  WorkCalendar();  // always open (24x7): the default when nothing is configured
  static WorkCalendar always_open();
  bool is_always_open() const;

  // From the keys of the [calendar] section, without the "calendar." prefix:
  //   monday .. sunday: "09:00-14:00, 15:00-18:00"; "closed" or "" = closed that day; a day
  //     not given is closed. Hours are H:MM or HH:MM, 00:00 to 23:59, and "24:00" as an end.
  //     Intervals may touch ("09:00-14:00, 14:00-18:00") but not overlap.
  //   holidays: "2026-12-25, 2027-01-01" (local dates, closed all day)
  //   utc_offset: "-06:00" (default "+00:00"), sign required, at most 14 hours
  // An empty map gives always_open(). Any unknown key, malformed time/date/offset, an
  // interval whose end is not after its start, overlapping intervals, or a calendar with no
  // working time in the whole week is an error (ErrorKind::Invalid, code "config_invalid",
  // field "calendar.<key>", a message in both languages naming the key and the bad value).
  static Result<WorkCalendar> from_config(const std::map<std::string, std::string>& keys);

  // The instant at which `working_seconds` of working time have passed, counting from
  // `start`. add(start, 0) == start (and so for a negative amount). A start outside working
  // hours counts from the next opening. If the working time runs out exactly at a closing
  // time, the answer is that closing time.
  std::int64_t add(std::int64_t start, std::int64_t working_seconds) const;
  // Working time between two instants (0 when to <= from).
  std::int64_t between(std::int64_t from, std::int64_t to) const;
  // Whether `instant` is inside working hours (an opening time is inside, a closing time is not).
  bool is_open(std::int64_t instant) const;
  // Local time = UTC + this many seconds.
  std::int64_t utc_offset() const { return utc_offset_; }

  // Instants are taken within +-kHorizon seconds (about 73 000 million years either side of
  // 1970), so that no input overflows; an answer of add() beyond it is INT64_MAX, "never".
  static constexpr std::int64_t kHorizon = INT64_MAX / 4;

 private:
  // Seconds since local midnight, begin < end <= 86400.
  struct Interval {
    std::int32_t begin;
    std::int32_t end;
  };
  using Day = std::vector<Interval>;  // sorted, not overlapping

  bool is_holiday(std::int64_t day) const;
  // Working seconds of local day `day` between seconds [from, to) of that day.
  std::int64_t working_in_day(std::int64_t day, std::int64_t from, std::int64_t to) const;
  // Whole weeks from `day` (a day start) that can be counted as week_seconds_ each: at most
  // `wanted`, and none reaching the next holiday.
  std::int64_t whole_weeks_from(std::int64_t day, std::int64_t wanted) const;

  bool always_open_ = true;
  std::int64_t utc_offset_ = 0;         // local time = UTC + utc_offset_ seconds
  std::array<Day, 7> week_;             // index 0 is Monday
  std::vector<std::int64_t> holidays_;  // local day numbers (days since 1970-01-01), sorted, unique
  std::int64_t week_seconds_ = 0;       // working seconds of a week without holidays
};

// Dates as days since 1970-01-01: "YYYY-MM-DD" (a real date of the Gregorian calendar, or
// nothing), and back.
std::optional<std::int64_t> parse_day(std::string_view yyyy_mm_dd);
std::string format_day(std::int64_t day);

}  // namespace tk
