#include "access/failure_limiter.h"

#include <algorithm>

namespace tk::server {

bool FailureLimiter::begin(const std::string& party, std::int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Parties come from strangers (addresses, account names): quiet ones are forgotten before
  // they pile up, in a sweep that runs again only once the map has doubled.
  if (tracks_.size() >= sweep_at_) {
    for (auto it = tracks_.begin(); it != tracks_.end();) {
      const Track& t = it->second;
      bool quiet =
          t.in_progress == 0 && now >= t.blocked_until && (t.failures.empty() || t.failures.back() <= now - window_);
      it = quiet ? tracks_.erase(it) : std::next(it);
    }
    sweep_at_ = std::max<std::size_t>(4096, tracks_.size() * 2);
  }
  auto& track = tracks_[party];
  if (now < track.blocked_until) return false;
  while (!track.failures.empty() && track.failures.front() <= now - window_) track.failures.pop_front();
  if (static_cast<int>(track.failures.size()) + track.in_progress >= allowed_) return false;
  ++track.in_progress;
  return true;
}

void FailureLimiter::end(const std::string& party, std::int64_t now, bool failed) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& track = tracks_[party];
  --track.in_progress;
  if (!failed) return;
  track.failures.push_back(now);
  while (!track.failures.empty() && track.failures.front() <= now - window_) track.failures.pop_front();
  if (static_cast<int>(track.failures.size()) >= allowed_) track.blocked_until = now + window_;
}

}  // namespace tk::server
