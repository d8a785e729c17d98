// Windows implementation of tk/platform.h; compiled by the Windows build only.
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <shellapi.h>
#include <shlobj.h>
#include <windows.h>
#include <bcrypt.h>
#include <dpapi.h>

#include <cstdio>
#include <cwchar>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <vector>

#include "tk/platform.h"
#include "tk/logging.h"
#include "tk/text.h"
#include "tk/windows_text.h"

namespace tk::platform {

Device machine_info() {
  Device d;
  wchar_t host[MAX_COMPUTERNAME_LENGTH + 1] = {};
  DWORD size = MAX_COMPUTERNAME_LENGTH + 1;
  if (GetComputerNameW(host, &size)) d.hostname = narrow(host);
  d.os = "Windows";
  OSVERSIONINFOEXW info{};
  info.dwOSVersionInfoSize = sizeof info;
  using RtlGetVersion = LONG(WINAPI*)(OSVERSIONINFOEXW*);
  if (auto fn = reinterpret_cast<RtlGetVersion>(
          reinterpret_cast<void*>(GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "RtlGetVersion")));
      fn && fn(&info) == 0)
    d.os_version = std::to_string(info.dwMajorVersion) + "." + std::to_string(info.dwMinorVersion) + "." +
                   std::to_string(info.dwBuildNumber);
  wchar_t user[256] = {};
  DWORD user_size = 256;
  if (GetUserNameW(user, &user_size)) d.user = narrow(user);
  ULONG buffer_size = 15000;
  std::vector<unsigned char> buffer(buffer_size);
  auto* adapters = reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer.data());
  if (GetAdaptersAddresses(AF_UNSPEC, GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST, nullptr, adapters,
                           &buffer_size) == NO_ERROR) {
    for (auto* a = adapters; a; a = a->Next) {
      if (a->IfType == IF_TYPE_SOFTWARE_LOOPBACK) continue;
      for (auto* u = a->FirstUnicastAddress; u; u = u->Next) {
        char text[INET6_ADDRSTRLEN] = {};
        DWORD len = sizeof text;
        if (WSAAddressToStringA(u->Address.lpSockaddr, u->Address.iSockaddrLength, nullptr, text, &len) == 0)
          d.ip_addresses.emplace_back(text);
      }
    }
  }
  return d;
}

namespace {

const wchar_t* kRunKey = L"Software\\Microsoft\\Windows\\CurrentVersion\\Run";
// A user's "do not start at login" for a program the installer starts for every user.
const wchar_t* kOptOutKey = L"Software\\TK\\StartAtLogin";

bool has_value(HKEY root, const wchar_t* key_name, const std::wstring& value) {
  HKEY key;
  if (RegOpenKeyExW(root, key_name, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key) != ERROR_SUCCESS) return false;
  bool found = RegQueryValueExW(key, value.c_str(), nullptr, nullptr, nullptr, nullptr) == ERROR_SUCCESS;
  RegCloseKey(key);
  return found;
}

DWORD dword_value(HKEY root, const wchar_t* key_name, const std::wstring& value, DWORD fallback) {
  DWORD data = 0, size = sizeof data;
  if (RegGetValueW(root, key_name, value.c_str(), RRF_RT_REG_DWORD, nullptr, &data, &size) != ERROR_SUCCESS)
    return fallback;
  return data;
}

// Sets (or with `data` empty deletes) a value under HKEY_CURRENT_USER\key_name.
bool write_user_value(const wchar_t* key_name, const std::wstring& value, DWORD type, const void* data, DWORD size) {
  HKEY key;
  if (RegCreateKeyExW(HKEY_CURRENT_USER, key_name, 0, nullptr, 0, KEY_SET_VALUE, nullptr, &key, nullptr) !=
      ERROR_SUCCESS)
    return false;
  LONG rc = data ? RegSetValueExW(key, value.c_str(), 0, type, static_cast<const BYTE*>(data), size)
                 : RegDeleteValueW(key, value.c_str());
  RegCloseKey(key);
  return rc == ERROR_SUCCESS || (!data && rc == ERROR_FILE_NOT_FOUND);
}

}  // namespace

