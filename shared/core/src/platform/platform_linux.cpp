#include <arpa/inet.h>
#include <dlfcn.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <fcntl.h>
#include <termios.h>
#include <csignal>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "tk/config.h"
#include "tk/platform.h"

namespace tk::platform {
namespace {

// PRETTY_NAME from os-release ("Debian GNU/Linux 12 (bookworm)"), else the kernel name.
std::string os_name() {
  for (const char* path : {"/etc/os-release", "/usr/lib/os-release"}) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("PRETTY_NAME=", 0) != 0) continue;
      std::string value = line.substr(12);
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\''))
        value = value.substr(1, value.size() - 2);
      return value;
    }
  }
  utsname u{};
  return uname(&u) == 0 ? u.sysname : "Linux";
}

std::string user_name() {
  if (passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) return pw->pw_name;
  if (const char* user = std::getenv("USER")) return user;
  return {};
}

std::vector<std::string> ip_addresses() {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* a = list; a; a = a->ifa_next) {
    if (!a->ifa_addr) continue;
    char text[INET6_ADDRSTRLEN] = {};
    if (a->ifa_addr->sa_family == AF_INET) {
      auto* in = reinterpret_cast<sockaddr_in*>(a->ifa_addr);
      if ((ntohl(in->sin_addr.s_addr) >> 24) == 127) continue;
      inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    } else if (a->ifa_addr->sa_family == AF_INET6) {
      auto* in6 = reinterpret_cast<sockaddr_in6*>(a->ifa_addr);
      if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) || IN6_IS_ADDR_LINKLOCAL(&in6->sin6_addr)) continue;
      inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    } else {
      continue;
    }
    out.emplace_back(text);
  }
  freeifaddrs(list);
  return out;
}

}  // namespace

Device machine_info() {
  Device d;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) d.hostname = host;
  d.os = os_name();
  utsname u{};
  if (uname(&u) == 0) d.os_version = std::string(u.release);
  d.user = user_name();
  d.ip_addresses = ip_addresses();
  return d;
}

namespace {
std::filesystem::path config_home() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return xdg;
  if (const char* home = std::getenv("HOME"); home && *home) return std::filesystem::path(home) / ".config";
  return std::filesystem::temp_directory_path();
}

std::filesystem::path autostart_file(std::string_view app_id) {
  return config_home() / "autostart" / (std::string(app_id) + ".desktop");
}
}  // namespace

std::filesystem::path system_autostart_file(std::string_view app_id);

std::string user_config_dir(std::string_view app) {
  auto dir = config_home() / std::string(app);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::filesystem::path system_autostart_file(std::string_view app_id) {
  return std::filesystem::path("/etc/xdg/autostart") / (std::string(app_id) + ".desktop");
}

bool set_start_at_login(std::string_view app_id, const std::string& display_name, const std::string& command,
                        bool enabled) {
  auto file = autostart_file(app_id);
  std::error_code ec;
  if (!enabled) {
    if (!std::filesystem::exists(system_autostart_file(app_id))) {
      std::filesystem::remove(file, ec);
      return !ec;
    }
    // The package starts it for every user: a user's own entry with Hidden=true opts out.
    std::filesystem::create_directories(file.parent_path(), ec);
    std::ofstream out(file, std::ios::trunc);
    out << "[Desktop Entry]\nType=Application\nName=" << display_name << "\nExec=" << command << "\nHidden=true\n";
    return static_cast<bool>(out);
  }
  std::filesystem::create_directories(file.parent_path(), ec);
  std::ofstream out(file, std::ios::trunc);
  out << "[Desktop Entry]\nType=Application\nName=" << display_name << "\nExec=" << command
      << "\nIcon=tk-tray\nTerminal=false\nX-GNOME-Autostart-enabled=true\n";
  return static_cast<bool>(out);
}

bool starts_at_login(std::string_view app_id) {
  auto file = autostart_file(app_id);
  if (!std::filesystem::exists(file)) return std::filesystem::exists(system_autostart_file(app_id));
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line))
    if (line == "Hidden=true") return false;
  return true;
}

