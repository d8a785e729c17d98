// Failures a user or a client can cause are values: a kind (which maps to one HTTP
// status), a stable machine code, a human message in both of the product's languages and
// the offending field.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

#include "tk/language.h"
#include "tk/messages.h"

namespace tk {

enum class ErrorKind {
  BadRequest,            // 400 malformed request
  Unauthorized,          // 401 no or bad token
  Forbidden,             // 403 not yours / not your role
  NotFound,              // 404 unknown TK or resource
  Conflict,              // 409 illegal workflow move
  PayloadTooLarge,       // 413
  UnsupportedMediaType,  // 415 not JSON
  Invalid,               // 422 a field is wrong
  TooManyRequests,       // 429
  Internal,              // 500
  Unavailable,           // 503 shutting down
  // Client side only: the server could not be reached, or did not answer in time.
  Offline,
  Timeout,
};

int http_status(ErrorKind);

// A sentence a person reads, in Spanish (the product's first language) and English: a
// catalog id (English, N_("...")) whose Spanish is in assets/po/es_MX.po, or, where the
// sentence carries values, the two written out.
struct Bilingual {
  Bilingual() = default;
  Bilingual(const char* english_id) : es(translate(Language::Spanish, english_id)), en(english_id) {}
  Bilingual(std::string spanish, std::string english) : es(std::move(spanish)), en(std::move(english)) {}
  std::string es;
  std::string en;
};

struct Error {
  ErrorKind kind = ErrorKind::Internal;
  std::string code;
  // Spanish; or, for an error a server sent, the language the client asked it for.
  std::string message;
  std::string field;
  // English, where the error was made here; empty when only `message` is known.
  std::string message_en;

  const std::string& message_in(Language language) const {
    return language == Language::English && !message_en.empty() ? message_en : message;
  }
};

// Every message is given in both languages (no literal of one language alone in the core).
Error make_error(ErrorKind kind, std::string code, Bilingual message, std::string field = {});

// Whether the server was reached: it answered, even if to refuse. Offline and Timeout are
// the failures where it may not have been, and the only ones worth retrying as they are.
inline bool reached_server(const Error& e) { return e.kind != ErrorKind::Offline && e.kind != ErrorKind::Timeout; }

// A value or the error that prevented it.
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}
  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<T>(state_); }
  const T& value() const { return std::get<T>(state_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// For operations with nothing to return but success.
struct Done {};
using Outcome = Result<Done>;

}  // namespace tk
