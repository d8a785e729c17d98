#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tk/work_calendar.h"

namespace tk {

namespace {

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;
constexpr int kMexico = -6 * 60;  // minutes east of UTC

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[month - 1] + (month == 2 && leap(year) ? 1 : 0);
}

// The UTC instant of a local date and time (years from 1970), counting days one year and one
// month at a time: written apart from the calendar's own arithmetic, to check it.
std::int64_t local(int year, int month, int day, int hour, int minute, int offset_minutes = kMexico) {
  std::int64_t days = 0;
  for (int y = 1970; y < year; ++y) days += leap(y) ? 366 : 365;
  for (int m = 1; m < month; ++m) days += days_in_month(year, m);
  days += day - 1;
  return days * 86400 + hour * kHour + minute * kMinute - offset_minutes * kMinute;
}

struct Date {
  int year, month, day;
  bool operator==(const Date& o) const { return year == o.year && month == o.month && day == o.day; }
};

Date next_date(Date d) {
  if (++d.day > days_in_month(d.year, d.month)) {
    d.day = 1;
    if (++d.month > 12) {
      d.month = 1;
      ++d.year;
    }
  }
  return d;
}

const std::map<std::string, std::string> kOffice{
    {"monday", "09:00-18:00"},
    {"tuesday", "09:00-18:00"},
    {"wednesday", "09:00-18:00"},
    {"thursday", "09:00-18:00"},
    {"friday", "09:00-18:00"},
    {"saturday", "closed"},
    {"holidays", "2026-03-16, 2026-12-25"},  // Monday (Benito Juárez) and Friday (Christmas)
    {"utc_offset", "-06:00"}};

WorkCalendar office() {
  auto calendar = WorkCalendar::from_config(kOffice);
  EXPECT_TRUE(calendar.ok()) << calendar.error().message;
  return *calendar;
}

WorkCalendar split_office() {
  auto keys = kOffice;
  for (const char* day : {"monday", "tuesday", "wednesday", "thursday", "friday"})
    keys[day] = "09:00-14:00, 15:00-18:00";
  auto calendar = WorkCalendar::from_config(keys);
  EXPECT_TRUE(calendar.ok()) << calendar.error().message;
  return *calendar;
}

}  // namespace

TEST(WorkCalendarHelper, LocalTimeMatchesAKnownInstant) {
  EXPECT_EQ(local(2026, 3, 13, 16, 0), 1773439200);  // 2026-03-13T22:00:00Z
  EXPECT_EQ(local(1970, 1, 1, 0, 0, 0), 0);
}

TEST(WorkCalendar, FourHoursFromFridayAfternoonEndMondayMorning) {
  EXPECT_EQ(office().add(local(2026, 3, 6, 16, 0), 4 * kHour), local(2026, 3, 9, 11, 0));
}

TEST(WorkCalendar, AMondayHolidayPushesTheEndToTuesday) {
  EXPECT_EQ(office().add(local(2026, 3, 13, 16, 0), 4 * kHour), local(2026, 3, 17, 11, 0));
}

TEST(WorkCalendar, AStartOutsideHoursCountsFromTheNextOpening) {
  auto c = office();
  EXPECT_EQ(c.add(local(2026, 3, 7, 10, 30), 1 * kHour), local(2026, 3, 9, 10, 0));   // Saturday
  EXPECT_EQ(c.add(local(2026, 3, 8, 23, 59), 1 * kHour), local(2026, 3, 9, 10, 0));   // Sunday night
  EXPECT_EQ(c.add(local(2026, 3, 9, 7, 0), 30 * kMinute), local(2026, 3, 9, 9, 30));  // before opening
  EXPECT_EQ(c.add(local(2026, 3, 9, 18, 0), 1 * kHour), local(2026, 3, 10, 10, 0));   // at closing
  EXPECT_EQ(c.add(local(2026, 3, 16, 10, 0), 1 * kHour), local(2026, 3, 17, 10, 0));  // on the holiday
}

TEST(WorkCalendar, AddingNothingIsTheStartEvenOutsideHours) {
  auto c = office();
  EXPECT_EQ(c.add(local(2026, 3, 7, 10, 30), 0), local(2026, 3, 7, 10, 30));
  EXPECT_EQ(c.add(local(2026, 3, 9, 12, 0), 0), local(2026, 3, 9, 12, 0));
  EXPECT_EQ(c.add(local(2026, 3, 7, 10, 30), -kHour), local(2026, 3, 7, 10, 30));
}

