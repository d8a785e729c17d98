// Settings files: plain "key = value" lines ('#' comments) that programs read and write
// back, and "host:port" addresses. The server's own file is read in server/server_config.h.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "tk/error.h"

namespace tk {

// The one dialect of every settings file, the server's included: "key = value" lines. A
// line starting with '#' or ';' is a comment, and so is what follows a '#' standing alone
// after the '=' ("threads = 0  # four per core"); a '#' inside a word is the value's, as
// in a colour ("accent_colour = #b38e5d"). A value in double quotes is taken literally.
// "[section]" puts the keys below it under "section." ("[sla]" then "priority1_hours" is
// "sla.priority1_hours"), except `own_section`, whose keys keep their names (Windows' ini
// files, which installers write, must have a section). Lines without '=' are skipped; a
// missing file reads as empty.
std::map<std::string, std::string> read_key_values(const std::string& path, std::string_view own_section = {});
// Sets `into` to the value of `key` when the file has it; leaves it alone otherwise.
void take_value(const std::map<std::string, std::string>& values, const char* key, std::string& into);

// Writes atomically (a temporary file renamed over the old one), readable by the user only.
bool write_key_values(const std::string& path, const std::map<std::string, std::string>&);

// Splits "host:port"; nullopt-like error when the port is not a number in range.
struct HostPort {
  std::string host;
  int port = 0;
};
Result<HostPort> parse_host_port(const std::string&);

}  // namespace tk
