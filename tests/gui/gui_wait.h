// Letting the UI run until something holds: what every GUI test, on Linux and under Wine,
// does between its steps.
#pragma once

#include <wx/app.h>

#include <chrono>
#include <functional>
#include <thread>

namespace tk::test {

// Lets the UI work until `done` holds; the bound only stops a broken test from hanging.
inline bool wait_for(const std::function<bool()>& done, int max_ms = 20000) {
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(max_ms);
  while (std::chrono::steady_clock::now() < end) {
    wxTheApp->ProcessPendingEvents();
    wxYield();
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

inline void settle() {
  wait_for([] { return false; }, 300);
}

}  // namespace tk::test