TEST(WorkCalendar, WorkRunningOutAtClosingEndsAtTheClosing) {
  auto c = office();
  EXPECT_EQ(c.add(local(2026, 3, 9, 9, 0), 9 * kHour), local(2026, 3, 9, 18, 0));
  EXPECT_EQ(c.add(local(2026, 3, 6, 9, 0), 18 * kHour), local(2026, 3, 9, 18, 0));
  // Exactly one and two whole weeks: Friday's closing, not the next Monday's opening.
  EXPECT_EQ(c.add(local(2026, 3, 2, 9, 0), 45 * kHour), local(2026, 3, 6, 18, 0));
  EXPECT_EQ(c.add(local(2026, 3, 2, 0, 0), 90 * kHour), local(2026, 3, 13, 18, 0));
  // Two weeks' worth across the Monday holiday takes one more day.
  EXPECT_EQ(c.add(local(2026, 3, 9, 9, 0), 90 * kHour), local(2026, 3, 23, 18, 0));
}

TEST(WorkCalendar, SplitDaysSkipTheLunchBreak) {
  auto c = split_office();
  EXPECT_EQ(c.add(local(2026, 3, 9, 13, 0), 2 * kHour), local(2026, 3, 9, 16, 0));
  EXPECT_EQ(c.add(local(2026, 3, 9, 14, 30), 1 * kHour), local(2026, 3, 9, 16, 0));
  EXPECT_EQ(c.add(local(2026, 3, 9, 13, 0), 1 * kHour), local(2026, 3, 9, 14, 0));  // the morning's closing
  EXPECT_EQ(c.add(local(2026, 3, 6, 16, 0), 4 * kHour), local(2026, 3, 9, 11, 0));
  // Friday 16:00-18:00 and Monday 09:00-14:00 make 7 hours.
  EXPECT_EQ(c.add(local(2026, 3, 6, 16, 0), 7 * kHour), local(2026, 3, 9, 14, 0));
  EXPECT_EQ(c.add(local(2026, 3, 6, 16, 0), 7 * kHour + 1), local(2026, 3, 9, 15, 0) + 1);
  EXPECT_EQ(c.between(local(2026, 3, 9, 13, 0), local(2026, 3, 9, 16, 0)), 2 * kHour);
  EXPECT_EQ(c.between(local(2026, 3, 9, 0, 0), local(2026, 3, 10, 0, 0)), 8 * kHour);
  EXPECT_FALSE(c.is_open(local(2026, 3, 9, 14, 30)));
  EXPECT_FALSE(c.is_open(local(2026, 3, 9, 14, 0)));
  EXPECT_TRUE(c.is_open(local(2026, 3, 9, 15, 0)));
  EXPECT_TRUE(c.is_open(local(2026, 3, 9, 13, 59)));
  EXPECT_FALSE(c.is_open(local(2026, 3, 16, 10, 0)));  // holiday
  EXPECT_FALSE(c.is_open(local(2026, 3, 14, 10, 0)));  // Saturday
}

TEST(WorkCalendar, BetweenSkipsWeekendsAndHolidays) {
  auto c = office();
  EXPECT_EQ(c.between(local(2026, 3, 6, 12, 0), local(2026, 3, 9, 12, 0)), 9 * kHour);
  EXPECT_EQ(c.between(local(2026, 3, 13, 16, 0), local(2026, 3, 17, 11, 0)), 4 * kHour);
  EXPECT_EQ(c.between(local(2026, 3, 14, 0, 0), local(2026, 3, 17, 0, 0)), 0);  // weekend + holiday
  EXPECT_EQ(c.between(local(2026, 3, 9, 12, 0), local(2026, 3, 9, 12, 0)), 0);
  EXPECT_EQ(c.between(local(2026, 3, 9, 12, 0), local(2026, 3, 9, 11, 0)), 0);
  // 2026 has 261 weekdays; both holidays fall on one.
  EXPECT_EQ(c.between(local(2026, 1, 1, 0, 0), local(2027, 1, 1, 0, 0)), 259 * 9 * kHour);
}

TEST(WorkCalendar, BetweenUndoesAdd) {
  for (const auto& c : {office(), split_office()}) {
    for (std::int64_t start = local(2026, 3, 5, 0, 0); start < local(2026, 3, 20, 0, 0); start += 97 * kMinute) {
      for (std::int64_t amount : {std::int64_t{1}, kMinute, kHour - 1, 4 * kHour, 9 * kHour, 9 * kHour + 1, 45 * kHour,
                                  72 * kHour, 100 * kHour, 500 * kHour, 5000 * kHour}) {
        std::int64_t end = c.add(start, amount);
        ASSERT_EQ(c.between(start, end), amount) << "start " << start << " amount " << amount;
        // The end is the first instant with that much work behind it.
        ASSERT_EQ(c.between(start, end - 1), amount - 1) << "start " << start << " amount " << amount;
      }
    }
  }
}

