// What the GUI tests share: letting the UI run until something holds (gui_wait.h), a click
// where a person would click, and a screenshot of the whole (virtual) screen.
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

#include "gui_wait.h"
#include "server_process.h"

namespace tk::test {

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
