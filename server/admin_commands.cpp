#include <algorithm>
#include <iostream>

#include "admin_commands.h"
#include "server_config.h"
#include "services.h"
#include "storage/storage.h"
#include "tk/config.h"
#include "tk/logging.h"
#include "tk/text.h"
#include "tk/time.h"

namespace tk::server::admin {

const Language g_language = system_language();

int fail(const std::string& message) {
  std::cerr << "tk-server: " << message << "\n";
  return 2;
}

std::string option(const cli::Arguments& args, const std::string& name, const std::string& fallback) {
  auto it = args.values.find(name);
  return it == args.values.end() ? fallback : it->second;
}

int token_create(const cli::Arguments& args) {
  auto role = tk::parse_role(option(args, "role"));
  if (!role) return fail(_("--role must be employee, kiosk, agent or admin"));
  tk::Identity identity;
  identity.role = *role;
  identity.employee = option(args, "employee");
  identity.name = option(args, "name");
  if (*role == tk::Role::Employee && !tk::is_digits(identity.employee))
    return fail(_("an employee's token needs --employee with the employee number (digits only)"));
  if (!identity.employee.empty() && !tk::is_digits(identity.employee)) return fail(_("--employee takes digits only"));
  if (!tk::is_valid_utf8(identity.name) || tk::utf8_length(identity.name) > 120)
    return fail(_("--name must be UTF-8 text of up to 120 characters"));
  identity.login = option(args, "login");
  identity.group = option(args, "group");
  for (const auto& [value, what] : {std::pair{identity.login, "--login"}, std::pair{identity.group, "--group"}})
    if (!value.empty() && !tk::is_plain_id(value))
      return fail(format(_("{} takes only a-z, 0-9, '.', '_' and '-' (up to 64)"), {what}));
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
      return fail(format(_("--group {} is not a desk group ({}; with --config, that file's)"), {identity.group, ids}));
    }
  }
  if ((!identity.login.empty() || !identity.group.empty()) && *role != tk::Role::Agent && *role != tk::Role::Admin)
    return fail(_("--login and --group are for agents' and administrators' tokens"));
  if (identity.name.empty())
    identity.name = *role == tk::Role::Kiosk ? "Quiosco" : !identity.login.empty() ? identity.login : identity.employee;
  std::int64_t expires_at = 0;
  if (auto days = option(args, "expires-days"); !days.empty()) {
    if (!tk::is_digits(days) || days.size() > 5 || std::stoi(days) < 1)
      return fail(_("--expires-days must be a number of days, from 1 to 99999"));
    expires_at = tk::now_seconds() + std::stoll(days) * 24 * 3600;
  }
  tk::log::setup({"tk-server", "", tk::log::Severity::Warning, true});
  tk::server::Storage store(option(args, "db", "tk.db"));
  tk::server::Services service(store, {}, tk::now_seconds);
  std::cout << service.access.create_token(identity, expires_at) << std::endl;
  return 0;
}

// One line per token, tab-separated, "-" for what does not apply: easy to read and to cut.
int token_list(const cli::Arguments& args) {
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

int enrol_create(const cli::Arguments& args) {
  std::string employee = option(args, "employee");
  if (!tk::is_digits(employee) || employee.size() > 20)
    return fail(_("--employee is the employee number (digits only)"));
  std::string name = option(args, "name");
  if (!tk::is_valid_utf8(name) || tk::utf8_length(name) > 120)
    return fail(_("--name must be UTF-8 text of up to 120 characters"));
  int hours = 72;
  if (auto given = option(args, "expires-hours"); !given.empty()) {
    if (!tk::is_digits(given) || given.size() > 4 || std::stoi(given) < 1 || std::stoi(given) > 2160)
      return fail(_("--expires-hours goes from 1 to 2160 (90 days)"));
    hours = std::stoi(given);
  }
  tk::log::setup({"tk-server", "", tk::log::Severity::Warning, true});
  tk::server::Storage store(option(args, "db", "tk.db"));
  tk::server::Services service(store, {}, tk::now_seconds);
  std::cout << service.access.create_enrolment(employee, name.empty() ? employee : name, hours) << std::endl;
  return 0;
}

int enrol_list(const cli::Arguments& args) {
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

int token_revoke(const cli::Arguments& args) {
  // "token revoke ID": the ID is the third word.
  std::vector<std::string> operands(args.words.begin() + std::min<std::size_t>(2, args.words.size()), args.words.end());
  if (operands.size() != 1) return fail(_("token revoke needs the token's ID (the first column of token list)"));
  const std::string& id = operands[0];
  if (!tk::is_digits(id) || id.size() > 18) return fail(_("the ID is the number in the first column of token list"));
  tk::log::setup({"tk-server", "", tk::log::Severity::Warning, true});
  tk::server::Storage store(option(args, "db", "tk.db"));
  tk::server::Services service(store, {}, tk::now_seconds);
  if (!service.access.revoke_token(std::stoll(id))) {
    std::cerr << "tk-server: " << format(_("there is no token with the ID {}"), {id}) << "\n";
    return 1;
  }
  std::cout << format(_("revoked {}"), {id}) << "\n";
  return 0;
}

}  // namespace tk::server::admin