// Minute by minute against a schedule written out here: the split office, from Monday
// 2026-03-09, whose next Monday is the holiday.
TEST(WorkCalendar, BetweenMatchesCountingMinutes) {
  auto c = split_office();
  const std::int64_t monday = local(2026, 3, 9, 0, 0);
  auto working = [&](std::int64_t t) {
    std::int64_t minutes = (t - monday) / kMinute;  // t >= monday - 3 days, minute-aligned
    std::int64_t day = (minutes + 14 * 1440) / 1440 - 14;
    std::int64_t minute_of_day = minutes - day * 1440;
    std::int64_t weekday = ((day % 7) + 7) % 7;
    if (day == 7 || weekday >= 5) return false;
    return (minute_of_day >= 9 * 60 && minute_of_day < 14 * 60) ||
           (minute_of_day >= 15 * 60 && minute_of_day < 18 * 60);
  };
  std::uint32_t seed = 12345;
  auto next_minute = [&] {
    seed = seed * 1664525u + 1013904223u;
    return static_cast<std::int64_t>(seed >> 8) % (20 * 1440);
  };
  for (int i = 0; i < 40; ++i) {
    std::int64_t a = monday - 3 * 86400 + next_minute() * kMinute;
    std::int64_t b = monday - 3 * 86400 + next_minute() * kMinute;
    if (b < a) std::swap(a, b);
    std::int64_t expected = 0;
    for (std::int64_t t = a; t < b; t += kMinute) expected += working(t) ? kMinute : 0;
    EXPECT_EQ(c.between(a, b), expected) << a << " .. " << b;
    EXPECT_EQ(c.is_open(a), working(a)) << a;
  }
}

// Long amounts (whole weeks at a time) against walking the dates one by one.
TEST(WorkCalendar, LongAmountsCountEveryWorkingDayAndNoHoliday) {
  auto c = office();
  const std::int64_t start = local(2026, 3, 2, 9, 0);  // a Monday
  for (int n = 1; n <= 300; n += 7) {
    Date d{2026, 3, 2};
    int weekday = 0;  // Monday
    int counted = 0;
    for (;;) {
      bool holiday = d == Date{2026, 3, 16} || d == Date{2026, 12, 25};
      if (weekday < 5 && !holiday && ++counted == n) break;
      d = next_date(d);
      weekday = (weekday + 1) % 7;
    }
    EXPECT_EQ(c.add(start, n * 9 * kHour), local(d.year, d.month, d.day, 18, 0)) << n << " days";
  }
}

TEST(WorkCalendar, InstantsBefore1970AndOtherOffsets) {
  auto keys = kOffice;
  keys["utc_offset"] = "+06:00";
  keys.erase("holidays");
  auto c = WorkCalendar::from_config(keys);
  ASSERT_TRUE(c.ok()) << c.error().message;
  // 1970-01-01 (a Thursday) 03:00 at +06:00 is before the epoch.
  EXPECT_EQ(c->add(-3 * kHour, kHour), 10 * kHour - 6 * kHour);
  EXPECT_EQ(c->add(-10 * kHour, kHour), 10 * kHour - 6 * kHour);  // Wednesday 20:00
  EXPECT_EQ(c->between(-10 * kHour, 4 * kHour), kHour);

  keys["utc_offset"] = "+05:30";
  auto india = WorkCalendar::from_config(keys);
  ASSERT_TRUE(india.ok()) << india.error().message;
  EXPECT_EQ(india->add(local(2026, 3, 6, 16, 0, 330), 4 * kHour), local(2026, 3, 9, 11, 0, 330));
}

TEST(WorkCalendar, AnyInputTerminates) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  for (const auto& c : {office(), WorkCalendar::always_open()}) {
    EXPECT_EQ(c.add(local(2026, 3, 9, 9, 0), kMax), kMax);
    EXPECT_EQ(c.add(kMax, 1), kMax);
    EXPECT_EQ(c.add(kMax, 0), kMax);
    EXPECT_LT(c.add(kMin, kHour), 0);
    EXPECT_GT(c.between(kMin, kMax), 0);
    EXPECT_EQ(c.between(kMax, kMin), 0);
  }
}

TEST(WorkCalendar, AlwaysOpenCountsEverySecond) {
  for (const auto& c : {WorkCalendar(), WorkCalendar::always_open(), *WorkCalendar::from_config({})}) {
    EXPECT_TRUE(c.is_always_open());
    const std::int64_t saturday = local(2026, 3, 7, 23, 0);
    EXPECT_EQ(c.add(saturday, 4 * kHour), saturday + 4 * kHour);
    EXPECT_EQ(c.between(saturday, saturday + 72 * kHour), 72 * kHour);
    EXPECT_EQ(c.between(saturday, saturday - 1), 0);
    EXPECT_TRUE(c.is_open(saturday));
  }
  EXPECT_FALSE(office().is_always_open());
}

