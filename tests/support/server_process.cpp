#include "server_process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace tk::test {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env_extra,
            const std::string& out_path, const std::string& err_path) {
  // The given variables replace inherited ones: a developer's own TK_SERVER or TK_TOKEN
  // must never reach a program under test.
  std::vector<std::string> env(env_extra);
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    std::string name = entry.substr(0, entry.find('='));
    bool overridden = name.rfind("TK_", 0) == 0;
    for (const auto& x : env_extra) overridden = overridden || x.substr(0, x.find('=')) == name;
    if (!overridden) env.push_back(entry);
  }
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> args, envp;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    execvpe(args[0], args.data(), envp.data());  // a bare name is looked up in PATH
    _exit(127);
  }
  return pid;
}

}  // namespace

pid_t start_program(const std::vector<std::string>& argv, const std::vector<std::string>& env_extra,
                    const std::string& out_path, const std::string& err_path) {
  return spawn(argv, env_extra, out_path, err_path);
}

int wait_program(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string read_file(const std::string& path) { return slurp(path); }

ProgramResult run_program(const std::vector<std::string>& argv, const std::vector<std::string>& env_extra) {
  TempDir dir;
  pid_t pid = spawn(argv, env_extra, dir.file("out"), dir.file("err"));
  int status = 0;
  waitpid(pid, &status, 0);
  ProgramResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(dir.file("out"));
  r.err = slurp(dir.file("err"));
  return r;
}

SilentListener::SilentListener() {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd_, 8) != 0)
    throw std::runtime_error("cannot open a listening socket");
  socklen_t len = sizeof addr;
  getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
}

SilentListener::~SilentListener() { close(fd_); }

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

ServerProcess::ServerProcess(std::string db_path) : dir_(std::make_unique<TempDir>()) {
  db_path_ = db_path.empty() ? dir_->file("tk.db") : std::move(db_path);
  log_path_ = dir_->file("server.log");
  port_ = free_port();
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) kill_hard();
}

void ServerProcess::configure(const std::string& text) {
  config_path_ = dir_->file("server.conf");
  std::ofstream(config_path_) << text;
}

void ServerProcess::start() {
  std::vector<std::string> argv{TK_SERVER_BIN, "serve",  "--listen",  "127.0.0.1:" + std::to_string(port_),
                                "--db",        db_path_, "--threads", "8"};
  if (!config_path_.empty()) argv.insert(argv.end(), {"--config", config_path_});
  pid_ = spawn(argv, {}, dir_->file("server.out"), log_path_);
  auto t = transport();
  // Waits for the listener to come up; a server that died is reported at once.
  for (int attempt = 0; attempt < 500; ++attempt) {
    HttpRequest health{"GET", "/api/v1/health", {}, {}};
    auto r = t->send(health);
    if (r && r->status == 200) return;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("tk-server exited at start: " + log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("tk-server did not answer /api/v1/health: " + log());
}

int ServerProcess::terminate() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServerProcess::log() const { return slurp(log_path_); }

std::string ServerProcess::create_token(const std::string& role, const std::string& employee, const std::string& name,
                                        const std::vector<std::string>& extra) {
  std::vector<std::string> argv{TK_SERVER_BIN, "token", "create", "--db", db_path_, "--role", role};
  if (!employee.empty()) argv.insert(argv.end(), {"--employee", employee});
  if (!name.empty()) argv.insert(argv.end(), {"--name", name});
  argv.insert(argv.end(), extra.begin(), extra.end());
  auto r = run_program(argv);
  if (r.exit_code != 0) throw std::runtime_error("token create failed: " + r.err);
  while (!r.out.empty() && (r.out.back() == '\n' || r.out.back() == '\r')) r.out.pop_back();
  return r.out;
}

std::unique_ptr<HttpTransport> ServerProcess::transport() const {
  return make_http_transport({url(), std::chrono::milliseconds(30000)});
}

}  // namespace tk::test
