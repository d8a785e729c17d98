// Windows implementation of tk/platform.h; compiled by the Windows build only.
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <shlobj.h>
#include <windows.h>

#include <filesystem>
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

std::string user_data_dir(std::string_view app) {
  PWSTR local = nullptr;
  std::filesystem::path base;
  if (SHGetKnownFolderPath(FOLDERID_LocalAppData, 0, nullptr, &local) == S_OK) base = local;
  CoTaskMemFree(local);
  auto dir = base / std::string(app);
  std::filesystem::create_directories(dir);
  return dir.u8string();
}

}  // namespace tk::platform
