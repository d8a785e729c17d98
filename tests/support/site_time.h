// Test dates at the site (UTC-6, Mexico City without daylight saving), computed apart from
// the code under test.
#pragma once

#include <cstdint>

namespace tk::test {

// Seconds since the epoch of a local date and time at the site, from days since 1970
// (Howard Hinnant's days_from_civil).
inline std::int64_t site_time(int year, int month, int day, int hour, int minute = 0) {
  constexpr std::int64_t kHour = 3600;
  constexpr std::int64_t kSiteOffset = -6 * kHour;
  year -= month <= 2;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const int yoe = year - era * 400;
  const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
  return days * 86400 + hour * kHour + minute * 60 - kSiteOffset;
}

}  // namespace tk::test
