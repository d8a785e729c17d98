// Rendered JSON of recently read tickets. An entry is used only while the ticket's
// change_seq (read fresh from its row on every request) and its breach flag are the ones
// it was rendered with, so a stale rendering is never served; entries just age out.
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
  explicit RenderCache(std::size_t capacity) : capacity_(capacity) {}

  std::optional<std::string> find(const std::string& tk, std::int64_t change_seq, bool breached) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(tk);
    if (it == entries_.end() || it->second.change_seq != change_seq || it->second.breached != breached)
      return std::nullopt;
    return it->second.body;
  }

  void put(const std::string& tk, std::int64_t change_seq, bool breached, std::string body) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto [it, inserted] = entries_.insert_or_assign(tk, Entry{change_seq, breached, std::move(body)});
    (void)it;
    if (!inserted) return;
    order_.push_back(tk);
    while (entries_.size() > capacity_) {
      entries_.erase(order_.front());
      order_.pop_front();
    }
  }

 private:
  struct Entry {
    std::int64_t change_seq;
    bool breached;
    std::string body;
  };
  std::size_t capacity_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::deque<std::string> order_;  // insertion order, oldest first
};

}  // namespace tk::server