TEST(WorkCalendar, AcceptedSpellings) {
  auto c = WorkCalendar::from_config({{"monday", " 9:00 - 14:00,14:00-24:00 "},
                                      {"tuesday", "Closed"},
                                      {"wednesday", ""},
                                      {"holidays", ""},
                                      {"utc_offset", "+00:00"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  // Monday 1970-01-05 from 09:00 to midnight, touching intervals counted once.
  const std::int64_t monday = 4 * 86400;
  EXPECT_EQ(c->between(monday, monday + 7 * 86400), 15 * kHour);
  EXPECT_EQ(c->add(monday, 15 * kHour), monday + 86400);
  EXPECT_EQ(c->add(monday + 86400, kHour), monday + 7 * 86400 + 10 * kHour);
}

namespace {

void expect_config_error(const std::map<std::string, std::string>& keys, const std::string& key,
                         const std::string& value) {
  auto c = WorkCalendar::from_config(keys);
  ASSERT_FALSE(c.ok()) << key << " = " << value;
  EXPECT_EQ(c.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(c.error().code, "config_invalid");
  for (const std::string& message : {c.error().message, c.error().message_en}) {
    EXPECT_NE(message.find(key), std::string::npos) << message;
    EXPECT_NE(message.find(value), std::string::npos) << message;
  }
  EXPECT_NE(c.error().message, c.error().message_en);  // Spanish and English
}

void expect_bad_value(const std::string& key, const std::string& value) {
  auto keys = kOffice;
  keys[key] = value;
  expect_config_error(keys, "calendar." + key, value);
}

}  // namespace

TEST(WorkCalendarConfig, UnknownKeyIsAnError) {
  auto keys = kOffice;
  keys["mondey"] = "09:00-18:00";
  expect_config_error(keys, "calendar.mondey", "09:00-18:00");
  keys = kOffice;
  keys["timezone"] = "America/Mexico_City";
  expect_config_error(keys, "calendar.timezone", "America/Mexico_City");
}

TEST(WorkCalendarConfig, MalformedHoursAreErrors) {
  expect_bad_value("monday", "9-18");
  expect_bad_value("tuesday", "09:00");
  expect_bad_value("wednesday", "09:00-18:60");
  expect_bad_value("thursday", "09:00-25:00");
  expect_bad_value("friday", "09:00-14:00,");
  expect_bad_value("friday", "24:00-24:00");
  expect_bad_value("saturday", "cerrado");
}

TEST(WorkCalendarConfig, AnEndNotAfterItsStartIsAnError) {
  expect_bad_value("monday", "18:00-09:00");
  expect_bad_value("monday", "09:00-09:00");
}

TEST(WorkCalendarConfig, OverlappingIntervalsAreAnError) {
  expect_bad_value("monday", "09:00-14:00, 13:00-18:00");
  expect_bad_value("monday", "15:00-18:00, 09:00-16:00");
  expect_bad_value("monday", "09:00-18:00, 10:00-11:00");
}

TEST(WorkCalendarConfig, BadDatesAreErrors) {
  expect_bad_value("holidays", "2026-02-30");
  expect_bad_value("holidays", "2026-12-25, 25/12/2026");
  expect_bad_value("holidays", "2026-13-01");
  expect_bad_value("holidays", "2026-1-6");
  expect_bad_value("holidays", "2027-02-29");
  auto keys = kOffice;
  keys["holidays"] = "2028-02-29";  // a leap year
  EXPECT_TRUE(WorkCalendar::from_config(keys).ok());
}

TEST(WorkCalendarConfig, BadOffsetsAreErrors) {
  expect_bad_value("utc_offset", "-6");
  expect_bad_value("utc_offset", "06:00");
  expect_bad_value("utc_offset", "UTC-06:00");
  expect_bad_value("utc_offset", "-06:60");
  expect_bad_value("utc_offset", "+15:00");
}

TEST(WorkCalendarConfig, AWeekWithoutWorkingTimeIsAnError) {
  std::map<std::string, std::string> keys{{"utc_offset", "-06:00"}, {"holidays", "2026-12-25"}};
  for (const char* day : {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
    keys[day] = "closed";
  auto c = WorkCalendar::from_config(keys);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(c.error().code, "config_invalid");
  EXPECT_NE(c.error().message.find("calendar"), std::string::npos);
  EXPECT_FALSE(c.error().message_en.empty());
  // Only an offset: no day given, so every day is closed.
  EXPECT_FALSE(WorkCalendar::from_config({{"utc_offset", "-06:00"}}).ok());
}

}  // namespace tk
