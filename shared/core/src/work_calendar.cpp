#include "tk/work_calendar.h"

#include <cstdio>

#include <algorithm>
#include <optional>
#include <string_view>

#include "tk/text.h"

namespace tk {

namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kMaxOffset = 14 * 3600;  // the widest offset in use (UTC+14, Kiribati)
constexpr const char* kDayKeys[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::int64_t clamped(std::int64_t t) { return std::clamp(t, -WorkCalendar::kHorizon, WorkCalendar::kHorizon); }

// Monday is 0; day 0 (1970-01-01) was a Thursday.
std::size_t weekday(std::int64_t day) { return static_cast<std::size_t>(((day % 7) + 7 + 3) % 7); }

// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (H. Hinnant's
// days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::optional<int> digits_value(std::string_view text) {
  if (text.empty() || !is_digits(text)) return std::nullopt;
  int value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

// "H:MM" or "HH:MM", 00:00 to 24:00, as seconds since midnight.
std::optional<std::int32_t> parse_clock(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon < 1 || colon > 2 || text.size() != colon + 3) return std::nullopt;
  auto hours = digits_value(text.substr(0, colon));
  auto minutes = digits_value(text.substr(colon + 1));
  if (!hours || !minutes || *minutes > 59 || *hours > 24 || (*hours == 24 && *minutes != 0)) return std::nullopt;
  return *hours * 3600 + *minutes * 60;
}

// "YYYY-MM-DD" as a day number.
std::optional<std::int64_t> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = digits_value(text.substr(0, 4));
  auto m = digits_value(text.substr(5, 2));
  auto d = digits_value(text.substr(8, 2));
  if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1) return std::nullopt;
  static constexpr int kMonthDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int month_days = kMonthDays[*m - 1] + (*m == 2 && is_leap(*y) ? 1 : 0);
  if (*d > month_days) return std::nullopt;
  return days_from_civil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d));
}

// "+HH:MM" or "-HH:MM", at most 14 hours, as seconds.
std::optional<std::int64_t> parse_offset(std::string_view text) {
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return std::nullopt;
  auto hours = digits_value(text.substr(1, 2));
  auto minutes = digits_value(text.substr(4, 2));
  if (!hours || !minutes || *minutes > 59) return std::nullopt;
  std::int64_t seconds = *hours * 3600 + *minutes * 60;
  if (seconds > kMaxOffset) return std::nullopt;
  return text[0] == '-' ? -seconds : seconds;
}

// Splits at commas; pieces trimmed, empty ones kept (so that "a,,b" can be refused).
std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> pieces;
  std::size_t begin = 0;
  for (;;) {
    auto comma = text.find(',', begin);
    pieces.push_back(trim(std::string_view(text).substr(begin, comma - begin)));
    if (comma == std::string::npos) return pieces;
    begin = comma + 1;
  }
}

std::string clock_text(std::int32_t seconds) {
  auto two = [](int n) { return std::string(1, static_cast<char>('0' + n / 10)) + static_cast<char>('0' + n % 10); };
  return two(seconds / 3600) + ":" + two(seconds / 60 % 60);
}

Error invalid(const std::string& key, const std::string& value, const Bilingual& why) {
  std::string name = "calendar." + key;
  return make_error(ErrorKind::Invalid, "config_invalid",
                    {name + " = \"" + value + "\": " + why.es, name + " = \"" + value + "\": " + why.en}, name);
}

}  // namespace

std::optional<std::int64_t> parse_day(std::string_view yyyy_mm_dd) { return parse_date(yyyy_mm_dd); }

