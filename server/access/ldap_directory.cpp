#include "access/ldap_directory.h"

#include <ldap.h>
#include <sys/time.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

#include "tk/logging.h"
#include "tk/text.h"

namespace tk::server {

namespace {

// The reason goes to the server's log for the administrator; the employee's computer only
// learns that the directory could not be asked.
Error unavailable(const std::string& why) {
  log::warning("directory", why);
  return make_error(ErrorKind::Unavailable, "directory_unavailable",
                    N_("The directory could not be reached; try again later or ask the service desk for an "
                       "enrolment code."));
}

// One connection per sign-in: they are rare (once per computer), and a fresh connection
// never carries a previous user's bind.
class Connection {
 public:
  explicit Connection(LDAP* ld) : ld_(ld) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() {
    if (ld_) ldap_unbind_ext_s(ld_, nullptr, nullptr);
  }
  LDAP* get() const { return ld_; }

 private:
  LDAP* ld_;
};

// Frees what libldap hands out, on every path.
struct MessageFree {
  void operator()(LDAPMessage* m) const {
    if (m) ldap_msgfree(m);
  }
};
using Message = std::unique_ptr<LDAPMessage, MessageFree>;

// A person's name from the directory as the token's name: users may edit their own entry
// in many directories, and token names reach an administrator's terminal. One line of
// valid UTF-8 without control characters (printable_text), 128 characters at most; empty otherwise.
std::string one_line_name(const std::string& text) {
  if (!is_valid_utf8(text)) return {};
  return trim(utf8_truncate(printable_text(text), 128));
}

std::string first_value(LDAP* ld, LDAPMessage* entry, const std::string& attribute) {
  if (attribute.empty()) return {};
  berval** values = ldap_get_values_len(ld, entry, attribute.c_str());
  if (!values) return {};
  std::string value;
  if (values[0]) value.assign(values[0]->bv_val, values[0]->bv_len);
  ldap_value_free_len(values);
  return value;
}

// A handle with the TLS context of this configuration. Every option is checked: a handle
// whose own context could not be made would fall back to libldap's process-wide one
// (ldap.conf, LDAPTLS_* variables), which may not check certificates at all.
// The handle and its options, not yet connected (libldap connects at the first operation).
Result<std::unique_ptr<Connection>> open_connection_without_starttls(const DirectoryConfig& config) {
  LDAP* raw = nullptr;
  if (int rc = ldap_initialize(&raw, config.url.c_str()); rc != LDAP_SUCCESS)
    return unavailable("ldap_initialize: " + std::string(ldap_err2string(rc)));
  auto connection = std::make_unique<Connection>(raw);
  auto set = [&](int option, const void* value, const char* name) -> std::optional<Error> {
    if (int rc = ldap_set_option(raw, option, value); rc != LDAP_OPT_SUCCESS)
      return unavailable(std::string("cannot set ") + name + ": " + ldap_err2string(rc));
    return std::nullopt;
  };
  int version = LDAP_VERSION3;
  int demand = LDAP_OPT_X_TLS_DEMAND;
  int tls_1_2 = LDAP_OPT_X_TLS_PROTOCOL_TLS1_2;
  int client_side = 0;
  timeval timeout{config.timeout_seconds, 0};
  // Active Directory answers searches from the domain's root with referrals that libldap
  // would chase anonymously: off.
  for (auto failed :
       {set(LDAP_OPT_PROTOCOL_VERSION, &version, "the protocol version"),
        set(LDAP_OPT_REFERRALS, LDAP_OPT_OFF, "referrals"),
        set(LDAP_OPT_NETWORK_TIMEOUT, &timeout, "the network timeout"), set(LDAP_OPT_TIMEOUT, &timeout, "the timeout"),
        set(LDAP_OPT_X_TLS_REQUIRE_CERT, &demand, "certificate checking"),
        set(LDAP_OPT_X_TLS_PROTOCOL_MIN, &tls_1_2, "TLS 1.2 at least"),
        set(LDAP_OPT_X_TLS_CACERTFILE, config.ca_file.c_str(), "ca_file"),
        // The options above become this handle's own TLS context here.
        set(LDAP_OPT_X_TLS_NEWCTX, &client_side, "the TLS context (is ca_file a PEM file?)")})
    if (failed) return *failed;
  return connection;
}

// A handle ready for binds: TLS from the start (ldaps://) or after StartTLS (ldap://).
Result<std::unique_ptr<Connection>> open_connection(const DirectoryConfig& config) {
  auto connection = open_connection_without_starttls(config);
  if (!connection) return connection;
  LDAP* raw = (*connection)->get();
  bool ldaps = config.url.rfind("ldaps://", 0) == 0;
  if (!ldaps && !config.allow_plaintext) {
    if (int rc = ldap_start_tls_s(raw, nullptr, nullptr); rc != LDAP_SUCCESS) {
      char* detail = nullptr;
      ldap_get_option(raw, LDAP_OPT_DIAGNOSTIC_MESSAGE, &detail);
      std::string why =
          "StartTLS: " + std::string(ldap_err2string(rc)) + (detail ? std::string(" (") + detail + ")" : "");
      ldap_memfree(detail);
      return unavailable(why);
    }
  }
  return connection;
}

class LdapDirectory : public Directory {
 public:
  LdapDirectory(DirectoryConfig config, std::string bind_password)
      : config_(std::move(config)), bind_password_(std::move(bind_password)) {}

