// A TCP relay between the client under test and the real server, so that a Windows test
// can make the network fail the way it fails for users, without touching the server:
// Refuse is the server out of reach (nothing listens on the port: every connection is
// refused), Silent a server that never answers, DropAnswers a connection lost after the
// request went out and before its answer came back (the case that exactly-once delivery
// is about).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace tk::test {

class TcpRelay {
 public:
  enum class Mode { Pass, Refuse, Silent, DropAnswers };

  // Listens on 127.0.0.1 (a port the system picks) and relays to the upstream address.
  TcpRelay(const std::string& upstream_host, std::uint16_t upstream_port);
  ~TcpRelay();
  TcpRelay(const TcpRelay&) = delete;
  TcpRelay& operator=(const TcpRelay&) = delete;

  std::uint16_t port() const;
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
  void set_mode(Mode mode);
  // Answers the relay threw away in DropAnswers mode.
  int answers_dropped() const { return answers_dropped_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<Mode> mode_{Mode::Pass};
  std::atomic<int> answers_dropped_{0};
  friend struct RelaySession;
};

}  // namespace tk::test