// H. Hinnant's civil_from_days, the inverse of days_from_civil.
std::string format_day(std::int64_t day) {
  day += 719468;
  const std::int64_t era = (day >= 0 ? day : day - 146096) / 146097;
  const auto doe = static_cast<unsigned>(day - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  char text[32];
  std::snprintf(text, sizeof text, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return text;
}

WorkCalendar::WorkCalendar() = default;

WorkCalendar WorkCalendar::always_open() { return WorkCalendar(); }

bool WorkCalendar::is_always_open() const { return always_open_; }

Result<WorkCalendar> WorkCalendar::from_config(const std::map<std::string, std::string>& keys) {
  if (keys.empty()) return always_open();
  WorkCalendar c;
  c.always_open_ = false;
  for (const auto& [key, value] : keys) {
    const auto* day_key =
        std::find_if(std::begin(kDayKeys), std::end(kDayKeys), [&key = key](const char* name) { return key == name; });
    if (day_key != std::end(kDayKeys)) {
      Day& day = c.week_[static_cast<std::size_t>(day_key - std::begin(kDayKeys))];
      std::string text = trim(value);
      if (text.empty() || lower_ascii(text) == "closed") continue;
      for (const std::string& piece : comma_list(text)) {
        auto dash = piece.find('-');
        std::optional<std::int32_t> begin, end;
        if (dash != std::string::npos && piece.find('-', dash + 1) == std::string::npos) {
          begin = parse_clock(trim(std::string_view(piece).substr(0, dash)));
          end = parse_clock(trim(std::string_view(piece).substr(dash + 1)));
        }
        if (!begin || !end)
          return invalid(key, value,
                         {"se esperaba HH:MM-HH:MM, p. ej. 09:00-14:00, 15:00-18:00, o \"closed\"",
                          "expected HH:MM-HH:MM, e.g. 09:00-14:00, 15:00-18:00, or \"closed\""});
        if (*end <= *begin)
          return invalid(key, value,
                         {"el final de " + piece + " no es posterior a su inicio",
                          "the end of " + piece + " is not after its start"});
        day.push_back({*begin, *end});
      }
      std::sort(day.begin(), day.end(), [](const Interval& a, const Interval& b) { return a.begin < b.begin; });
      for (std::size_t i = 1; i < day.size(); ++i) {
        if (day[i].begin < day[i - 1].end) {
          std::string first = clock_text(day[i - 1].begin) + "-" + clock_text(day[i - 1].end);
          std::string second = clock_text(day[i].begin) + "-" + clock_text(day[i].end);
          return invalid(key, value,
                         {"los intervalos " + first + " y " + second + " se traslapan",
                          "the intervals " + first + " and " + second + " overlap"});
        }
      }
    } else if (key == "holidays") {
      if (trim(value).empty()) continue;
      for (const std::string& piece : comma_list(value)) {
        auto day = parse_date(piece);
        if (!day)
          return invalid(key, value,
                         {"fecha no válida \"" + piece + "\" (se espera AAAA-MM-DD, p. ej. 2026-12-25)",
                          "invalid date \"" + piece + "\" (expected YYYY-MM-DD, e.g. 2026-12-25)"});
        c.holidays_.push_back(*day);
      }
    } else if (key == "utc_offset") {
      auto offset = parse_offset(trim(value));
      if (!offset)
        return invalid(key, value,
                       {"se esperaba +HH:MM o -HH:MM de a lo más 14 horas, p. ej. -06:00",
                        "expected +HH:MM or -HH:MM of at most 14 hours, e.g. -06:00"});
      c.utc_offset_ = *offset;
    } else {
      return invalid(key, value,
                     {"clave desconocida (se esperan monday .. sunday, holidays, utc_offset)",
                      "unknown key (expected monday .. sunday, holidays, utc_offset)"});
    }
  }
  std::sort(c.holidays_.begin(), c.holidays_.end());
  c.holidays_.erase(std::unique(c.holidays_.begin(), c.holidays_.end()), c.holidays_.end());
  for (const Day& day : c.week_)
    for (const Interval& i : day) c.week_seconds_ += i.end - i.begin;
  if (c.week_seconds_ == 0)
    return make_error(ErrorKind::Invalid, "config_invalid", N_("calendar: no day of the week has working hours"),
                      "calendar");
  return c;
}

bool WorkCalendar::is_holiday(std::int64_t day) const {
  return std::binary_search(holidays_.begin(), holidays_.end(), day);
}

std::int64_t WorkCalendar::working_in_day(std::int64_t day, std::int64_t from, std::int64_t to) const {
  if (is_holiday(day)) return 0;
  std::int64_t total = 0;
  for (const Interval& i : week_[weekday(day)])
    total += std::max<std::int64_t>(0, std::min<std::int64_t>(i.end, to) - std::max<std::int64_t>(i.begin, from));
  return total;
}

std::int64_t WorkCalendar::whole_weeks_from(std::int64_t day, std::int64_t wanted) const {
  auto next_holiday = std::lower_bound(holidays_.begin(), holidays_.end(), day);
  if (next_holiday != holidays_.end()) wanted = std::min(wanted, (*next_holiday - day) / 7);
  return wanted;
}

std::int64_t WorkCalendar::add(std::int64_t start, std::int64_t working_seconds) const {
  if (working_seconds <= 0) return start;
  start = clamped(start);
  if (always_open_) return working_seconds > kHorizon - start ? INT64_MAX : start + working_seconds;
  // Any answer on a day after this one lies beyond the horizon.
  const std::int64_t last_day = floor_div(kHorizon + kMaxOffset, kDay) + 1;
  const std::int64_t local = start + utc_offset_;
  std::int64_t day = floor_div(local, kDay);
  std::int64_t second = local - day * kDay;  // of the day, local
  std::int64_t remaining = working_seconds;
  for (;;) {
    if (day > last_day) return INT64_MAX;
    // Whole weeks without holidays at once, keeping some work for the last one so that an
    // amount that runs out at a closing time ends there, not at the next week's start.
    if (second == 0 && remaining > week_seconds_) {
      std::int64_t weeks = whole_weeks_from(day, (remaining - 1) / week_seconds_);
      if (weeks > 0) {
        if (weeks > (last_day - day) / 7) return INT64_MAX;
        day += 7 * weeks;
        remaining -= weeks * week_seconds_;
        continue;
      }
    }
    if (!is_holiday(day)) {
      for (const Interval& i : week_[weekday(day)]) {
        if (second >= i.end) continue;
        std::int64_t from = std::max<std::int64_t>(second, i.begin);
        std::int64_t available = i.end - from;
        if (remaining <= available) {
          std::int64_t answer = day * kDay + from + remaining - utc_offset_;
          return answer > kHorizon ? INT64_MAX : answer;
        }
        remaining -= available;
      }
    }
    ++day;
    second = 0;
  }
}

std::int64_t WorkCalendar::between(std::int64_t from, std::int64_t to) const {
  if (to <= from) return 0;
  from = clamped(from);
  to = clamped(to);
  if (always_open_) return to - from;
  const std::int64_t local_from = from + utc_offset_;
  const std::int64_t local_to = to + utc_offset_;
  std::int64_t day = floor_div(local_from, kDay);
  std::int64_t second = local_from - day * kDay;
  const std::int64_t last_day = floor_div(local_to, kDay);
  const std::int64_t last_second = local_to - last_day * kDay;
  std::int64_t total = 0;
  while (day < last_day) {
    if (second == 0) {
      std::int64_t weeks = whole_weeks_from(day, (last_day - day) / 7);
      if (weeks > 0) {
        total += weeks * week_seconds_;
        day += 7 * weeks;
        continue;
      }
    }
    total += working_in_day(day, second, kDay);
    ++day;
    second = 0;
  }
  return total + working_in_day(day, second, last_second);
}

bool WorkCalendar::is_open(std::int64_t instant) const {
  if (always_open_) return true;
  const std::int64_t local = clamped(instant) + utc_offset_;
  const std::int64_t day = floor_div(local, kDay);
  const std::int64_t second = local - day * kDay;
  return working_in_day(day, second, second + 1) > 0;
}

}  // namespace tk
