// tk-server's command line (server/main.cpp holds its table): serve, and the
// administrator's commands on tokens and enrolment codes (admin_commands.cpp). It speaks the
// administrator's language (the system's), through the product's catalogs.
#pragma once

#include <string>

#include "tk/command_line.h"
#include "tk/messages.h"

namespace tk::server::admin {

// The administrator's language: the system's (LANG and the like), Spanish unless it is
// English. The API answers in the language each request asks for, apart from this.
extern const Language g_language;
inline const char* _(const char* english) { return translate(g_language, english); }

// Says `message` on standard error as tk-server's; the exit code of a refused command (2).
int fail(const std::string& message);
// An option's value, or `fallback` when not given.
std::string option(const cli::Arguments&, const std::string& name, const std::string& fallback = {});

int token_create(const cli::Arguments&);
int token_list(const cli::Arguments&);
int token_revoke(const cli::Arguments&);
int enrol_create(const cli::Arguments&);
int enrol_list(const cli::Arguments&);

}  // namespace tk::server::admin
