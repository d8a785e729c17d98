// tk-server: the service desk's REST backend and its administration commands.
//   tk-server serve [--listen HOST:PORT] [--db PATH] [--config FILE] [--threads N]
//                   [--log-dir DIR] [--log-level debug|info|warning|error]
//   tk-server token create --db PATH --role employee|kiosk|agent|admin
//                   [--employee NUMBER] [--name "NAME"] [--login LOGIN] [--group GROUP] [--expires-days N]
//   tk-server token list --db PATH
//   tk-server token revoke --db PATH ID
//   tk-server enrol create --db PATH --employee NUMBER [--name "NAME"] [--expires-hours N]
//   tk-server enrol list --db PATH
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

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

const char* kUsage = R"(Uso:
  tk-server serve [--listen HOST:PUERTO] [--db RUTA] [--config ARCHIVO] [--threads N]
                  [--log-dir DIR] [--log-level debug|info|warning|error]
      Atiende la API REST (por omisión 127.0.0.1:8080 y tk.db). Se detiene limpiamente
      con SIGTERM o SIGINT.
  tk-server token create --db RUTA --role employee|kiosk|agent|admin
                  [--employee NUMERO] [--name "NOMBRE"] [--login LOGIN] [--group GRUPO]
                  [--expires-days N] [--config ARCHIVO]
      Crea un token e imprime solo el token. En la base se guarda únicamente su hash.
      Un agente lleva --login (a quien se asignan tickets) y, si lo tiene, --group
      (mesa, soc, sitio, especialistas, o los de --config). Con --expires-days
      deja de servir a los N días.
  tk-server token list --db RUTA
      Un token por línea, separados por tabuladores: id, rol, nombre, login, empleado,
      grupo, creado, último uso, vence, revocado ("-" si no aplica). Nunca el token.
  tk-server token revoke --db RUTA ID
      Revoca el token ID; un servidor en marcha lo rechaza en menos de un segundo.
  tk-server enrol create --db RUTA --employee NUMERO [--name "NOMBRE"] [--expires-hours N]
      Crea un código de inscripción de un solo uso (por omisión vale 72 horas) e imprime
      solo el código: la bandeja del empleado lo cambia por un token propio.
  tk-server enrol list --db RUTA
      Un código por línea: id, empleado, nombre, creado, vence, usado, token. Nunca el código.
  tk-server --version | --help
)";

const char* kUsageEn = R"(Usage:
  tk-server serve [--listen HOST:PORT] [--db PATH] [--config FILE] [--threads N]
                  [--log-dir DIR] [--log-level debug|info|warning|error]
      Serves the REST API (by default on 127.0.0.1:8080 with tk.db). Stops cleanly on
      SIGTERM or SIGINT.
  tk-server token create --db PATH --role employee|kiosk|agent|admin
                  [--employee NUMBER] [--name "NAME"] [--login LOGIN] [--group GROUP]
                  [--expires-days N] [--config FILE]
      Creates a token and prints only the token. The database keeps only its hash.
      An agent takes --login (whom tickets are assigned to) and, if they have one,
      --group (mesa, soc, sitio, especialistas, or those of --config). With
      --expires-days it stops working after N days.
  tk-server token list --db PATH
      One token a line, tab-separated: id, role, name, login, employee, group,
      created, last used, expires, revoked ("-" where it does not apply). Never the token.
  tk-server token revoke --db PATH ID
      Revokes token ID; a running server refuses it within a second.
  tk-server enrol create --db PATH --employee NUMBER [--name "NAME"] [--expires-hours N]
      Creates a one-time enrolment code (valid 72 hours by default) and prints only the
      code: the employee's tray trades it for a token of its own.
  tk-server enrol list --db PATH
      One code a line: id, employee, name, created, expires, used, token. Never the code.
  tk-server --version | --help
)";

// The administrator's language: the system's (LANG and the like), Spanish unless it is
// English. The API answers in the language each request asks for, apart from this.
const tk::Language g_language = tk::system_language();

std::string say(const std::string& spanish, const std::string& english) {
  return g_language == tk::Language::English ? english : spanish;
}

struct Args {
  std::vector<std::string> words;
  std::map<std::string, std::string> options;
};

