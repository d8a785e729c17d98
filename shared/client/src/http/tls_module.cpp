// Finds and loads the https module (http_tls.cpp) the first time a client connects to an
// https address: beside the program on Windows, in ../lib/tk from the program's folder
// elsewhere (build/lib/tk in the build tree, /usr/lib/tk once installed).
#include <mutex>

#include "exchange.h"
#include "tk/platform.h"

namespace tk::http_detail {

namespace {

std::string module_path() {
#ifdef _WIN32
  return platform::program_dir() + "\\tk-https.dll";
#else
  return platform::program_dir() + "/../lib/tk/tk-https.so";
#endif
}

}  // namespace

std::unique_ptr<Connection> make_tls_connection(const ServerUrl& url, std::string& why) {
  static std::once_flag loaded;
  static TlsConnectFunction connect = nullptr;
  static std::string load_error;
  std::call_once(loaded, [] {
    auto path = module_path();
    auto build = reinterpret_cast<TlsBuildFunction>(platform::load_module_symbol(path, kTlsBuildSymbol, load_error));
    if (!build) return;
    if (std::string(build()) != kTlsBuildStamp) {
      // A detail under the message both languages share (the program and the module differ).
      load_error = path + ": build " + build() + " != " + kTlsBuildStamp + " (tk-client-common)";
      return;
    }
    connect = reinterpret_cast<TlsConnectFunction>(platform::load_module_symbol(path, kTlsConnectSymbol, load_error));
  });
  if (!connect) {
    why = load_error;
    return nullptr;
  }
  return std::unique_ptr<Connection>(connect(url));
}

}  // namespace tk::http_detail
