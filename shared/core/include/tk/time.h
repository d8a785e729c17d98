// Times are seconds since the Unix epoch in UTC, written as RFC 3339 ("2026-11-22T01:26:23Z").
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace tk {

std::int64_t now_seconds();
std::string format_rfc3339(std::int64_t seconds);
std::optional<std::int64_t> parse_rfc3339(std::string_view);
int year_of(std::int64_t seconds);

// The calendar fields of a time in UTC and in the machine's time zone (gmtime_r and
// localtime_r where they exist, their _s twins on Windows).
std::tm utc_calendar(std::int64_t seconds);
std::tm local_calendar(std::int64_t seconds);

}  // namespace tk
