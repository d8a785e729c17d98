#include "tcp_relay.h"

#include <boost/asio.hpp>

#include <array>
#include <future>
#include <thread>

namespace tk::test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct TcpRelay::Impl {
  asio::io_context ioc;
  // Keeps run() going while nothing is pending (the port closed in Refuse mode).
  asio::executor_work_guard<asio::io_context::executor_type> keep_running{ioc.get_executor()};
  tcp::acceptor acceptor{ioc};
  tcp::endpoint local;
  tcp::endpoint upstream;
  std::thread thread;
};

// One client connection and its twin towards the server; every handler runs on the relay's
// one thread.
struct RelaySession : std::enable_shared_from_this<RelaySession> {
  RelaySession(TcpRelay& relay, tcp::socket client)
      : relay(relay), client(std::move(client)), server(this->client.get_executor()) {}

  void start() {
    if (relay.mode_ == TcpRelay::Mode::Silent) {
      swallow();
      return;
    }
    auto self = shared_from_this();
    server.async_connect(relay.impl_->upstream, [self](boost::system::error_code ec) {
      if (ec) return self->close();
      self->pump(self->client, self->server, self->up, false);
      self->pump(self->server, self->client, self->down, true);
    });
  }

  // Reads what the client sends and never answers, until the client gives up.
  void swallow() {
    auto self = shared_from_this();
    client.async_read_some(asio::buffer(up), [self](boost::system::error_code ec, std::size_t) {
      if (!ec) self->swallow();
    });
  }

  void pump(tcp::socket& from, tcp::socket& to, std::array<char, 16384>& buffer, bool answers) {
    auto self = shared_from_this();
    from.async_read_some(
        asio::buffer(buffer), [self, &from, &to, &buffer, answers](boost::system::error_code ec, std::size_t n) {
          if (ec) return self->close();
          if (answers && self->relay.mode_ == TcpRelay::Mode::DropAnswers) {
            ++self->relay.answers_dropped_;
            return self->close();
          }
          asio::async_write(to, asio::buffer(buffer, n),
                            [self, &from, &to, &buffer, answers](boost::system::error_code ec, std::size_t) {
                              if (ec) return self->close();
                              self->pump(from, to, buffer, answers);
                            });
        });
  }

  void close() {
    boost::system::error_code ignored;
    client.close(ignored);
    server.close(ignored);
  }

  TcpRelay& relay;
  tcp::socket client;
  tcp::socket server;
  std::array<char, 16384> up{}, down{};
};

namespace {

boost::system::error_code listen(tcp::acceptor& acceptor, const tcp::endpoint& at) {
  boost::system::error_code ec;
  acceptor.open(at.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(at, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  return ec;
}

void accept_next(TcpRelay& relay, tcp::acceptor& acceptor) {
  acceptor.async_accept([&relay, &acceptor](boost::system::error_code ec, tcp::socket socket) {
    if (ec) return;  // the acceptor was closed: the relay is going away
    std::make_shared<RelaySession>(relay, std::move(socket))->start();
    accept_next(relay, acceptor);
  });
}

}  // namespace

TcpRelay::TcpRelay(const std::string& upstream_host, std::uint16_t upstream_port) : impl_(std::make_unique<Impl>()) {
  impl_->upstream = tcp::endpoint(asio::ip::make_address(upstream_host), upstream_port);
  if (auto ec = listen(impl_->acceptor, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)))
    throw boost::system::system_error(ec, "relay");
  impl_->local = impl_->acceptor.local_endpoint();
  accept_next(*this, impl_->acceptor);
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

TcpRelay::~TcpRelay() {
  impl_->ioc.stop();
  impl_->thread.join();
}

std::uint16_t TcpRelay::port() const { return impl_->local.port(); }

// Refuse closes the listening socket (the port refuses connections, as a host whose server
// is down does); any other mode listens again on the same port. Done on the relay's thread.
void TcpRelay::set_mode(Mode mode) {
  std::promise<boost::system::error_code> done;
  asio::post(impl_->ioc, [this, mode, &done] {
    mode_ = mode;
    boost::system::error_code ec;
    if (mode == Mode::Refuse) {
      impl_->acceptor.close(ec);
    } else if (!impl_->acceptor.is_open()) {
      ec = listen(impl_->acceptor, impl_->local);
      if (!ec) accept_next(*this, impl_->acceptor);
    }
    done.set_value(ec);
  });
  if (auto ec = done.get_future().get()) throw boost::system::system_error(ec, "relay: cannot listen again");
}

}  // namespace tk::test