  Result<DirectoryAccount> sign_in(const std::string& user, const std::string& password,
                                   const BeforePassword& before_password) override {
    auto started = std::chrono::steady_clock::now();
    auto result = sign_in_now(user, password, before_password);
    // A wrong password or an unknown account answers no sooner than kFailureFloor after the
    // start: before the first real bind has been timed, the decoy has nothing to match.
    if (!result && result.error().code == "invalid_credentials") std::this_thread::sleep_until(started + kFailureFloor);
    return result;
  }

 private:
  static constexpr std::chrono::milliseconds kFailureFloor{250};

  Result<DirectoryAccount> sign_in_now(const std::string& user, const std::string& password,
                                       const BeforePassword& before_password) {
    // A simple bind with an empty password is an anonymous bind that "succeeds" (RFC 4513
    // 5.1.2): it must never count as signing in.
    if (!is_valid_account_name(user) || password.empty()) return wrong_credentials();
    auto connection = open_connection(config_);
    if (!connection) return connection.error();
    LDAP* ld = (*connection)->get();

    if (!config_.bind_dn.empty()) {
      if (int rc = bind(ld, config_.bind_dn, bind_password_); rc != LDAP_SUCCESS)
        return unavailable("service account bind: " + std::string(ldap_err2string(rc)));
    }
    auto found = find_account(ld, user);
    if (!found) {
      // A bind an unknown account cannot pass, so that the answer takes as long as for a
      // real account with a wrong password: its time does not tell which accounts exist.
      // The decoy meets no entry, so the directory answers it at once where real entries
      // hold slow hashes (crypt with many rounds: 109 ms against 4 ms): it is drawn out to
      // the time real binds have been taking.
      if (found.error().code == "invalid_credentials") {
        auto decoy_started = std::chrono::steady_clock::now();
        bind(ld, "cn=tk-no-such-account," + config_.base, password);
        std::this_thread::sleep_until(decoy_started + typical_bind());
      }
      return found.error();
    }
    auto& [dn, account] = *found;
    if (before_password && !before_password(dn)) return too_many_attempts();

    // The password is checked by binding as the account, on the same TLS connection.
    auto bind_started = std::chrono::steady_clock::now();
    int rc = bind(ld, dn, password);
    if (rc == LDAP_SUCCESS || rc == LDAP_INVALID_CREDENTIALS)
      timed_bind(std::chrono::steady_clock::now() - bind_started);
    if (rc == LDAP_INVALID_CREDENTIALS || rc == LDAP_INAPPROPRIATE_AUTH || rc == LDAP_UNWILLING_TO_PERFORM)
      return wrong_credentials();
    if (rc != LDAP_SUCCESS) return unavailable("user bind: " + std::string(ldap_err2string(rc)));

    // Employee numbers are digits everywhere else (tokens, reports, the kiosk's look-up).
    if (account.employee.empty() || !is_digits(account.employee) || account.employee.size() > 20)
      return make_error(ErrorKind::Forbidden, "no_employee_number",
                        N_("Your directory account has no employee number; ask the service desk for an enrolment "
                           "code."));
    return account;
  }