// "--key value" pairs after the command words; an option without a value is an error.
bool parse_args(int argc, char** argv, Args& args, std::string& error) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) == 0 && a != "--help" && a != "--version") {
      auto eq = a.find('=');
      if (eq != std::string::npos) {
        args.options[a.substr(2, eq - 2)] = a.substr(eq + 1);
      } else if (i + 1 < argc) {
        args.options[a.substr(2)] = argv[++i];
      } else {
        error = say("falta el valor de ", "missing the value of ") + a;
        return false;
      }
    } else {
      args.words.push_back(a);
    }
  }
  return true;
}

std::string option(const Args& args, const std::string& name, const std::string& fallback = {}) {
  auto it = args.options.find(name);
  return it == args.options.end() ? fallback : it->second;
}

int fail(const std::string& message) {
  std::cerr << "tk-server: " << message << "\n";
  return 2;
}

int token_create(const Args& args) {
  for (const auto& [name, value] : args.options)
    if (name != "db" && name != "role" && name != "employee" && name != "name" && name != "login" && name != "group" &&
        name != "expires-days" && name != "config")
      return fail(say("opción desconocida --", "unknown option --") + name);
  auto role = tk::parse_role(option(args, "role"));
  if (!role)
    return fail(
        say("--role debe ser employee, kiosk, agent o admin", "--role must be employee, kiosk, agent or admin"));
  tk::Identity identity;
  identity.role = *role;
  identity.employee = option(args, "employee");
  identity.name = option(args, "name");
  if (*role == tk::Role::Employee && !tk::is_digits(identity.employee))
    return fail(say("un token de empleado requiere --employee con el número de empleado (solo dígitos)",
                    "an employee's token needs --employee with the employee number (digits only)"));
  if (!identity.employee.empty() && !tk::is_digits(identity.employee))
    return fail(say("--employee debe tener solo dígitos", "--employee takes digits only"));
  if (!tk::is_valid_utf8(identity.name) || tk::utf8_length(identity.name) > 120)
    return fail(say("--name debe ser texto UTF-8 de hasta 120 caracteres",
                    "--name must be UTF-8 text of up to 120 characters"));
  identity.login = option(args, "login");
  identity.group = option(args, "group");
  for (const auto& [value, what] : {std::pair{identity.login, "--login"}, std::pair{identity.group, "--group"}})
    if (!value.empty() && !tk::is_plain_id(value))
      return fail(std::string(what) + say(" admite solo a-z, 0-9, '.', '_' y '-' (hasta 64)",
                                          " takes only a-z, 0-9, '.', '_' and '-' (up to 64)"));
  if (!identity.group.empty()) {
    // The desk's groups are the server's configuration ([groups]), or its defaults: a group
    // that is not one of them would put the agent in a queue nobody reads.
    tk::ServerConfig config;
    if (auto file = option(args, "config"); !file.empty())
      if (auto loaded = tk::load_server_config(file, config); !loaded)
        return fail(loaded.error().message_in(g_language));
    bool known = std::any_of(config.groups.begin(), config.groups.end(),
                             [&](const tk::DeskGroup& g) { return g.id == identity.group; });
    if (!known) {
      std::string ids;
      for (const auto& g : config.groups) ids += (ids.empty() ? "" : ", ") + g.id;
      return fail(say(
          "--group " + identity.group + " no es un grupo de la mesa (" + ids + "; con --config, los de ese archivo)",
          "--group " + identity.group + " is not a desk group (" + ids + "; with --config, that file's)"));
    }
  }
  if ((!identity.login.empty() || !identity.group.empty()) && *role != tk::Role::Agent && *role != tk::Role::Admin)
    return fail(say("--login y --group son para tokens de agente o administrador",
                    "--login and --group are for agents' and administrators' tokens"));
  if (identity.name.empty())
    identity.name = *role == tk::Role::Kiosk ? "Quiosco" : !identity.login.empty() ? identity.login : identity.employee;
  std::int64_t expires_at = 0;
  if (auto days = option(args, "expires-days"); !days.empty()) {
    if (!tk::is_digits(days) || days.size() > 5 || std::stoi(days) < 1)
      return fail(say("--expires-days debe ser un número de días, de 1 a 99999",
                      "--expires-days must be a number of days, from 1 to 99999"));
    expires_at = tk::now_seconds() + std::stoll(days) * 24 * 3600;
  }
  tk::log::setup({"tk-server", "", tk::log::Severity::Warning, true});
  tk::server::Storage store(option(args, "db", "tk.db"));
  tk::server::Services service(store, {}, tk::now_seconds);
  std::cout << service.access.create_token(identity, expires_at) << std::endl;
  return 0;
}

