// What a kiosk screen asks of the window that holds it. KioskFrame implements it; a
// screen never reaches the frame, the backend or the network any other way (what a
// screen needs beyond this and the flow is handed to its constructor).
#pragma once

namespace tk::kiosk {

class ScreenHost {
 public:
  virtual ~ScreenHost() = default;
  // Any tap or key: the idle clock starts again.
  virtual void touched() = 0;
  // Shows the flow's current screen; a screen calls it after each step it takes.
  virtual void show_screen() = 0;
  // A report or a look-up is on its way: the person stays where they are.
  virtual bool busy() const = 0;
};

}  // namespace tk::kiosk
