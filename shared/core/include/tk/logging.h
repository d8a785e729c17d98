// Logging through Boost.Log, set up once per program. Channels name the subsystem
// ("http", "db", "sync", "ui", "server"). Never pass tokens or whole descriptions here.
#pragma once

#include <string>
#include <string_view>

namespace tk::log {

enum class Severity { Debug, Info, Warning, Error };

struct Options {
  std::string program = "tk";
  std::string dir;  // rotating files here when set
  Severity min_severity = Severity::Info;
  bool to_stderr = true;
};

Severity parse_severity(std::string_view);  // unknown names give Info
void setup(const Options&);
void write(Severity, std::string_view channel, std::string_view message);
void flush();
// False when setup() filtered this severity out, so callers can skip building a message.
bool enabled(Severity);

inline void debug(std::string_view c, std::string_view m) { write(Severity::Debug, c, m); }
inline void info(std::string_view c, std::string_view m) { write(Severity::Info, c, m); }
inline void warning(std::string_view c, std::string_view m) { write(Severity::Warning, c, m); }
inline void error(std::string_view c, std::string_view m) { write(Severity::Error, c, m); }

// The platform's folder for this program's logs (XDG state on Linux).
std::string default_log_dir(std::string_view program);

}  // namespace tk::log
