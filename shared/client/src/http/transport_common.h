// Inside the client's HTTP transports only: what the Beast transport (Linux) and the
// WinHTTP one (Windows) share, so that both refuse the same requests and tell the user the
// same thing about the same failure. No HTTP library here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "tk/error.h"
#include "tk/http.h"

namespace tk::http_detail {

// The largest answer a client reads: a page of tickets is about 0.5 MB.
constexpr std::uint64_t kMaxResponseBytes = 64ull * 1024 * 1024;

// A method the transport does not know, a target that is not a path, or a header with a
// line break (a token pasted with one must not become a header of its own). Empty when the
// request may go.
std::optional<Error> request_problem(const HttpRequest&);

// Whether sending `request` twice is harmless: a read, or a request with an idempotency
// key (the server answers a repeated key with its first answer).
bool harmless_twice(const HttpRequest&);

enum class Failure { Timeout, TooLarge, HostNotFound, Tls, Offline };

// The error a user reads for a failure to reach `url`; `detail` is the library's own text.
Error transport_error(Failure, const ServerUrl& url, const std::string& detail);

}  // namespace tk::http_detail
