// Directory sign-in (issue 14): an employee's tray trades the account they already have
// (LDAP, Active Directory) for a device token, once. The server does the bind, so the
// clients need no directory library and the directory's address stays inside.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "tk/error.h"

namespace tk::server {

// The [directory] section of the server's configuration.
struct DirectoryConfig {
  // ldaps://host[:port], or ldap://host[:port] upgraded with StartTLS. Empty: no directory
  // sign-in (POST /enrol then takes codes only).
  std::string url;
  std::string base;  // where accounts are searched, e.g. ou=Personas,dc=ejemplo,dc=gob,dc=mx
  // {user} is replaced by the typed account name (escaped). Active Directory:
  // (&(objectClass=user)(sAMAccountName={user})).
  std::string user_filter = "(uid={user})";
  // The attribute holding the employee number (AD: employeeID, or employeeNumber).
  std::string employee_attribute = "employeeNumber";
  std::string name_attribute = "displayName";  // cn when the entry has none
  // The account the server searches with; empty: anonymous search. Its password is read
  // from bind_password_file, so it is never in a file that gets pasted into a ticket.
  std::string bind_dn;
  std::string bind_password_file;
  std::string ca_file;  // the directory's certificate authority; empty: the system's
  // Plain ldap:// without StartTLS sends passwords in the clear: refused unless a test
  // set-up says so.
  bool allow_plaintext = false;
  int timeout_seconds = 5;  // 1 to 30
  // Wrong passwords for one account within 15 minutes before the server refuses it for 15
  // minutes: below the directory's own lockout threshold, or strangers could lock
  // employees' directory accounts through the server.
  int failures_allowed = 5;
  bool enabled() const { return !url.empty(); }
};

// Who the directory says signed in.
struct DirectoryAccount {
  std::string employee;
  std::string name;
};

// Asked with the entry's DN once the account is found, before its password is tried:
// false refuses the try (the entry is locked however its name was typed).
using BeforePassword = std::function<bool(const std::string& dn)>;

class Directory {
 public:
  virtual ~Directory() = default;
  // Errors: invalid_credentials (401) for a wrong password or an unknown account alike,
  // no_employee_number (403), directory_unavailable (503), too_many_attempts (429) when
  // before_password refused.
  virtual Result<DirectoryAccount> sign_in(const std::string& user, const std::string& password,
                                           const BeforePassword& before_password = {}) = 0;
};

inline Error wrong_credentials() {
  return make_error(ErrorKind::Unauthorized, "invalid_credentials", N_("Wrong user name or password."));
}

inline Error too_many_attempts() {
  return make_error(ErrorKind::TooManyRequests, "too_many_attempts",
                    N_("Too many failed attempts. Wait 15 minutes or ask the service desk for help."));
}

// Sign-ins of any outcome beyond the per-account or per-address allowance.
inline Error too_many_sign_ins() {
  return make_error(ErrorKind::TooManyRequests, "too_many_sign_ins",
                    N_("Too many sign-ins in a row from this account or this computer. Wait 15 minutes."));
}

// Typed account names are letters, digits and . _ - @ (1 to 64): nothing that means
// anything in an LDAP filter or DN.
inline bool is_valid_account_name(const std::string& user) {
  if (user.empty() || user.size() > 64) return false;
  for (char c : user) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                   c == '-' || c == '@';
    if (!allowed) return false;
  }
  return true;
}

}  // namespace tk::server
