// How tkctl prints for people: tables with headers and aligned columns, text cut with "…",
// dates in the user's language, a ticket in full, and colour where the terminal has it.
// --json output is data and goes around all of this.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tk/catalog.h"
#include "tk/domain.h"

namespace tkctl {

// "22/11/2026 14:05" (Spanish) or "2026-11-22 14:05" (English), in the machine's time zone; "—" for 0.
std::string when(std::int64_t seconds);
// At most `columns` characters, the last one "…" when something was cut.
std::string cut(const std::string& text, std::size_t columns);
// Characters on screen (UTF-8 code points; the product's languages have no wide ones).
std::size_t width(const std::string& text);
std::string padded(const std::string& text, std::size_t columns);

// A ticket's state as people read it ("En atención (nivel 2)").
std::string state_text(const tk::Ticket&);
std::string group_text(const tk::Catalog&, const std::string& id);
void print_ticket(const tk::Ticket&, const tk::Catalog&);

// Emphasis for the terminal: kept only where standard output is a terminal that shows
// colour and NO_COLOR is not set (https://no-color.org); nothing otherwise.
enum class Paint { Bold, Red, Green };
std::string paint(const std::string& text, Paint);

// Rows under a header, each column as wide as its widest cell; the last column is cut
// with "…" so that a line fits in `line_width`.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  // `alarm`: the whole row in red (an overdue ticket).
  void add(std::vector<std::string> row, bool alarm = false);
  std::string text(std::size_t line_width = 120) const;
  bool empty() const { return rows_.empty(); }

 private:
  std::vector<std::string> header_;
  std::vector<std::pair<std::vector<std::string>, bool>> rows_;
};

// Standard output and error sanitised line by line for people (tk::printable_text), the
// paint kept or dropped: summaries, notes and names come from other people, and a C1 CSI
// or a bidi override in one must not drive the terminal or disguise what it shows.
void print_for_people();

}  // namespace tkctl
