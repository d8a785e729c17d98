#include "instance_channel.h"

#include <wx/app.h>
#include <wx/filename.h>
#include <wx/ipc.h>
#include <wx/log.h>
#include <wx/utils.h>

#ifdef __WXMSW__
#include <windows.h>
#endif

namespace tk::tray {

#ifdef __WXMSW__

struct InstanceListener::Impl {
  std::function<void(const std::string&)> on_request;
  HWND window = nullptr;
};

namespace {

const wchar_t* kWindowClass = L"TK.Tray.Instance";
constexpr ULONG_PTR kShowRequest = 0x544b;  // "TK"

LRESULT CALLBACK instance_window_proc(HWND window, UINT message, WPARAM wparam, LPARAM lparam) {
  if (message == WM_COPYDATA) {
    const auto* data = reinterpret_cast<const COPYDATASTRUCT*>(lparam);
    auto* listener = reinterpret_cast<InstanceListener::Impl*>(GetWindowLongPtrW(window, GWLP_USERDATA));
    if (data && data->dwData == kShowRequest && listener) {
      // Answered at once (the sender waits); the work happens on the next turn of the loop.
      std::string what(static_cast<const char*>(data->lpData), data->cbData);
      auto on_request = listener->on_request;
      wxTheApp->CallAfter([on_request, what] { on_request(what); });
      return TRUE;
    }
  }
  return DefWindowProcW(window, message, wparam, lparam);
}

}  // namespace

InstanceListener::InstanceListener(std::function<void(const std::string&)> on_request)
    : impl_(std::make_unique<Impl>()) {
  impl_->on_request = std::move(on_request);
  WNDCLASSEXW window_class{};
  window_class.cbSize = sizeof window_class;
  window_class.lpfnWndProc = instance_window_proc;
  window_class.hInstance = GetModuleHandleW(nullptr);
  window_class.lpszClassName = kWindowClass;
  RegisterClassExW(&window_class);
  impl_->window =
      CreateWindowExW(0, kWindowClass, L"", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, GetModuleHandleW(nullptr), nullptr);
  if (impl_->window) SetWindowLongPtrW(impl_->window, GWLP_USERDATA, reinterpret_cast<LONG_PTR>(impl_.get()));
}

InstanceListener::~InstanceListener() {
  if (impl_->window) DestroyWindow(impl_->window);
}

bool send_to_running_instance(const std::string& what) {
  HWND running = FindWindowExW(HWND_MESSAGE, nullptr, kWindowClass, nullptr);
  if (!running) return false;
  COPYDATASTRUCT data{kShowRequest, static_cast<DWORD>(what.size()), const_cast<char*>(what.data())};
  DWORD_PTR answer = 0;
  return SendMessageTimeoutW(running, WM_COPYDATA, 0, reinterpret_cast<LPARAM>(&data), SMTO_ABORTIFHUNG, 5000,
                             &answer) != 0 &&
         answer == TRUE;
}

#else

namespace {

const char* kTopic = "tk-tray";

// The running instance listens on a socket in the user's runtime folder.
wxString instance_socket() {
  wxString dir = wxGetenv("XDG_RUNTIME_DIR");
  if (dir.empty()) dir = wxFileName::GetTempDir();
  return dir + "/tk-tray-" + wxGetUserId() + ".sock";
}

// A socket file left by a crashed instance would keep the new one from listening.
void remove_stale_socket() {
  wxLogNull quiet;
  if (wxFileExists(instance_socket())) wxRemoveFile(instance_socket());
}

class ShowConnection : public wxConnection {
 public:
  explicit ShowConnection(std::function<void(const std::string&)> on_request) : on_request_(std::move(on_request)) {}
  bool OnExecute(const wxString&, const void* data, size_t size, wxIPCFormat) override {
    std::string what(static_cast<const char*>(data), size);
    while (!what.empty() && what.back() == '\0') what.pop_back();
    on_request_(what);
    return true;
  }

 private:
  std::function<void(const std::string&)> on_request_;
};

class ShowServer : public wxServer {
 public:
  explicit ShowServer(std::function<void(const std::string&)> on_request) : on_request_(std::move(on_request)) {}
  wxConnectionBase* OnAcceptConnection(const wxString& topic) override {
    return topic == kTopic ? new ShowConnection(on_request_) : nullptr;
  }

 private:
  std::function<void(const std::string&)> on_request_;
};

}  // namespace

struct InstanceListener::Impl {
  std::unique_ptr<ShowServer> server;
};

InstanceListener::InstanceListener(std::function<void(const std::string&)> on_request)
    : impl_(std::make_unique<Impl>()) {
  remove_stale_socket();
  impl_->server = std::make_unique<ShowServer>(std::move(on_request));
  impl_->server->Create(instance_socket());
}

InstanceListener::~InstanceListener() {
  impl_->server.reset();
  remove_stale_socket();
}

bool send_to_running_instance(const std::string& what) {
  wxClient client;
  wxLogNull quiet;
  std::unique_ptr<wxConnectionBase> connection(client.MakeConnection("localhost", instance_socket(), kTopic));
  return connection && connection->Execute(what);
}

#endif

}  // namespace tk::tray