namespace {

// Everything of the product's lives in one "TK" folder: "tk" is that folder itself and
// "tk-kiosk" its "kiosk" subfolder, so that an administrator finds the cache, settings and
// logs of every program in one place.
std::filesystem::path known_folder(const KNOWNFOLDERID& id) {
  PWSTR folder = nullptr;
  std::filesystem::path base;
  if (SHGetKnownFolderPath(id, KF_FLAG_CREATE, nullptr, &folder) == S_OK) base = folder;
  CoTaskMemFree(folder);
  if (base.empty()) base = std::filesystem::temp_directory_path();
  return base;
}

std::filesystem::path product_folder(const KNOWNFOLDERID& id, std::string_view app) {
  auto dir = known_folder(id) / L"TK";
  if (app.size() > 3 && app.substr(0, 3) == "tk-")
    dir /= std::filesystem::u8path(std::string(app.substr(3)));
  else if (app != "tk")
    dir /= std::filesystem::u8path(std::string(app));
  return dir;
}

}  // namespace

std::string user_config_dir(std::string_view app) {
  auto dir = product_folder(FOLDERID_RoamingAppData, app);
  std::filesystem::create_directories(dir);
  return dir.u8string();
}

std::string machine_config_dir() { return (known_folder(FOLDERID_ProgramData) / L"TK").u8string(); }

// The programs are x64, like the MSI that writes this key: both see the same (64-bit) view.
std::optional<std::string> machine_policy_value(std::string_view name) {
  const wchar_t* key = L"Software\\Policies\\TK";
  std::wstring value_name = widen(name);
  DWORD type = 0, size = 0;
  // (REG_EXPAND_SZ would need RRF_NOEXPAND: without it RegGetValueW refuses the call.)
  const DWORD flags = RRF_RT_REG_SZ | RRF_RT_REG_DWORD;
  if (RegGetValueW(HKEY_LOCAL_MACHINE, key, value_name.c_str(), flags, &type, nullptr, &size) != ERROR_SUCCESS)
    return std::nullopt;
  if (type == REG_DWORD) {
    DWORD number = 0;
    size = sizeof number;
    if (RegGetValueW(HKEY_LOCAL_MACHINE, key, value_name.c_str(), flags, nullptr, &number, &size) != ERROR_SUCCESS)
      return std::nullopt;
    return std::to_string(number);
  }
  std::wstring text(size / sizeof(wchar_t) + 1, L'\0');
  size = static_cast<DWORD>(text.size() * sizeof(wchar_t));
  if (RegGetValueW(HKEY_LOCAL_MACHINE, key, value_name.c_str(), flags, nullptr, text.data(), &size) != ERROR_SUCCESS)
    return std::nullopt;
  text.resize(wcsnlen(text.c_str(), text.size()));
  return narrow(text);
}

std::string user_log_dir(std::string_view program) {
  auto dir = known_folder(FOLDERID_LocalAppData) / L"TK" / L"log";
  (void)program;  // one folder: the file names already start with the program's name
  return dir.u8string();
}

bool replace_file(const std::string& from, const std::string& to) {
  return MoveFileExW(widen(from).c_str(), widen(to).c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH) != 0;
}

void make_database_private(const std::string&) {}

bool write_private_file(const std::string& path, const std::string& text) {
  std::error_code ec;
  auto parent = std::filesystem::path(widen(path)).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  const std::string temporary = path + ".new";
  DeleteFileW(widen(temporary).c_str());
  // In the user's profile: its ACL already keeps other users out.
  HANDLE file =
      CreateFileW(widen(temporary).c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) return false;
  DWORD written = 0;
  bool ok = WriteFile(file, text.data(), static_cast<DWORD>(text.size()), &written, nullptr) &&
            written == text.size() && FlushFileBuffers(file);
  ok = CloseHandle(file) && ok;
  if (ok && replace_file(temporary, path)) return true;
  DeleteFileW(widen(temporary).c_str());
  return false;
}

