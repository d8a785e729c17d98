// The tray's icon as a StatusNotifierItem, the D-Bus protocol that today's Linux desktops
// show (KDE Plasma, GNOME with its AppIndicator extension, XFCE, Cinnamon, MATE; Wayland
// sessions too), through Debian's libayatana-appindicator3. wxGTK's own icon is XEmbed
// only, which GNOME and Wayland no longer show: it stays the fallback while no desktop
// watcher has taken this item.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tk::tray {

class StatusNotifier {
 public:
  struct MenuEntry {
    int id = 0;  // 0: a separator
    std::string label;
  };
  // on_menu: an entry was chosen (its id). on_connected: a desktop watcher took the item
  // (true), or went away (false). Both are called on the GUI thread.
  using MenuHandler = std::function<void(int)>;
  using ConnectionHandler = std::function<void(bool)>;

  // Null where it cannot work: a build without it (Windows) or no D-Bus session bus (the
  // item would have nobody to tell; GDBus would otherwise try to start a bus of its own).
  static std::unique_ptr<StatusNotifier> create(MenuHandler, ConnectionHandler);

  virtual ~StatusNotifier() = default;
  // The entries in order; `secondary` (a middle click on the icon) opens that entry.
  virtual void set_menu(const std::vector<MenuEntry>&, int secondary) = 0;
  // `icon_dir` holds `<icon_name>.png`; `description` is what a screen reader says.
  virtual void set_icon(const std::string& icon_dir, const std::string& icon_name, const std::string& description) = 0;
  // Shown by desktops that show one (KDE: the tooltip).
  virtual void set_title(const std::string&) = 0;
  virtual bool connected() const = 0;
};

}  // namespace tk::tray
