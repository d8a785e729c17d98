// What the GUI tests share: letting the UI run until something holds, a click where a
// person would click, and a screenshot of the whole (virtual) screen.
#pragma once

#include <gtest/gtest.h>
#include <wx/app.h>
#include <wx/uiaction.h>
#include <wx/window.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "server_process.h"

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

// What is on the screen, as the X server has it (ImageMagick's import), for a person to
// look at; the test only checks that it was written.
inline void save_screenshot(const std::string& name) {
  settle();
  std::filesystem::create_directories(TK_SCREENSHOT_DIR);
  std::string path = std::string(TK_SCREENSHOT_DIR) + "/" + name + ".png";
  auto r = run_program({"/usr/bin/import", "-window", "root", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

inline void click(wxWindow* w) {
  ASSERT_TRUE(w);
  ASSERT_TRUE(w->IsShownOnScreen()) << w->GetLabel();
  wxUIActionSimulator sim;
  sim.MouseMove(w->GetScreenPosition() + wxPoint(w->GetSize().x / 2, w->GetSize().y / 2));
  settle();
  sim.MouseClick();
  settle();
}

}  // namespace tk::test
