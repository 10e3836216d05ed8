// SPDX-License-Identifier: Apache-2.0

#include "transport_test_support.h"

#include "transport/tls_verify.h"
#include "util/text.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vmrun::transport::test {

XmlNode first_change_value(const XmlDocument& doc)
{
  return doc.root()
    .child("Body")
    .child("WaitForUpdatesExResponse")
    .child("returnval")
    .child("filterSet")
    .child("objectSet")
    .child("changeSet")
    .child("val");
}

namespace {

void check(bool ok, const char* what)
{
  if (!ok) {
    throw std::runtime_error(std::string("test setup failed: ") + what);
  }
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value)
{
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  SslPtr<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  check(ext && X509_add_ext(cert, ext.get(), -1) == 1, "certificate extension");
}

// A loopback TCP socket bound to an ephemeral port; returns the fd and sets `port`.
int bound_socket(int& port)
{
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  check(fd >= 0, "socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  check(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0, "bind");
  socklen_t size = sizeof address;
  check(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0, "getsockname");
  port = ntohs(address.sin_port);
  return fd;
}

bool read_more(SSL* ssl, std::string& buffer)
{
  char chunk[16384];
  int n = SSL_read(ssl, chunk, sizeof chunk);
  if (n <= 0) {
    return false;
  }
  buffer.append(chunk, static_cast<std::size_t>(n));
  return true;
}

// Reads the head of one request from `buffer` (refilled from `ssl`) into `request`, leaving the
// body in `buffer`; false when the client went away.
bool read_head(SSL* ssl, std::string& buffer, ReceivedRequest& request)
{
  std::size_t end;
  while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (!read_more(ssl, buffer)) {
      return false;
    }
  }
  std::istringstream head(buffer.substr(0, end));
  std::string line;
  std::getline(head, line);
  std::istringstream request_line(line);
  request_line >> request.method >> request.path;
  while (std::getline(head, line)) {
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      if (!value.empty() && value.back() == '\r') {
        value.pop_back();
      }
      request.headers[vmrun::util::to_lower(line.substr(0, colon))] = value;
    }
  }
  buffer.erase(0, end + 4);
  return true;
}

// Reads `length` body bytes (fewer when the client goes away) from `buffer`, refilled from `ssl`.
std::string read_body(SSL* ssl, std::string& buffer, std::size_t length)
{
  while (buffer.size() < length) {
    if (!read_more(ssl, buffer)) {
      break;
    }
  }
  std::string body = buffer.substr(0, std::min(length, buffer.size()));
  buffer.erase(0, body.size());
  return body;
}

// The status line and headers of a canned reply.
std::string render_head(const CannedResponse& response)
{
  std::string text = "HTTP/1.1 " + std::to_string(response.status) + " Canned\r\n" +
                     "Content-Type: " + response.content_type + "\r\n" +
                     "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  for (const auto& header : response.headers) {
    text += header + "\r\n";
  }
  return text + "\r\n";
}