  // How long binds as real entries take, as a moving average with some spread, so that
  // the decoy's time is drawn from the same range.
  std::chrono::nanoseconds typical_bind() {
    std::lock_guard<std::mutex> lock(timing_mutex_);
    std::uniform_real_distribution<double> spread(0.85, 1.15);
    return std::chrono::nanoseconds(static_cast<std::int64_t>(bind_nanos_ * spread(random_)));
  }

  void timed_bind(std::chrono::nanoseconds took) {
    std::lock_guard<std::mutex> lock(timing_mutex_);
    auto nanos = static_cast<double>(took.count());
    bind_nanos_ = bind_nanos_ == 0 ? nanos : 0.8 * bind_nanos_ + 0.2 * nanos;
  }

  static int bind(LDAP* ld, const std::string& dn, const std::string& password) {
    berval credentials{static_cast<ber_len_t>(password.size()), const_cast<char*>(password.data())};
    return ldap_sasl_bind_s(ld, dn.c_str(), LDAP_SASL_SIMPLE, &credentials, nullptr, nullptr, nullptr);
  }

  Result<std::pair<std::string, DirectoryAccount>> find_account(LDAP* ld, const std::string& user) {
    // The name is checked already; escaped all the same, as RFC 4515 asks.
    berval raw{static_cast<ber_len_t>(user.size()), const_cast<char*>(user.data())};
    berval escaped{0, nullptr};
    if (ldap_bv2escaped_filter_value(&raw, &escaped) != 0) return wrong_credentials();
    std::string filter = replace_all(config_.user_filter, "{user}", std::string(escaped.bv_val, escaped.bv_len));
    ber_memfree(escaped.bv_val);

    std::string name_attribute = config_.name_attribute;
    std::vector<char*> attributes{const_cast<char*>(config_.employee_attribute.c_str()),
                                  const_cast<char*>(name_attribute.c_str()), const_cast<char*>("cn"), nullptr};
    timeval timeout{config_.timeout_seconds, 0};
    LDAPMessage* raw_result = nullptr;
    // Two at most: a second match means the filter is ambiguous, and nobody signs in as
    // whichever entry came first.
    int rc = ldap_search_ext_s(ld, config_.base.c_str(), LDAP_SCOPE_SUBTREE, filter.c_str(), attributes.data(), 0,
                               nullptr, nullptr, &timeout, 2, &raw_result);
    Message result(raw_result);
    // The base itself is missing: the configuration is wrong, not the user's password.
    if (rc == LDAP_NO_SUCH_OBJECT) return unavailable("the search base does not exist: " + config_.base);
    if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED)
      return unavailable("search: " + std::string(ldap_err2string(rc)));
    int count = ldap_count_entries(ld, result.get());
    if (count == 0) return wrong_credentials();
    if (count > 1 || rc == LDAP_SIZELIMIT_EXCEEDED)
      return unavailable("the filter " + filter + " matches more than one entry");
    LDAPMessage* entry = ldap_first_entry(ld, result.get());
    char* dn = ldap_get_dn(ld, entry);
    if (!dn) return unavailable("an entry without a DN");
    std::string entry_dn = dn;
    ldap_memfree(dn);
    DirectoryAccount account;
    account.employee = trim(first_value(ld, entry, config_.employee_attribute));
    account.name = one_line_name(first_value(ld, entry, name_attribute));
    if (account.name.empty()) account.name = one_line_name(first_value(ld, entry, "cn"));
    if (account.name.empty()) account.name = user;
    return std::make_pair(entry_dn, account);
  }

