// Windows implementation of tk/platform.h; compiled by the Windows build only.
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <shlobj.h>
#include <windows.h>
#include <bcrypt.h>

#include <filesystem>
#include <stdexcept>
#include <vector>

#include "tk/platform.h"

namespace tk::platform {
namespace {

std::string narrow(const wchar_t* text) {
  int n = WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
  std::string out(n > 0 ? n - 1 : 0, '\0');
  if (n > 1) WideCharToMultiByte(CP_UTF8, 0, text, -1, out.data(), n, nullptr, nullptr);
  return out;
}

}  // namespace

Device machine_info() {
  Device d;
  wchar_t host[MAX_COMPUTERNAME_LENGTH + 1] = {};
  DWORD size = MAX_COMPUTERNAME_LENGTH + 1;
  if (GetComputerNameW(host, &size)) d.hostname = narrow(host);
  d.os = "Windows";
  OSVERSIONINFOEXW info{};
  info.dwOSVersionInfoSize = sizeof info;
  using RtlGetVersion = LONG(WINAPI*)(OSVERSIONINFOEXW*);
  if (auto fn = reinterpret_cast<RtlGetVersion>(GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "RtlGetVersion"));
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
std::wstring widen(const std::string& text) {
  int n = MultiByteToWideChar(CP_UTF8, 0, text.c_str(), -1, nullptr, 0);
  std::wstring out(n > 0 ? n - 1 : 0, L'\0');
  if (n > 1) MultiByteToWideChar(CP_UTF8, 0, text.c_str(), -1, out.data(), n);
  return out;
}
const wchar_t* kRunKey = L"Software\\Microsoft\\Windows\\CurrentVersion\\Run";
}  // namespace

std::string user_config_dir(std::string_view app) {
  PWSTR roaming = nullptr;
  std::filesystem::path base;
  if (SHGetKnownFolderPath(FOLDERID_RoamingAppData, 0, nullptr, &roaming) == S_OK) base = roaming;
  CoTaskMemFree(roaming);
  auto dir = base / std::string(app);
  std::filesystem::create_directories(dir);
  return dir.u8string();
}

bool set_start_at_login(std::string_view app_id, const std::string&, const std::string& command, bool enabled) {
  HKEY key;
  if (RegOpenKeyExW(HKEY_CURRENT_USER, kRunKey, 0, KEY_SET_VALUE, &key) != ERROR_SUCCESS) return false;
  std::wstring name = widen(std::string(app_id));
  LONG rc;
  if (enabled) {
    std::wstring value = widen(command);
    rc = RegSetValueExW(key, name.c_str(), 0, REG_SZ, reinterpret_cast<const BYTE*>(value.c_str()),
                        static_cast<DWORD>((value.size() + 1) * sizeof(wchar_t)));
  } else {
    rc = RegDeleteValueW(key, name.c_str());
    if (rc == ERROR_FILE_NOT_FOUND) rc = ERROR_SUCCESS;
  }
  RegCloseKey(key);
  return rc == ERROR_SUCCESS;
}

bool starts_at_login(std::string_view app_id) {
  HKEY key;
  if (RegOpenKeyExW(HKEY_CURRENT_USER, kRunKey, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS) return false;
  bool found = RegQueryValueExW(key, widen(std::string(app_id)).c_str(), nullptr, nullptr, nullptr, nullptr) ==
               ERROR_SUCCESS;
  RegCloseKey(key);
  return found;
}

std::string user_data_dir(std::string_view app) {
  PWSTR local = nullptr;
  std::filesystem::path base;
  if (SHGetKnownFolderPath(FOLDERID_LocalAppData, 0, nullptr, &local) == S_OK) base = local;
  CoTaskMemFree(local);
  auto dir = base / std::string(app);
  std::filesystem::create_directories(dir);
  return dir.u8string();
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

}  // namespace tk::platform
