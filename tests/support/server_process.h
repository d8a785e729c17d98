// Runs the real tk-server binary on 127.0.0.1 with a database in a temporary folder, and
// runs other programs (tkctl, tk-server token create) capturing their output.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "temp_dir.h"
#include "tk/api_client.h"
#include "tk/http.h"

namespace tk::test {

struct ProgramResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `argv` to completion with `env_extra` ("NAME=value") added to the environment.
ProgramResult run_program(const std::vector<std::string>& argv, const std::vector<std::string>& env_extra = {});

// Starts `argv` without waiting; its output goes to the given files.
pid_t start_program(const std::vector<std::string>& argv, const std::vector<std::string>& env_extra,
                    const std::string& out_path, const std::string& err_path);
// Waits for `pid` and returns its exit code (128 + signal when killed).
int wait_program(pid_t pid);
std::string read_file(const std::string& path);

int free_port();

// A loopback port whose connections the kernel accepts but nothing ever answers.
class SilentListener {
 public:
  SilentListener();
  ~SilentListener();
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

class ServerProcess {
 public:
  // Uses `db_path` when given (to share a database across restarts), else a new one.
  explicit ServerProcess(std::string db_path = {});
  ~ServerProcess();

  void start();      // returns once /api/v1/health answers
  int terminate();   // SIGTERM, then waits; returns the exit status
  void kill_hard();  // SIGKILL
  bool running() const { return pid_ > 0; }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& db_path() const { return db_path_; }
  std::string log() const;

  // `extra` goes after the usual options, e.g. {"--login", "alopez", "--group", "soc"}.
  std::string create_token(const std::string& role, const std::string& employee = {}, const std::string& name = {},
                           const std::vector<std::string>& extra = {});
  // The server's configuration file (tk-server serve --config), written before start().
  void configure(const std::string& text);
  std::unique_ptr<HttpTransport> transport() const;

 private:
  std::unique_ptr<TempDir> dir_;
  std::string db_path_;
  std::string log_path_;
  std::string config_path_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace tk::test