  static std::string replace_all(std::string text, const std::string& what, const std::string& with) {
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
      text.replace(at, what.size(), with);
    return text;
  }

  DirectoryConfig config_;
  std::string bind_password_;
  std::mutex timing_mutex_;
  double bind_nanos_ = 0;
  std::minstd_rand random_{std::random_device{}()};
};

}  // namespace

Result<std::unique_ptr<Directory>> make_ldap_directory(const DirectoryConfig& given) {
  auto invalid = [](const std::string& es, const std::string& en) {
    return make_error(ErrorKind::Invalid, "config_invalid", {"[directory] " + es, "[directory] " + en});
  };
  DirectoryConfig config = given;
  bool ldaps = config.url.rfind("ldaps://", 0) == 0;
  if (!ldaps && config.url.rfind("ldap://", 0) != 0)
    return invalid("url debe empezar con ldaps:// o ldap://", "url must start with ldaps:// or ldap://");
  // libldap takes a list of servers, and whether TLS is used is decided here from the
  // scheme: in a list, a second ldap:// server would be reached in the clear.
  if (config.url.find_first_of(" \t,") != std::string::npos)
    return invalid("url lleva un solo servidor", "url takes a single server");
  if (config.base.empty()) return invalid("falta base", "base is missing");
  if (config.user_filter.find("{user}") == std::string::npos)
    return invalid("user_filter debe contener {user}", "user_filter must contain {user}");
  if (config.employee_attribute.empty()) return invalid("falta employee_attribute", "employee_attribute is missing");
  // A sign-in holds a network thread for a few steps of this each: kept short.
  if (config.timeout_seconds < 1 || config.timeout_seconds > 30)
    return invalid("timeout_seconds va de 1 a 30", "timeout_seconds goes from 1 to 30");
  std::string password;
  if (!config.bind_dn.empty()) {
    if (config.bind_password_file.empty())
      return invalid("bind_dn necesita bind_password_file", "bind_dn needs bind_password_file");
    std::ifstream in(config.bind_password_file, std::ios::binary);
    std::ostringstream text;
    if (!in || !(text << in.rdbuf()))
      return invalid("no se puede leer " + config.bind_password_file, "cannot read " + config.bind_password_file);
    password = text.str();
    while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) password.pop_back();
    if (password.empty())
      return invalid(config.bind_password_file + " está vacío", config.bind_password_file + " is empty");
  }
  // Debian's libldap (GnuTLS) trusts no authority unless told: the system's bundle then.
  if (config.ca_file.empty()) config.ca_file = "/etc/ssl/certs/ca-certificates.crt";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(config.ca_file, ec) || !std::ifstream(config.ca_file))
    return invalid("ca_file no es un archivo legible: " + config.ca_file,
                   "ca_file is not a readable file: " + config.ca_file);
  // One handle made now, on the main thread: a CA file libldap cannot use stops the server
  // at start rather than every sign-in later, and libldap's TLS layer starts before two
  // sign-ins could race to start it.
  if (auto trial = open_connection_without_starttls(config); !trial)
    return invalid("no se pudo preparar TLS con ca_file " + config.ca_file,
                   "could not set TLS up with ca_file " + config.ca_file);
  if (config.allow_plaintext)
    log::warning("directory", "allow_plaintext = 1: passwords cross the network to " + config.url + " in the clear");
  return std::unique_ptr<Directory>(std::make_unique<LdapDirectory>(config, std::move(password)));
}

}  // namespace tk::server
