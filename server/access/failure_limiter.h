// Counting guesses (kiosk look-ups, enrolment codes, passwords) per party, with a window.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace tk::server {

// Counts failed guesses of one kind by one party (a kiosk's look-ups by its token, sign-ins
// by account name or by address): after `allowed` failures within `window` seconds the
// party is refused until `window` seconds after the last counted failure.
class FailureLimiter {
 public:
  FailureLimiter(int allowed, std::int64_t window) : allowed_(allowed), window_(window) {}
  // Reserves a try: false when the party is blocked, or when its failures so far plus the
  // tries still in progress already reach the limit (parallel guesses count too).
  bool begin(const std::string& party, std::int64_t now);
  void end(const std::string& party, std::int64_t now, bool failed);

  // One try, ended on every path: a try that throws on its way gives its place back
  // uncounted (a place held for ever would block the party for good).
  class Attempt {
   public:
    Attempt(FailureLimiter& limiter, std::string party, std::int64_t now)
        : limiter_(limiter), party_(std::move(party)), started_(now), admitted_(limiter.begin(party_, now)) {}
    Attempt(const Attempt&) = delete;
    Attempt& operator=(const Attempt&) = delete;
    ~Attempt() {
      if (admitted_ && !ended_) limiter_.end(party_, started_, false);
    }
    bool admitted() const { return admitted_; }
    void end(std::int64_t now, bool failed) {
      if (!admitted_ || ended_) return;
      ended_ = true;
      limiter_.end(party_, now, failed);
    }

   private:
    FailureLimiter& limiter_;
    std::string party_;
    std::int64_t started_;
    bool admitted_;
    bool ended_ = false;
  };

 private:
  struct Track {
    std::deque<std::int64_t> failures;
    std::int64_t blocked_until = 0;
    int in_progress = 0;
  };
  int allowed_;
  std::int64_t window_;
  std::mutex mutex_;
  std::map<std::string, Track> tracks_;
  std::size_t sweep_at_ = 4096;  // the map's size at which quiet parties are next forgotten
};

}  // namespace tk::server
