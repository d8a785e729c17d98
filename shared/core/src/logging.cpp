// The only file that includes Boost.Log: its headers are slow to compile.
#include "tk/logging.h"

#include "tk/file_path.h"
#include "tk/platform.h"
#include "tk/text.h"

#include <boost/log/attributes/constant.hpp>
#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/sinks/sync_frontend.hpp>
#include <boost/log/sinks/text_file_backend.hpp>
#include <boost/log/sinks/text_ostream_backend.hpp>
#include <boost/log/sources/record_ostream.hpp>
#include <boost/log/support/date_time.hpp>
#include <boost/log/utility/setup/common_attributes.hpp>
#include <boost/core/null_deleter.hpp>
#include <boost/filesystem/path.hpp>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#ifdef __linux__
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace tk::log {

namespace logging = boost::log;
namespace expr = boost::log::expressions;
namespace sinks = boost::log::sinks;

BOOST_LOG_ATTRIBUTE_KEYWORD(severity_kw, "Severity", Severity)
BOOST_LOG_ATTRIBUTE_KEYWORD(channel_kw, "Channel", std::string)

namespace {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Debug: return "debug";
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "info";
}

std::atomic<int> g_min_severity{static_cast<int>(Severity::Info)};

auto formatter() {
  return expr::stream << expr::format_date_time<boost::posix_time::ptime>("TimeStamp", "%Y-%m-%dT%H:%M:%S.%f") << " "
                      << expr::attr<std::string>("Program") << " [" << expr::attr<std::string>("Channel") << "] "
                      << expr::attr<std::string>("SeverityName") << ": " << expr::smessage;
}

// For the journal: the syslog priority as the "<N>" prefix systemd reads off each line
// (so that journalctl -p err finds the errors), and no time or program name, which the
// journal records itself.
auto journal_formatter() {
  return expr::stream << "<" << expr::attr<int>("SyslogPriority") << ">[" << expr::attr<std::string>("Channel") << "] "
                      << expr::smessage;
}

int syslog_priority(Severity s) {
  switch (s) {
    case Severity::Debug: return 7;
    case Severity::Info: return 6;
    case Severity::Warning: return 4;
    case Severity::Error: return 3;
  }
  return 6;
}

// Whether standard error is the journal's stream: systemd says so in JOURNAL_STREAM
// ("device:inode" of the stream it connected), as sd_journal_stream_fd(3) describes.
bool stderr_is_journal() {
#ifdef __linux__
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (!stream) return false;
  struct stat st {};
  if (fstat(STDERR_FILENO, &st) != 0) return false;
  unsigned long long device = 0, inode = 0;
  if (std::sscanf(stream, "%llu:%llu", &device, &inode) != 2) return false;
  return device == static_cast<unsigned long long>(st.st_dev) && inode == static_cast<unsigned long long>(st.st_ino);
#else
  return false;
#endif
}

}  // namespace

Severity parse_severity(std::string_view name) {
  if (name == "debug") return Severity::Debug;
  if (name == "warning") return Severity::Warning;
  if (name == "error") return Severity::Error;
  return Severity::Info;
}

void setup(const Options& options) {
  auto core = logging::core::get();
  core->remove_all_sinks();
  logging::add_common_attributes();
  core->add_global_attribute("Program", logging::attributes::constant<std::string>(options.program));
  core->set_filter(severity_kw >= options.min_severity);
  // Without any sink Boost.Log would print everything through its default one.
  core->set_logging_enabled(options.to_stderr || !options.dir.empty());
  g_min_severity = static_cast<int>(options.min_severity);
  if (options.to_stderr) {
    auto backend = boost::make_shared<sinks::text_ostream_backend>();
    backend->add_stream(boost::shared_ptr<std::ostream>(&std::clog, boost::null_deleter()));
    backend->auto_flush(true);
    auto sink = boost::make_shared<sinks::synchronous_sink<sinks::text_ostream_backend>>(backend);
    if (stderr_is_journal())
      sink->set_formatter(journal_formatter());
    else
      sink->set_formatter(formatter());
    core->add_sink(sink);
  }
  if (!options.dir.empty()) {
    // Boost's paths from the native form: narrow text would be read in the ANSI code page
    // on Windows and lose a user name such as "José".
    auto dir = utf8_path(options.dir);
    std::filesystem::create_directories(dir);
    boost::filesystem::path log_dir(dir.native());
    auto backend = boost::make_shared<sinks::text_file_backend>(
        logging::keywords::file_name = log_dir / (options.program + "_%Y%m%d_%N.log"),
        logging::keywords::rotation_size = 10 * 1024 * 1024,
        logging::keywords::time_based_rotation = sinks::file::rotation_at_time_point(0, 0, 0),
        logging::keywords::open_mode = std::ios_base::app);
    // Each record reaches the file as it is written: a program's log is read while it runs,
    // and a kiosk's once showed nothing after twelve seconds.
    backend->auto_flush(true);
    auto sink = boost::make_shared<sinks::synchronous_sink<sinks::text_file_backend>>(backend);
    sink->set_formatter(formatter());
    sink->locked_backend()->set_file_collector(
        sinks::file::make_collector(logging::keywords::target = log_dir, logging::keywords::max_files = 10,
                                    logging::keywords::max_size = 100 * 1024 * 1024));
    sink->locked_backend()->scan_for_files();
    core->add_sink(sink);
  }
}

// No Boost.Log logger object: a logger keeps its severity in thread-specific storage, and
// that storage's clean-up at the end of a thread raced with the destruction of the
// thread_local logger this used to be (with MinGW's threads, tk-tray.exe crashed now and
// then in sp_counted_base::release as a background thread ended). The record is opened on
// the core with its attributes given directly, which leaves nothing behind in the thread.
void write(Severity severity, std::string_view channel, std::string_view message) {
  auto core = logging::core::get();
  logging::attribute_set attributes;
  attributes.insert("Severity", logging::attributes::make_constant(severity));
  attributes.insert("Channel", logging::attributes::make_constant(std::string(channel)));
  attributes.insert("SeverityName", logging::attributes::make_constant(std::string(severity_name(severity))));
  attributes.insert("SyslogPriority", logging::attributes::make_constant(syslog_priority(severity)));
  auto record = core->open_record(attributes);
  if (!record) return;
  logging::record_ostream stream(record);
  // Every message passes the one sanitiser: text from outside (a path, an account, a
  // server's message) must not write escape sequences or fake lines into a log (issue 25).
  stream << printable_text(message);
  stream.flush();
  core->push_record(std::move(record));
}

bool enabled(Severity s) { return static_cast<int>(s) >= g_min_severity.load(std::memory_order_relaxed); }

void flush() { logging::core::get()->flush(); }

std::string default_log_dir(std::string_view program) { return platform::user_log_dir(program); }

}  // namespace tk::log
