// Times are seconds since the Unix epoch in UTC, written as RFC 3339 ("2026-11-22T01:26:23Z").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tk {

std::int64_t now_seconds();
std::string format_rfc3339(std::int64_t seconds);
std::optional<std::int64_t> parse_rfc3339(std::string_view);
int year_of(std::int64_t seconds);

}  // namespace tk
