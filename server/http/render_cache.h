// Rendered JSON of recently read tickets. An entry is used only while the ticket's
// change_seq (read fresh from its row on every request) and its breach flag are the ones
// it was rendered with, so a stale rendering is never served; entries age out, oldest first,
// once their total size passes the budget.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace tk::server {

class RenderCache {
 public:
  explicit RenderCache(std::size_t budget_bytes) : budget_(budget_bytes) {}

  std::optional<std::string> find(const std::string& tk, std::int64_t change_seq, bool breached) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(tk);
    if (it == entries_.end() || it->second.change_seq != change_seq || it->second.breached != breached)
      return std::nullopt;
    return it->second.body;
  }

  void put(const std::string& tk, std::int64_t change_seq, bool breached, std::string body) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (body.size() > budget_ / 4) return;  // one huge ticket must not empty the cache
    auto it = entries_.find(tk);
    if (it != entries_.end()) {
      bytes_ -= it->second.body.size();
      bytes_ += body.size();
      it->second = Entry{change_seq, breached, std::move(body)};
    } else {
      bytes_ += body.size() + tk.size();
      entries_.emplace(tk, Entry{change_seq, breached, std::move(body)});
      order_.push_back(tk);
    }
    while (bytes_ > budget_ && !order_.empty()) {
      auto old = entries_.find(order_.front());
      if (old != entries_.end()) {
        bytes_ -= old->second.body.size() + old->first.size();
        entries_.erase(old);
      }
      order_.pop_front();
    }
  }

 private:
  struct Entry {
    std::int64_t change_seq;
    bool breached;
    std::string body;
  };
  std::size_t budget_;
  std::size_t bytes_ = 0;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::deque<std::string> order_;  // insertion order, oldest first
};

}  // namespace tk::server