bool write_all(SSL* ssl, std::string_view data)
{
  while (!data.empty()) {
    const int chunk = static_cast<int>(std::min<std::size_t>(data.size(), 1 << 20));
    const int n = SSL_write(ssl, data.data(), chunk);
    if (n <= 0) {
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

} // namespace

std::string gzip(const std::string& text)
{
  z_stream stream{};
  // 15 + 16: a gzip header and trailer around the deflate stream.
  check(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) ==
          Z_OK,
        "deflateInit2");
  std::string out(deflateBound(&stream, static_cast<uLong>(text.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  check(result == Z_STREAM_END, "deflate");
  return out;
}

std::string soap_reply(const std::string& content)
{
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
         "<soapenv:Body><RetrieveServiceContentResponse xmlns=\"urn:vim25\"><returnval>" +
         content +
         "</returnval></RetrieveServiceContentResponse></soapenv:Body></soapenv:Envelope>";
}

std::string read_fixture(const std::string& name)
{
  std::ifstream in(std::string(VMRUN_TEST_DATA) + "/transport/" + name, std::ios::binary);
  check(static_cast<bool>(in), name.c_str());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string http_body(const std::string& capture)
{
  auto blank = capture.find("\n\n");
  return blank == std::string::npos ? std::string() : capture.substr(blank + 2);
}

std::string fault_envelope(const std::string& fault_fragment)
{
  std::string envelope = http_body(read_fixture("guest_operations_unavailable_b10.http"));
  auto begin = envelope.find("<soapenv:Fault>");
  std::string close = "</soapenv:Fault>";
  auto end = envelope.find(close) + close.size();
  return envelope.replace(begin, end - begin, fault_fragment);
}

ScratchDir::ScratchDir()
{
  std::string pattern = (std::filesystem::temp_directory_path() / "vmrun-transport-XXXXXX");
  check(::mkdtemp(pattern.data()) != nullptr, "mkdtemp");
  m_path = pattern;
}

ScratchDir::~ScratchDir()
{
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

std::string TestCert::pem() const
{
  SslPtr<BIO> bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert.get());
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

TestCert make_cert(const std::string& common_name, const std::string& names, const TestCert* issuer,
                   bool ca)
{
  TestCert result;
  result.key.reset(EVP_EC_gen("P-256"));
  result.cert.reset(X509_new());
  X509* cert = result.cert.get();
  check(result.key && cert, "key generation");
  X509_set_version(cert, 2);
  unsigned char serial[8];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  SslPtr<BIGNUM> number(BN_bin2bn(serial, sizeof serial, nullptr));
  BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(cert));
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
  X509_set_pubkey(cert, result.key.get());
  X509_NAME* subject = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509* signer = issuer ? issuer->cert.get() : cert;
  X509_set_issuer_name(cert, X509_get_subject_name(signer));
  add_extension(cert, signer, NID_basic_constraints, ca ? "critical,CA:TRUE" : "CA:FALSE");
  add_extension(cert, signer, NID_subject_key_identifier, "hash");
  if (ca) {
    add_extension(cert, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  }
  if (!names.empty()) {
    add_extension(cert, signer, NID_subject_alt_name, names);
  }
  EVP_PKEY* signing_key = issuer ? issuer->key.get() : result.key.get();
  check(X509_sign(cert, signing_key, EVP_sha256()) > 0, "X509_sign");
  result.thumbprints = certificate_thumbprints(cert);
  return result;
}

HttpsServer::HttpsServer(const TestCert& cert, Handler handler, CutPolicy cut)
  : m_handler(std::move(handler)), m_cut(std::move(cut))
{
  // A client that hangs up mid-reply must not kill the test binary.
  std::signal(SIGPIPE, SIG_IGN);
  m_ctx.reset(SSL_CTX_new(TLS_server_method()));
  check(m_ctx && SSL_CTX_use_certificate(m_ctx.get(), cert.cert.get()) == 1 &&
          SSL_CTX_use_PrivateKey(m_ctx.get(), cert.key.get()) == 1,
        "server SSL_CTX");
  m_listen_fd = bound_socket(m_port);
  check(::listen(m_listen_fd, 16) == 0, "listen");
  m_acceptor = std::thread([this] { accept_loop(); });
}

HttpsServer::~HttpsServer()
{
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_stop.notify_all();
  ::shutdown(m_listen_fd, SHUT_RDWR);
  m_acceptor.join();
  {
    std::lock_guard lock(m_mutex);
    for (int fd : m_fds) {
      ::shutdown(fd, SHUT_RDWR);
    }
  }
  for (auto& thread : m_threads) {
    thread.join();
  }
  for (int fd : m_fds) {
    ::close(fd);
  }
  ::close(m_listen_fd);
}

std::vector<ReceivedRequest> HttpsServer::requests() const
{
  std::lock_guard lock(m_mutex);
  return m_requests;
}

void HttpsServer::accept_loop()
{
  while (!m_stopping) {
    int fd = ::accept4(m_listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      continue; // shutdown() wakes us with an error; the loop condition ends it
    }
    ++m_accepted;
    std::lock_guard lock(m_mutex);
    m_fds.push_back(fd);
    m_threads.emplace_back([this, fd] { serve(fd); });
  }
}

void HttpsServer::serve(int fd)
{
  SslPtr<SSL> ssl(SSL_new(m_ctx.get()));
  SSL_set_fd(ssl.get(), fd);
  if (SSL_accept(ssl.get()) <= 0) {
    return; // the client refused our certificate
  }
  std::string buffer;
  for (;;) {
    ReceivedRequest request;
    if (!read_head(ssl.get(), buffer, request)) {
      return;
    }
    const std::size_t length = request.headers.count("content-length")
                                 ? std::stoul(request.headers["content-length"])
                                 : 0;
    const std::optional<RequestCut> cut = m_cut ? m_cut(request) : std::nullopt;
    request.body = read_body(ssl.get(), buffer, cut ? std::min(cut->after_bytes, length) : length);
    const bool complete = !cut && request.body.size() == length;
    {
      std::lock_guard lock(m_mutex);
      m_requests.push_back(request);
    }
    if (cut) {
      hang_up(ssl.get(), fd, *cut);
      return;
    }
    if (!complete || !send(ssl.get(), fd, m_handler(request))) {
      return;
    }
  }
}

void HttpsServer::hang_up(SSL* ssl, int fd, const RequestCut& cut)
{
  if (cut.hold) {
    std::unique_lock lock(m_mutex);
    m_stop.wait(lock, [this] { return m_stopping.load(); });
    return;
  }
  if (!cut.reset) {
    SSL_shutdown(ssl);
    ::shutdown(fd, SHUT_RDWR);
    return;
  }
  // Only closing the last descriptor with a zero linger sends an RST; the destructor must then
  // not close the number again.
  {
    std::lock_guard lock(m_mutex);
    m_fds.erase(std::remove(m_fds.begin(), m_fds.end(), fd), m_fds.end());
  }
  const linger abort{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
  ::close(fd);
}

bool HttpsServer::send(SSL* ssl, int fd, const CannedResponse& response)
{
  if (!pause(response.delay)) {
    return false;
  }
  if (!response.raw_tcp.empty()) {
    ::send(fd, response.raw_tcp.data(), response.raw_tcp.size(), MSG_NOSIGNAL);
    return false;
  }
  if (!response.raw.empty()) {
    if (!write_all(ssl, response.raw)) {
      return false;
    }
  } else if (response.trickle_bytes == 0) {
    if (!write_all(ssl, render_head(response) + response.body)) {
      return false;
    }
  } else {
    if (!write_all(ssl, render_head(response))) {
      return false;
    }
    std::string_view body = response.body;
    while (!body.empty()) {
      const auto piece = body.substr(0, response.trickle_bytes);
      if (!pause(response.trickle_every) || !write_all(ssl, piece)) {
        return false;
      }
      body.remove_prefix(piece.size());
    }
  }
  if (response.close) {
    ::shutdown(fd, SHUT_RDWR);
    return false;
  }
  return true;
}

bool HttpsServer::pause(std::chrono::milliseconds duration)
{
  std::unique_lock lock(m_mutex);
  return !m_stop.wait_for(lock, duration, [this] { return m_stopping.load(); });
}

SilentListener::SilentListener()
{
  m_fd = bound_socket(m_port);
  check(::listen(m_fd, 4) == 0, "listen");
}

SilentListener::~SilentListener()
{
  ::close(m_fd);
}

int closed_port()
{
  int port = 0;
  ::close(bound_socket(port));
  return port;
}

} // namespace vmrun::transport::test
