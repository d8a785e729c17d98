// What every transport shares: the server address as the settings hold it, the requests
// refused before sending, and the words for each failure. No HTTP library here.
#include "transport_common.h"

#include <algorithm>
#include <cctype>

#include "tk/text.h"

namespace tk {

std::string HttpResponse::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string{} : it->second;
}

std::string ServerUrl::host_header() const {
  std::string name = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != (tls ? 443 : 80)) name += ":" + std::to_string(port);
  return name;
}

namespace {

Error bad_url(const Bilingual& why) {
  return make_error(
      ErrorKind::Offline, "bad_url",
      {"La dirección del servidor no es válida: " + why.es, "The server's address is not valid: " + why.en});
}

bool is_host_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

}  // namespace

Result<ServerUrl> parse_server_url(std::string_view text) {
  ServerUrl url;
  auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos)
    return bad_url({"debe empezar con http:// o https://", "it must start with http:// or https://"});
  auto scheme = lower_ascii(text.substr(0, scheme_end));
  if (scheme == "https")
    url.tls = true;
  else if (scheme != "http")
    return bad_url({"debe empezar con http:// o https://", "it must start with http:// or https://"});
  auto rest = text.substr(scheme_end + 3);
  auto authority_end = rest.find('/');
  auto authority = rest.substr(0, authority_end);
  auto path = authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos)
    return bad_url({"no lleva usuario ni contraseña", "it takes no user name or password"});
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos)
      return bad_url({"falta el ']' de la dirección IPv6", "the IPv6 address lacks its ']'"});
    url.host = std::string(authority.substr(1, close - 1));
    auto after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':')
      return bad_url({"sobra texto después de la dirección IPv6", "there is text after the IPv6 address"});
    if (!after.empty()) port_text = after.substr(1);
    bool ipv6_chars = !url.host.empty() && std::all_of(url.host.begin(), url.host.end(), [](char c) {
      return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
    });
    if (!ipv6_chars) return bad_url({"la dirección IPv6 no es válida", "the IPv6 address is not valid"});
  } else {
    auto colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    if (url.host.empty()) return bad_url({"falta el nombre del servidor", "the server's name is missing"});
    if (!std::all_of(url.host.begin(), url.host.end(), is_host_name_char))
      return bad_url(
          {"el nombre del servidor tiene caracteres no permitidos", "the server's name has characters not allowed"});
  }
  url.port = url.tls ? 443 : 80;
  if (authority.find(':') != std::string_view::npos && port_text.empty() &&
      (authority.front() != '[' || authority.back() != ']'))
    return bad_url({"falta el puerto después de ':'", "the port is missing after ':'"});
  if (!port_text.empty()) {
    if (port_text.size() > 5 ||
        !std::all_of(port_text.begin(), port_text.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return bad_url({"el puerto debe ser un número", "the port must be a number"});
    int port = std::stoi(std::string(port_text));
    if (port < 1 || port > 65535)
      return bad_url({"el puerto debe estar entre 1 y 65535", "the port must be between 1 and 65535"});
    url.port = static_cast<std::uint16_t>(port);
  }
  for (char c : path)
    if (c == '?' || c == '#' || static_cast<unsigned char>(c) <= ' ')
      return bad_url({"la ruta no puede llevar espacios, '?' ni '#'", "the path cannot have spaces, '?' or '#'"});
  url.base_path = std::string(path);
  while (!url.base_path.empty() && url.base_path.back() == '/') url.base_path.pop_back();
  return url;
}

namespace http_detail {

std::optional<Error> request_problem(const HttpRequest& request) {
  static const char* const kMethods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  bool known = std::find(std::begin(kMethods), std::end(kMethods), request.method) != std::end(kMethods);
  if (!known || request.target.empty() || request.target.front() != '/')
    return make_error(ErrorKind::BadRequest, "bad_request",
                      {"Petición mal formada: " + request.method + " " + request.target,
                       "Malformed request: " + request.method + " " + request.target});
  for (const auto& [name, value] : request.headers)
    if ((name + value).find_first_of("\r\n") != std::string::npos || name.empty())
      return make_error(ErrorKind::BadRequest, "bad_header",
                        {"Un encabezado de la petición tiene un salto de línea: " + name,
                         "A request header has a line break: " + name});
  return std::nullopt;
}

bool harmless_twice(const HttpRequest& request) {
  if (request.method == "GET" || request.method == "HEAD") return true;
  for (const auto& [name, value] : request.headers)
    if (lower_ascii(name) == "idempotency-key" && !value.empty()) return true;
  return false;
}

Error transport_error(Failure failure, const ServerUrl& url, const std::string& detail) {
  switch (failure) {
    case Failure::Timeout: return make_error(ErrorKind::Timeout, "timeout", N_("The server did not answer in time."));
    case Failure::TooLarge:
      return make_error(ErrorKind::Internal, "response_too_large", N_("The server's answer is too large."));
    case Failure::HostNotFound:
      return make_error(ErrorKind::Offline, "offline",
                        {"No se encontró el servidor " + url.host + ": " + detail,
                         "The server " + url.host + " was not found: " + detail});
    case Failure::Tls:
      return make_error(ErrorKind::Offline, "tls",
                        {"No se pudo establecer una conexión segura con el servidor: " + detail,
                         "No secure connection to the server could be made: " + detail});
    case Failure::Offline: break;
  }
  return make_error(ErrorKind::Offline, "offline",
                    {"Sin conexión con el servidor: " + detail, "No connection to the server: " + detail});
}

}  // namespace http_detail

}  // namespace tk
