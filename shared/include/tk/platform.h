// What differs per operating system, behind one header: the machine's description that a
// report carries, the folders where a user's data and logs live, start at login, loading
// a module, and random bytes. One source file per
// platform in src/platform/ (Linux now; the Windows file is compiled by the Windows build).
#pragma once

#include <string>
#include <string_view>

#include "tk/domain.h"

namespace tk::platform {

// Host name, operating system and version, user name and the non-loopback IP addresses.
Device machine_info();

// The user's data folder for `app` (XDG_DATA_HOME or ~/.local/share on Linux,
// %LOCALAPPDATA% on Windows), created if missing.
std::string user_data_dir(std::string_view app);

// The user's configuration folder for `app` (XDG_CONFIG_HOME or ~/.config; %APPDATA%).
std::string user_config_dir(std::string_view app);

// Starts `command` when the user logs in (an XDG autostart entry on Linux, the Run key on
// Windows), or stops doing so. Returns false when the entry could not be written.
bool set_start_at_login(std::string_view app_id, const std::string& display_name, const std::string& command,
                        bool enabled);
bool starts_at_login(std::string_view app_id);

// The folder of the running program's executable.
std::string program_dir();

// Loads a module (shared library) for the rest of the process's life and returns the
// address of `symbol` in it, or null with `error` saying why.
void* load_module_symbol(const std::string& path, const char* symbol, std::string& error);

// n bytes from the operating system's cryptographic random source (getrandom on Linux,
// BCryptGenRandom on Windows); throws if it fails, which it does not in practice.
std::string secure_random_bytes(std::size_t n);

}  // namespace tk::platform