// One line per token, tab-separated, "-" for what does not apply: easy to read and to cut.
int token_list(const Args& args) {
  for (const auto& [name, value] : args.options)
    if (name != "db") return fail(say("opción desconocida --", "unknown option --") + name);
  tk::log::setup({"tk-server", "", tk::log::Severity::Warning, true});
  tk::server::Storage store(option(args, "db", "tk.db"));
  auto text = [](const std::string& v) { return v.empty() ? std::string("-") : v; };
  auto when = [](std::int64_t t) { return t ? tk::format_rfc3339(t) : std::string("-"); };
  std::cout << "id\trole\tname\tlogin\temployee\tgroup\tcreated\tlast_used\texpires\trevoked\n";
  for (const auto& t : store.access().list_tokens()) {
    std::string name = tk::printable_text(t.name);  // names come from devices and directories
    std::cout << t.id << '\t' << tk::to_string(t.role) << '\t' << text(name) << '\t' << text(t.login) << '\t'
              << text(t.employee) << '\t' << text(t.group) << '\t' << when(t.created_at) << '\t' << when(t.last_used_at)
              << '\t' << when(t.expires_at) << '\t' << when(t.revoked_at) << '\n';
  }
  return 0;
}

int enrol_create(const Args& args) {
  for (const auto& [name, value] : args.options)
    if (name != "db" && name != "employee" && name != "name" && name != "expires-hours")
      return fail(say("opción desconocida --", "unknown option --") + name);
  std::string employee = option(args, "employee");
  if (!tk::is_digits(employee) || employee.size() > 20)
    return fail(
        say("--employee es el número de empleado (solo dígitos)", "--employee is the employee number (digits only)"));
  std::string name = option(args, "name");
  if (!tk::is_valid_utf8(name) || tk::utf8_length(name) > 120)
    return fail(say("--name debe ser texto UTF-8 de hasta 120 caracteres",
                    "--name must be UTF-8 text of up to 120 characters"));
  int hours = 72;
  if (auto given = option(args, "expires-hours"); !given.empty()) {
    if (!tk::is_digits(given) || given.size() > 4 || std::stoi(given) < 1 || std::stoi(given) > 2160)
      return fail(say("--expires-hours va de 1 a 2160 (90 días)", "--expires-hours goes from 1 to 2160 (90 days)"));
    hours = std::stoi(given);
  }
  tk::log::setup({"tk-server", "", tk::log::Severity::Warning, true});
  tk::server::Storage store(option(args, "db", "tk.db"));
  tk::server::Services service(store, {}, tk::now_seconds);
  std::cout << service.access.create_enrolment(employee, name.empty() ? employee : name, hours) << std::endl;
  return 0;
}

int enrol_list(const Args& args) {
  for (const auto& [name, value] : args.options)
    if (name != "db") return fail(say("opción desconocida --", "unknown option --") + name);
  tk::log::setup({"tk-server", "", tk::log::Severity::Warning, true});
  tk::server::Storage store(option(args, "db", "tk.db"));
  auto when = [](std::int64_t t) { return t ? tk::format_rfc3339(t) : std::string("-"); };
  std::cout << "id\temployee\tname\tcreated\texpires\tused\ttoken\n";
  for (const auto& e : store.access().list_enrolments()) {
    std::string name = tk::printable_text(e.name);
    std::cout << e.id << '\t' << e.employee << '\t' << (name.empty() ? "-" : name) << '\t' << when(e.created_at) << '\t'
              << when(e.expires_at) << '\t' << when(e.used_at) << '\t'
              << (e.token_id ? std::to_string(e.token_id) : std::string("-")) << '\n';
  }
  return 0;
}

