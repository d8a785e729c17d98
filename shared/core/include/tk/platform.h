// What differs per operating system, behind one header: the machine's description that a
// report carries, the folders where a user's data and logs live, start at login, loading
// a module, and random bytes. One source file per
// platform in src/platform/ (Linux now; the Windows file is compiled by the Windows build).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tk/domain.h"

namespace tk::platform {

// Host name, operating system and version, user name and the non-loopback IP addresses.
Device machine_info();

// The user's data folder for `app` (XDG_DATA_HOME or ~/.local/share on Linux; on Windows
// %LOCALAPPDATA%\TK for "tk" and %LOCALAPPDATA%\TK\<rest> for "tk-<rest>"), created if
// missing.
std::string user_data_dir(std::string_view app);

// The user's configuration folder for `app` (XDG_CONFIG_HOME or ~/.config; on Windows
// %APPDATA%\TK, named as above), created if missing.
std::string user_config_dir(std::string_view app);

// Starts `command` when the user logs in (an XDG autostart entry on Linux, the Run key on
// Windows), or stops doing so. Returns false when the entry could not be written.
bool set_start_at_login(std::string_view app_id, const std::string& display_name, const std::string& command,
                        bool enabled);
bool starts_at_login(std::string_view app_id);

// The machine's configuration folder, which administrators and installers fill: /etc/tk
// on Linux, %ProgramData%\TK on Windows. Not created here.
std::string machine_config_dir();

// A value of the machine's policy (tk/machine_policy.h) by name: on Windows from
// HKLM\Software\Policies\TK (a string, or a DWORD as its decimal digits), on Linux from
// /etc/tk/policy.ini; nullopt when not set.
std::optional<std::string> machine_policy_value(std::string_view name);

// The folder for `program`'s log files (XDG_STATE_HOME or ~/.local/state/PROGRAM/log on
// Linux, %LOCALAPPDATA%\TK\log on Windows), not created here.
std::string user_log_dir(std::string_view program);

// Moves `from` over `to` in one step, replacing it (rename(2) on Linux; on Windows
// MoveFileEx, since rename() there refuses an existing target). False when it failed.
bool replace_file(const std::string& from, const std::string& to);

// Writes `text` to `path` through a temporary file that is created readable and writable
// by its owner alone before a byte goes in (O_EXCL, no symbolic link followed; on Windows
// the profile's ACL keeps other users out), then put in place; the parent folder is made
// (0700) when missing. A failed write leaves nothing behind. False when it failed.
bool write_private_file(const std::string& path, const std::string& text);

// Makes the database at `path` and its journal files (-wal, -shm) readable and writable by
// their owner alone before SQLite opens it: SQLite creates files 0644 less the umask, and
// the client's cache holds ticket descriptions (issue 25). Creates an empty file when there
// is none (SQLite takes it as a new database) and tightens one made by an older version.
// On Windows the profile's folders already keep other users out: nothing to do.
void make_database_private(const std::string& path);

// The program's arguments as UTF-8 (on Windows from the wide command line: argv there is
// in the ANSI code page and loses "Núñez"), argv[0] included.
std::vector<std::string> utf8_arguments(int argc, char** argv);

// An environment variable as UTF-8, empty when unset.
std::string environment_variable(const char* name);

// Makes standard output and error take UTF-8 text as it is (the console's code page on
// Windows; nothing to do on Linux).
void use_utf8_console();

// Whether standard output is a terminal that shows ANSI colour: a tty whose TERM is not
// "dumb" on Linux; a console that takes virtual-terminal sequences on Windows (turned on
// here when it can be).
bool stdout_shows_colour();

// A Windows program of the GUI subsystem starts without a console: this attaches standard
// output and error to the console of the program that started it (a command prompt), so
// that --help and --version are seen there. Nothing to do on Linux.
void attach_parent_console();

// For a kiosk in front of the public: while `on`, the keys that leave a full-screen program
// without asking it (the Windows key, Alt+Tab, Alt+Esc, Ctrl+Esc) do nothing. On Windows a
// low-level keyboard hook on the calling (GUI) thread; on Linux the kiosk's session has no
// window manager to switch to, so nothing to do. Ctrl+Alt+Del stays the system's.
void block_task_switching(bool on);

// The folder of the running program's executable.
std::string program_dir();

// Loads a module (shared library) for the rest of the process's life and returns the
// address of `symbol` in it, or null with `error` saying why.
void* load_module_symbol(const std::string& path, const char* symbol, std::string& error);

// n bytes from the operating system's cryptographic random source (getrandom on Linux,
// BCryptGenRandom on Windows); throws if it fails, which it does not in practice.
std::string secure_random_bytes(std::size_t n);

// A secret (the tray's token) as it is written into a settings file. On Windows it is
// sealed with DPAPI for the signed-in user ("dpapi:" and base64): the file copied to
// another account or computer is of no use. On Linux the file itself is readable by its
// owner alone (write_private_file), so the text is kept as it is.
std::string seal_secret(const std::string& secret);
// The secret back from what seal_secret wrote, or what an older version wrote in the clear
// (taken as it is). Nothing when it was sealed for another user or computer, or damaged.
std::optional<std::string> unseal_secret(const std::string& stored);

// A line typed at the terminal without showing it (a password); a line of standard input
// as it is when that is not a terminal (a script). False at the end of input.
bool read_hidden_line(std::string& line);

}  // namespace tk::platform