// One switch per user, whoever made the program start: the installer's machine-wide Run
// value (HKLM, for every user) is honoured unless the user opted out under
// HKCU\Software\TK\StartAtLogin (the program, started with --autostart, then exits at
// once); without it, the user's own Run value.
bool set_start_at_login(std::string_view app_id, const std::string&, const std::string& command, bool enabled) {
  std::wstring name = widen(app_id);
  if (has_value(HKEY_LOCAL_MACHINE, kRunKey, name)) {
    DWORD off = 0;
    return write_user_value(kOptOutKey, name, REG_DWORD, enabled ? nullptr : &off, sizeof off) &&
           write_user_value(kRunKey, name, REG_SZ, nullptr, 0);
  }
  if (!enabled) return write_user_value(kRunKey, name, REG_SZ, nullptr, 0);
  // A path with spaces ("C:\Program Files\...") must be quoted, or Windows runs "C:\Program".
  std::wstring value = widen(command);
  if (!value.empty() && value.front() != L'"') value = L"\"" + value + L"\"";
  return write_user_value(kRunKey, name, REG_SZ, value.c_str(),
                          static_cast<DWORD>((value.size() + 1) * sizeof(wchar_t)));
}

bool starts_at_login(std::string_view app_id) {
  std::wstring name = widen(app_id);
  if (has_value(HKEY_LOCAL_MACHINE, kRunKey, name)) return dword_value(HKEY_CURRENT_USER, kOptOutKey, name, 1) != 0;
  return has_value(HKEY_CURRENT_USER, kRunKey, name);
}

std::string user_data_dir(std::string_view app) {
  auto dir = product_folder(FOLDERID_LocalAppData, app);
  std::filesystem::create_directories(dir);
  return dir.u8string();
}

std::vector<std::string> utf8_arguments(int argc, char** argv) {
  int count = 0;
  LPWSTR* wide = CommandLineToArgvW(GetCommandLineW(), &count);
  if (!wide) return {argv, argv + argc};
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back(narrow(wide[i]));
  LocalFree(wide);
  return out;
}

std::string environment_variable(const char* name) {
  const wchar_t* value = _wgetenv(widen(name).c_str());
  return value ? narrow(value) : "";
}

void use_utf8_console() {
  SetConsoleOutputCP(CP_UTF8);
  SetConsoleCP(CP_UTF8);
}

bool stdout_shows_colour() {
  HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
  DWORD mode = 0;
  if (!out || !GetConsoleMode(out, &mode)) return false;  // a pipe or a file
  return (mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) || SetConsoleMode(out, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING);
}

void attach_parent_console() {
  if (!AttachConsole(ATTACH_PARENT_PROCESS)) return;
  // Handles that already lead somewhere (a pipe, a file) are kept as they are.
  if (!GetStdHandle(STD_OUTPUT_HANDLE) || GetFileType(GetStdHandle(STD_OUTPUT_HANDLE)) == FILE_TYPE_UNKNOWN)
    (void)std::freopen("CONOUT$", "w", stdout);
  if (!GetStdHandle(STD_ERROR_HANDLE) || GetFileType(GetStdHandle(STD_ERROR_HANDLE)) == FILE_TYPE_UNKNOWN)
    (void)std::freopen("CONOUT$", "w", stderr);
  use_utf8_console();
}

namespace {

HHOOK g_keyboard_hook = nullptr;

LRESULT CALLBACK swallow_task_switching(int code, WPARAM wparam, LPARAM lparam) {
  if (code == HC_ACTION) {
    const auto* key = reinterpret_cast<const KBDLLHOOKSTRUCT*>(lparam);
    bool alt = (key->flags & LLKHF_ALTDOWN) != 0;
    bool ctrl = (GetAsyncKeyState(VK_CONTROL) & 0x8000) != 0;
    bool swallow = key->vkCode == VK_LWIN || key->vkCode == VK_RWIN || key->vkCode == VK_APPS ||
                   (alt && (key->vkCode == VK_TAB || key->vkCode == VK_ESCAPE)) || (ctrl && key->vkCode == VK_ESCAPE);
    if (swallow) return 1;
  }
  (void)wparam;
  return CallNextHookEx(g_keyboard_hook, code, wparam, lparam);
}

}  // namespace

void block_task_switching(bool on) {
  if (on && !g_keyboard_hook) {
    g_keyboard_hook = SetWindowsHookExW(WH_KEYBOARD_LL, swallow_task_switching, GetModuleHandleW(nullptr), 0);
  } else if (!on && g_keyboard_hook) {
    UnhookWindowsHookEx(g_keyboard_hook);
    g_keyboard_hook = nullptr;
  }
}