int token_revoke(const Args& args, const std::string& id) {
  for (const auto& [name, value] : args.options)
    if (name != "db") return fail(say("opción desconocida --", "unknown option --") + name);
  if (!tk::is_digits(id) || id.size() > 18)
    return fail(say("el ID es el número de la primera columna de token list",
                    "the ID is the number in the first column of token list"));
  tk::log::setup({"tk-server", "", tk::log::Severity::Warning, true});
  tk::server::Storage store(option(args, "db", "tk.db"));
  tk::server::Services service(store, {}, tk::now_seconds);
  if (!service.access.revoke_token(std::stoll(id))) {
    std::cerr << "tk-server: " << say("no hay un token con el ID ", "there is no token with the ID ") << id << "\n";
    return 1;
  }
  std::cout << say("revocado ", "revoked ") << id << "\n";
  return 0;
}

int serve(const Args& args) {
  tk::ServerConfig config;
  if (auto file = option(args, "config"); !file.empty())
    if (auto loaded = tk::load_server_config(file, config); !loaded) return fail(loaded.error().message_in(g_language));
  for (const auto& [name, value] : args.options) {
    if (name == "listen")
      config.listen = value;
    else if (name == "db")
      config.db_path = value;
    else if (name == "threads") {
      if (!tk::is_digits(value) || value.size() > 4 || std::stoi(value) > 1024)
        return fail(say("--threads debe ser un número de 0 (según el equipo) a 1024, no \"",
                        "--threads must be a number from 0 (as the machine has) to 1024, not \"") +
                    value + "\"");
      config.threads = std::stoi(value);
    } else if (name == "log-dir")
      config.log_dir = value;
    else if (name == "log-level")
      config.log_level = value;
    else if (name != "config")
      return fail(say("opción desconocida --", "unknown option --") + name);
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
    if (!in || !catalog) return fail(say("catálogo no válido en ", "invalid catalog in ") + config.catalog_file);
    options.catalog = *catalog;
  }
  options.catalog.groups = config.groups;

  std::unique_ptr<tk::server::Storage> store;
  try {
    store = std::make_unique<tk::server::Storage>(config.db_path);
  } catch (const std::exception& e) {
    return fail(say("no se puede abrir la base de datos: ", "cannot open the database: ") + e.what());
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
      return fail(say("proxy_key_file debe contener una clave de al menos 22 caracteres: ",
                      "proxy_key_file must hold a key of at least 22 characters: ") +
                  config.proxy_key_file);
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
    return fail(say("no se puede escuchar en ", "cannot listen on ") + config.listen + ": " + e.what());
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

}  // namespace

int main(int argc, char** argv) {
  Args args;
  std::string error;
  if (!parse_args(argc, argv, args, error)) return fail(error);
  // Asked for, the usage goes to standard output with success; as the answer to a mistake
  // (nothing to do), to standard error with 2.
  bool asked = std::find(args.words.begin(), args.words.end(), "--help") != args.words.end() ||
               (!args.words.empty() && args.words[0] == "help");
  if (asked || args.words.empty()) {
    (asked ? std::cout : std::cerr) << say(kUsage, kUsageEn);
    return asked ? 0 : 2;
  }
  if (args.words[0] == "--version") {
    std::cout << "tk-server " << TK_VERSION << "\n";
    return 0;
  }
  try {
    if (args.words[0] == "serve" && args.words.size() == 1) return serve(args);
    if (args.words.size() == 2 && args.words[0] == "token" && args.words[1] == "create") return token_create(args);
    if (args.words.size() == 2 && args.words[0] == "token" && args.words[1] == "list") return token_list(args);
    if (args.words.size() == 3 && args.words[0] == "token" && args.words[1] == "revoke")
      return token_revoke(args, args.words[2]);
    if (args.words.size() == 2 && args.words[0] == "enrol" && args.words[1] == "create") return enrol_create(args);
    if (args.words.size() == 2 && args.words[0] == "enrol" && args.words[1] == "list") return enrol_list(args);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  std::cerr << say(kUsage, kUsageEn);
  return 2;
}
