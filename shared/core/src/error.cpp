#include "tk/error.h"

namespace tk {

int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::BadRequest: return 400;
    case ErrorKind::Unauthorized: return 401;
    case ErrorKind::Forbidden: return 403;
    case ErrorKind::NotFound: return 404;
    case ErrorKind::Conflict: return 409;
    case ErrorKind::PayloadTooLarge: return 413;
    case ErrorKind::UnsupportedMediaType: return 415;
    case ErrorKind::Invalid: return 422;
    case ErrorKind::TooManyRequests: return 429;
    case ErrorKind::Internal: return 500;
    case ErrorKind::Unavailable: return 503;
    case ErrorKind::Offline:
    case ErrorKind::Timeout: return 0;
  }
  return 500;
}

Error make_error(ErrorKind kind, std::string code, Bilingual message, std::string field) {
  return Error{kind, std::move(code), std::move(message.es), std::move(field), std::move(message.en)};
}

}  // namespace tk