std::string user_data_dir(std::string_view app) {
  std::filesystem::path base;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    base = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home)
    base = std::filesystem::path(home) / ".local" / "share";
  else
    base = std::filesystem::temp_directory_path();
  auto dir = base / std::string(app);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string machine_config_dir() { return "/etc/tk"; }

std::optional<std::string> machine_policy_value(std::string_view name) {
  auto values = read_key_values(machine_config_dir() + "/policy.ini");
  auto it = values.find(std::string(name));
  if (it == values.end()) return std::nullopt;
  return it->second;
}

std::string user_log_dir(std::string_view program) {
  if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state)
    return std::string(state) + "/" + std::string(program) + "/log";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.local/state/" + std::string(program) + "/log";
  return ".";
}

bool replace_file(const std::string& from, const std::string& to) { return std::rename(from.c_str(), to.c_str()) == 0; }

void make_database_private(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    struct stat info {};
    std::string file = path + suffix;
    if (::lstat(file.c_str(), &info) == 0 && S_ISREG(info.st_mode) && (info.st_mode & 077) != 0)
      ::chmod(file.c_str(), info.st_mode & 0700);
  }
}

bool write_private_file(const std::string& path, const std::string& text) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty() && !std::filesystem::exists(parent, ec)) {
    std::filesystem::create_directories(parent, ec);
    if (ec) return false;
    std::filesystem::permissions(parent, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
  }
  const std::string temporary = path + ".new";
  ::unlink(temporary.c_str());  // a stale one (or a link planted there) is not written through
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  bool ok = written == text.size() && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (ok && std::rename(temporary.c_str(), path.c_str()) == 0) return true;
  ::unlink(temporary.c_str());
  return false;
}

std::vector<std::string> utf8_arguments(int argc, char** argv) { return {argv, argv + argc}; }

std::string environment_variable(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

void use_utf8_console() {}

bool stdout_shows_colour() {
  const char* term = std::getenv("TERM");
  return isatty(STDOUT_FILENO) && term && *term && std::string_view(term) != "dumb";
}

void attach_parent_console() {}

void block_task_switching(bool) {}

std::string program_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : exe.parent_path().string();
}

void* load_module_symbol(const std::string& path, const char* symbol, std::string& error) {
  void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!module) {
    const char* why = dlerror();
    error = why ? why : path;
    return nullptr;
  }
  void* address = dlsym(module, symbol);
  if (!address) error = path + ": " + symbol + " not found";
  return address;  // the module stays loaded: objects it made may outlive any scope here
}

std::string secure_random_bytes(std::size_t n) {
  std::string bytes(n, '\0');
  std::size_t filled = 0;
  while (filled < n) {
    ssize_t got = getrandom(bytes.data() + filled, n - filled, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) throw std::runtime_error("the system's random source failed");
    filled += static_cast<std::size_t>(got);
  }
  return bytes;
}

std::string seal_secret(const std::string& secret) { return secret; }

std::optional<std::string> unseal_secret(const std::string& stored) {
  // Sealed by the Windows tray for a Windows account: nothing here can open it.
  if (stored.rfind("dpapi:", 0) == 0) return std::nullopt;
  return stored;
}

namespace {
termios g_terminal_before_hidden_input{};
// Ctrl-C (or a kill) at the password prompt must not leave the user's terminal without echo.
void restore_terminal_and_die(int signal_number) {
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_terminal_before_hidden_input);
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}
}  // namespace

bool read_hidden_line(std::string& line) {
  termios saved{};
  bool terminal = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
  using Handler = void (*)(int);
  Handler previous_int = SIG_DFL, previous_term = SIG_DFL, previous_hup = SIG_DFL;
  if (terminal) {
    g_terminal_before_hidden_input = saved;
    previous_int = ::signal(SIGINT, restore_terminal_and_die);
    previous_term = ::signal(SIGTERM, restore_terminal_and_die);
    previous_hup = ::signal(SIGHUP, restore_terminal_and_die);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;  // the Enter still moves to the next line
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  bool got = static_cast<bool>(std::getline(std::cin, line));
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    ::signal(SIGINT, previous_int);
    ::signal(SIGTERM, previous_term);
    ::signal(SIGHUP, previous_hup);
  }
  if (got && !line.empty() && line.back() == '\r') line.pop_back();
  return got;
}

}  // namespace tk::platform