std::string program_dir() {
  std::wstring path(MAX_PATH, L'\0');
  for (;;) {
    DWORD n = GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
    if (n == 0) return ".";
    if (n < path.size()) {
      path.resize(n);
      break;
    }
    path.resize(path.size() * 2);
  }
  return std::filesystem::path(path).parent_path().u8string();
}

void* load_module_symbol(const std::string& path, const char* symbol, std::string& error) {
  HMODULE module = LoadLibraryW(std::filesystem::u8path(path).wstring().c_str());
  if (!module) {
    error = path + ": LoadLibrary failed (" + std::to_string(GetLastError()) + ")";
    return nullptr;
  }
  auto address = reinterpret_cast<void*>(GetProcAddress(module, symbol));
  if (!address) error = path + ": " + symbol + " not found";
  return address;
}

std::string secure_random_bytes(std::size_t n) {
  std::string bytes(n, '\0');
  if (!BCRYPT_SUCCESS(BCryptGenRandom(nullptr, reinterpret_cast<PUCHAR>(bytes.data()), static_cast<ULONG>(n),
                                      BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
    throw std::runtime_error("the system's random source failed");
  return bytes;
}

namespace {
constexpr char kSealed[] = "dpapi:";
}  // namespace

std::string seal_secret(const std::string& secret) {
  DATA_BLOB in{static_cast<DWORD>(secret.size()), reinterpret_cast<BYTE*>(const_cast<char*>(secret.data()))};
  DATA_BLOB out{};
  // The user's DPAPI key: another account on the computer, or the file elsewhere, cannot
  // open it. Never a prompt: the tray may run with nobody looking.
  if (!CryptProtectData(&in, L"tk", nullptr, nullptr, nullptr, CRYPTPROTECT_UI_FORBIDDEN, &out)) {
    // Kept in the clear rather than lost: the profile's ACL still keeps other users out.
    log::warning("platform", "DPAPI could not seal the token (error " + std::to_string(GetLastError()) +
                                 "); it is kept in the clear in the user's profile");
    return secret;
  }
  std::string sealed = kSealed + base64_encode(std::string_view(reinterpret_cast<const char*>(out.pbData), out.cbData));
  LocalFree(out.pbData);
  return sealed;
}

std::optional<std::string> unseal_secret(const std::string& stored) {
  if (stored.rfind(kSealed, 0) != 0) return stored;  // an older version's file, in the clear
  auto bytes = base64_decode(std::string_view(stored).substr(sizeof kSealed - 1));
  if (!bytes) return std::nullopt;
  DATA_BLOB in{static_cast<DWORD>(bytes->size()), reinterpret_cast<BYTE*>(bytes->data())};
  DATA_BLOB out{};
  if (!CryptUnprotectData(&in, nullptr, nullptr, nullptr, nullptr, CRYPTPROTECT_UI_FORBIDDEN, &out))
    return std::nullopt;
  std::string secret(reinterpret_cast<const char*>(out.pbData), out.cbData);
  SecureZeroMemory(out.pbData, out.cbData);
  LocalFree(out.pbData);
  return secret;
}

bool read_hidden_line(std::string& line) {
  HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
  DWORD mode = 0;
  bool console = GetConsoleMode(input, &mode);
  if (!console) {
    bool got = static_cast<bool>(std::getline(std::cin, line));
    if (got && !line.empty() && line.back() == '\r') line.pop_back();
    return got;
  }
  // The console's own line editing without echo, read as UTF-16 (the console's code page
  // would lose "ñ" in a password).
  SetConsoleMode(input, (mode | ENABLE_LINE_INPUT) & ~static_cast<DWORD>(ENABLE_ECHO_INPUT));
  std::wstring wide;
  wchar_t buffer[256];
  DWORD read = 0;
  bool got = false;
  while (ReadConsoleW(input, buffer, 256, &read, nullptr) && read > 0) {
    got = true;
    wide.append(buffer, read);
    if (wide.back() == L'\n') break;
  }
  SetConsoleMode(input, mode);
  std::fputs("\n", stderr);
  while (!wide.empty() && (wide.back() == L'\n' || wide.back() == L'\r')) wide.pop_back();
  line = narrow(wide);
  return got;
}

}  // namespace tk::platform
