// tk-server: the service desk's REST backend and its administration commands. Its command
// table is command_line() below (tk/command_line.h): `tk-server --help` prints it.
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "admin_commands.h"
#include "http/dashboard.h"
#include "http/http_server.h"
#include "access/ldap_directory.h"
#include "http/ticket_api.h"
#include "services.h"
#include "storage/storage.h"
#include "server_config.h"
#include "tk/config.h"
#include "tk/language.h"
#include "tk/logging.h"
#include "tk/text.h"
#include "tk/time.h"

#ifndef TK_VERSION
#define TK_VERSION "0.0.0"
#endif

namespace {

using tk::server::admin::_;
using tk::server::admin::fail;
using tk::server::admin::g_language;
using tk::server::admin::option;

int serve(const tk::cli::Arguments& args) {
  tk::ServerConfig config;
  if (auto file = option(args, "config"); !file.empty())
    if (auto loaded = tk::load_server_config(file, config); !loaded) return fail(loaded.error().message_in(g_language));
  for (const auto& [name, value] : args.values) {
    if (name == "listen")
      config.listen = value;
    else if (name == "db")
      config.db_path = value;
    else if (name == "threads") {
      if (!tk::is_digits(value) || value.size() > 4 || std::stoi(value) > 1024)
        return fail(
            tk::format(_("--threads must be a number from 0 (as the machine has) to 1024, not \"{}\""), {value}));
      config.threads = std::stoi(value);
    } else if (name == "log-dir")
      config.log_dir = value;
    else if (name == "log-level")
      config.log_level = value;
  }
  auto listen = tk::parse_host_port(config.listen);
  if (!listen) return fail(listen.error().message_in(g_language));

  // Signals are taken by sigwait() below, never by an arbitrary worker thread.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  tk::log::setup({"tk-server", config.log_dir, tk::log::parse_severity(config.log_level), true});
  int threads =
      config.threads > 0 ? config.threads : static_cast<int>(std::max(2u, std::thread::hardware_concurrency()) * 4);
  tk::server::init_http_threads(threads);

  tk::server::ServiceOptions options;
  options.service_levels = config.service_levels;
  options.lookup_failures_allowed = config.lookup_failures_allowed;
  options.lookup_window_seconds = config.lookup_window_seconds;
  options.account_failures_allowed = config.directory.failures_allowed;
  options.auto_close_after_seconds = config.auto_close_after_seconds;
  options.objectives = config.objectives;
  if (!config.catalog_file.empty()) {
    std::ifstream in(config.catalog_file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto catalog = tk::parse_catalog(text);
    if (!in || !catalog) return fail(tk::format(_("invalid catalog in {}"), {config.catalog_file}));
    options.catalog = *catalog;
  }
  options.catalog.groups = config.groups;

  std::unique_ptr<tk::server::Storage> store;
  try {
    store = std::make_unique<tk::server::Storage>(config.db_path);
  } catch (const std::exception& e) {
    return fail(tk::format(_("cannot open the database: {}"), {e.what()}));
  }
  tk::server::Services service(*store, options, tk::now_seconds);
  std::unique_ptr<tk::server::Directory> directory;
  if (config.directory.enabled()) {
    auto made = tk::server::make_ldap_directory(config.directory);
    if (!made) return fail(made.error().message_in(g_language));
    directory = std::move(*made);
    service.access.set_directory(directory.get());
    tk::log::info("server", "directory sign-in through " + config.directory.url);
  }
  tk::server::TicketApi api(service, config.max_request_bytes, TK_VERSION);
  tk::server::Dashboard dashboard(config.dashboard_chart_js);
  api.set_dashboard(&dashboard);
  tk::server::ProxyTrust trust{config.trusted_proxies, config.proxy_protocol, {}};
  if (!config.proxy_key_file.empty()) {
    std::ifstream in(config.proxy_key_file, std::ios::binary);
    std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    trust.proxy_key = tk::trim(key);
    // A key that could be guessed would be no key: 128 bits at least, as text.
    if (!in.good() && !in.eof()) trust.proxy_key.clear();
    if (trust.proxy_key.size() < 22 || tk::has_unsafe_characters(trust.proxy_key))
      return fail(
          tk::format(_("proxy_key_file must hold a key of at least 22 characters: {}"), {config.proxy_key_file}));
  }
  std::unique_ptr<tk::server::HttpServer> listener;
  try {
    listener = std::make_unique<tk::server::HttpServer>(api, listen->host, listen->port, trust);
  } catch (const std::invalid_argument& e) {
    return fail(e.what());
  }
  tk::server::HttpServer& http = *listener;
  try {
    http.start();
  } catch (const std::exception& e) {
    return fail(tk::format(_("cannot listen on {}: {}"), {config.listen, e.what()}));
  }
  tk::log::info("server", "listening on " + config.listen + " with " + std::to_string(threads) + " threads, database " +
                              config.db_path);

  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  std::thread closer([&] {
    std::unique_lock<std::mutex> lock(mutex);
    while (!wake.wait_for(lock, std::chrono::seconds(60), [&] { return stopping; })) {
      lock.unlock();
      // A failing tick (a full disk, a locked database) is logged and tried again next
      // minute; an exception leaving this thread would end the whole server.
      try {
        if (int closed = service.tickets.auto_close(); closed > 0)
          tk::log::info("server", "auto-closed " + std::to_string(closed) + " resolved tickets");
      } catch (const std::exception& e) {
        tk::log::error("server", std::string("auto-close failed: ") + e.what());
      }
      lock.lock();
    }
  });

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  tk::log::info("server", std::string("stopping on ") + (signal_number == SIGTERM ? "SIGTERM" : "SIGINT"));
  {
    std::lock_guard<std::mutex> lock(mutex);
    stopping = true;
  }
  wake.notify_all();
  closer.join();
  // Order matters: stop taking requests, let those in flight finish, then drain writes.
  http.stop();
  store->stop();
  tk::log::info("server", "stopped");
  tk::log::flush();
  return 0;
}

// A command of tk-server: what it does with its arguments.
std::function<int(const tk::cli::Arguments&, const tk::cli::Command&)> run(int (*command)(const tk::cli::Arguments&)) {
  return [command](const tk::cli::Arguments& args, const tk::cli::Command&) { return command(args); };
}

const tk::cli::CommandLine& command_line() {
  const char* const kServer = N_("The server:");
  const char* const kTokens = N_("Tokens and enrolment codes (the administrator's, on the server's machine):");
  static const tk::cli::CommandLine line(
      "tk-server", N_("tk-server COMMAND [OPTIONS]"),
      {{"help", "", N_("this help; tk-server COMMAND --help, a command's")}, {"version", "", N_("the version")}},
      N_("Options of every command:"),
      {{"listen", "HOST:PORT"},
       {"db", "PATH"},
       {"config", "FILE"},
       {"threads", "N"},
       {"log-dir", "DIR"},
       {"log-level", "LEVEL"},
       {"role", "ROLE"},
       {"employee", "NUMBER"},
       {"name", "NAME"},
       {"login", "LOGIN"},
       {"group", "GROUP"},
       {"expires-days", "N"},
       {"expires-hours", "N"}},
      {{"serve",
        N_("[--listen HOST:PORT] [--db PATH] [--config FILE] [--threads N] [--log-dir DIR] "
           "[--log-level debug|info|warning|error]"),
        N_("serves the REST API (by default on 127.0.0.1:8080 with tk.db); stops cleanly on SIGTERM or SIGINT"),
        kServer,
        {"listen", "db", "config", "threads", "log-dir", "log-level"},
        {},
        run(serve)},
       {"token create",
        N_("--db PATH --role employee|kiosk|agent|admin [--employee NUMBER] [--name \"NAME\"] [--login LOGIN] "
           "[--group GROUP] [--expires-days N] [--config FILE]"),
        N_("creates a token and prints only the token; the database keeps only its hash. An agent takes --login "
           "(whom tickets are assigned to) and, if they have one, --group (mesa, soc, sitio, especialistas, or "
           "those of --config). With --expires-days it stops working after N days"),
        kTokens,
        {"db", "role", "employee", "name", "login", "group", "expires-days", "config"},
        {},
        run(tk::server::admin::token_create)},
       {"token list",
        N_("--db PATH"),
        N_("one token a line, tab-separated: id, role, name, login, employee, group, created, last used, expires, "
           "revoked (\"-\" where it does not apply). Never the token"),
        kTokens,
        {"db"},
        {},
        run(tk::server::admin::token_list)},
       {"token revoke",
        N_("--db PATH ID"),
        N_("revokes token ID; a running server refuses it within a second"),
        kTokens,
        {"db"},
        {},
        run(tk::server::admin::token_revoke)},
       {"enrol create",
        N_("--db PATH --employee NUMBER [--name \"NAME\"] [--expires-hours N]"),
        N_("creates a one-time enrolment code (valid 72 hours by default) and prints only the code: the employee's "
           "tray trades it for a token of its own"),
        kTokens,
        {"db", "employee", "name", "expires-hours"},
        {},
        run(tk::server::admin::enrol_create)},
       {"enrol list",
        N_("--db PATH"),
        N_("one code a line: id, employee, name, created, expires, used, token. Never the code"),
        kTokens,
        {"db"},
        {},
        run(tk::server::admin::enrol_list)}});
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  const auto& line = command_line();
  try {
    std::vector<std::string> arguments(argv, argv + argc);
    // "tk-server help", as administrators type it (only as the command: "--name help" is a name).
    if (arguments.size() > 1 && arguments[1] == "help") arguments[1] = "--help";
    auto args = line.parse(arguments, g_language);
    int answered = 0;
    const auto* found = line.command_to_run(args, g_language, TK_VERSION, answered);
    if (!found) return answered;
    const auto& command = *found;
    auto operands = tk::cli::CommandLine::operands(args, command);
    if (command.name != "token revoke" && !operands.empty())
      return fail(tk::format(_("{} takes no bare arguments"), {command.name}));
    return command.run(args, command);
  } catch (const tk::cli::UsageError& e) {
    std::cerr << "tk-server: " << e.what() << "\n" << _("(tk-server --help shows the usage)") << "\n";
    return 2;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}
