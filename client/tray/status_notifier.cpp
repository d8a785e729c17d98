#include "status_notifier.h"

#ifdef TK_HAVE_AYATANA
#include <libayatana-appindicator/app-indicator.h>

#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <utility>
#endif

namespace tk::tray {

#ifdef TK_HAVE_AYATANA
namespace {

bool session_bus_reachable() {
  if (const char* address = std::getenv("DBUS_SESSION_BUS_ADDRESS"); address && *address)
    return std::string_view(address).rfind("disabled:", 0) != 0;
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  std::error_code ec;
  return runtime && *runtime && std::filesystem::exists(std::filesystem::path(runtime) / "bus", ec);
}

class AyatanaNotifier final : public StatusNotifier {
 public:
  AyatanaNotifier(MenuHandler on_menu, ConnectionHandler on_connected)
      : on_menu_(std::move(on_menu)), on_connected_(std::move(on_connected)) {
    indicator_ = app_indicator_new("tk-tray", "", APP_INDICATOR_CATEGORY_APPLICATION_STATUS);
    // Without a watcher the library would put up a GtkStatusIcon of its own, a second
    // XEmbed icon beside wx's (which has the tooltip and the double click): no fallback.
    AppIndicatorClass* klass = APP_INDICATOR_GET_CLASS(indicator_);
    klass->fallback = nullptr;
    klass->unfallback = nullptr;
    g_signal_connect(indicator_, APP_INDICATOR_SIGNAL_CONNECTION_CHANGED, G_CALLBACK(&AyatanaNotifier::changed), this);
    app_indicator_set_status(indicator_, APP_INDICATOR_STATUS_ACTIVE);
  }

  ~AyatanaNotifier() override {
    g_signal_handlers_disconnect_by_data(indicator_, this);
    // The menu may outlive this object inside the library: its entries must not call back.
    if (menu_)
      gtk_container_foreach(
          GTK_CONTAINER(menu_),
          [](GtkWidget* item, gpointer self) { g_signal_handlers_disconnect_by_data(item, self); }, this);
    g_object_unref(indicator_);
  }

  AyatanaNotifier(const AyatanaNotifier&) = delete;
  AyatanaNotifier& operator=(const AyatanaNotifier&) = delete;

  void set_menu(const std::vector<MenuEntry>& entries, int secondary) override {
    GtkWidget* menu = gtk_menu_new();
    GtkWidget* secondary_item = nullptr;
    for (const auto& entry : entries) {
      GtkWidget* item =
          entry.id == 0 ? gtk_separator_menu_item_new() : gtk_menu_item_new_with_label(entry.label.c_str());
      if (entry.id != 0) {
        g_object_set_data(G_OBJECT(item), "tk-id", GINT_TO_POINTER(entry.id));
        g_signal_connect(item, "activate", G_CALLBACK(&AyatanaNotifier::chosen), this);
      }
      if (entry.id == secondary) secondary_item = item;
      gtk_menu_shell_append(GTK_MENU_SHELL(menu), item);
    }
    gtk_widget_show_all(menu);
    // The indicator takes its own reference; the old menu goes with its last one.
    app_indicator_set_menu(indicator_, GTK_MENU(menu));
    if (secondary_item) app_indicator_set_secondary_activate_target(indicator_, secondary_item);
    menu_ = menu;
  }

  void set_icon(const std::string& icon_dir, const std::string& icon_name, const std::string& description) override {
    if (icon_dir != icon_dir_) {
      app_indicator_set_icon_theme_path(indicator_, icon_dir.c_str());
      icon_dir_ = icon_dir;
    }
    app_indicator_set_icon_full(indicator_, icon_name.c_str(), description.c_str());
  }

  void set_title(const std::string& title) override { app_indicator_set_title(indicator_, title.c_str()); }

  bool connected() const override { return connected_; }

 private:
  static void chosen(GtkMenuItem* item, gpointer self) {
    int id = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(item), "tk-id"));
    static_cast<AyatanaNotifier*>(self)->on_menu_(id);
  }

  static void changed(AppIndicator*, gboolean connected, gpointer self) {
    auto* me = static_cast<AyatanaNotifier*>(self);
    me->connected_ = connected;
    me->on_connected_(connected);
  }

  MenuHandler on_menu_;
  ConnectionHandler on_connected_;
  AppIndicator* indicator_ = nullptr;
  GtkWidget* menu_ = nullptr;
  std::string icon_dir_;
  bool connected_ = false;
};

}  // namespace

std::unique_ptr<StatusNotifier> StatusNotifier::create(MenuHandler on_menu, ConnectionHandler on_connected) {
  if (!session_bus_reachable()) return nullptr;
  return std::make_unique<AyatanaNotifier>(std::move(on_menu), std::move(on_connected));
}

#else

std::unique_ptr<StatusNotifier> StatusNotifier::create(MenuHandler, ConnectionHandler) { return nullptr; }

#endif

}  // namespace tk::tray
