// The Directory of an LDAP server or Active Directory, through OpenLDAP's client library.
#pragma once

#include "access/directory.h"

namespace tk::server {

// Checks the configuration (the password file is read once, here).
Result<std::unique_ptr<Directory>> make_ldap_directory(const DirectoryConfig&);

}  // namespace tk::server
