// SPDX-License-Identifier: Apache-2.0

#include "core/vsphere/connect_config.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

using namespace vmrun::core;
using vmrun::transport::TlsMode;
using Problem = ConnectConfigError::Problem;

namespace {

Environment env_of(std::map<std::string, std::string> values)
{
  return vmrun::core::environment_of(std::move(values));
}

// The ConnectConfigError `f` throws.
template <typename F>
ConnectConfigError error_of(F f)
{
  try {
    f();
  } catch (const ConnectConfigError& error) {
    return error;
  }
  FAIL("no ConnectConfigError");
  return ConnectConfigError(Problem::host, "", "");
}

} // namespace

TEST_CASE("connect_endpoint: the host forms")
{
  struct Case {
    const char* text;
    const char* host;
    int port;
  };
  for (const auto& c :
       {Case{"host", "host", 443}, Case{"host:8443", "host", 8443},
        Case{"https://host/sdk", "host", 443}, Case{"HTTPS://host:8333/SDK/", "host", 8333},
        Case{"[fe80::1]:9443", "fe80::1", 9443}, Case{"fe80::1", "fe80::1", 443},
        Case{"https://[2001:db8::5]:444/sdk", "2001:db8::5", 444}}) {
    CAPTURE(c.text);
    const auto endpoint = connect_endpoint(c.text, std::nullopt);
    CHECK(endpoint.host == c.host);
    CHECK(endpoint.port == c.port);
  }
}

TEST_CASE("connect_endpoint: a port in the host wins over the given one, then 443")
{
  CHECK(connect_endpoint("host", 8333).port == 8333);
  CHECK(connect_endpoint("host:9000", 8333).port == 9000);
  CHECK(connect_endpoint("[::1]", 8333).port == 8333);
  CHECK(connect_endpoint("https://h:2/sdk", 3).port == 2);
  CHECK(connect_endpoint("host", std::nullopt).port == k_default_port);
}

TEST_CASE("connect_endpoint: what is wrong, as facts")
{
  auto e = error_of([] { connect_endpoint("http://host", std::nullopt); });
  CHECK(e.problem() == Problem::host);
  CHECK(e.text() == "http://host");
  CHECK(e.detail() == "only https:// is supported");
  CHECK(error_of([] { connect_endpoint("https://host/other", std::nullopt); }).detail() ==
        "the only path allowed is /sdk");
  CHECK(error_of([] { connect_endpoint("[::1", std::nullopt); }).detail() == "missing ']'");
  CHECK(error_of([] { connect_endpoint("host:", std::nullopt); }).detail() == "empty port");
  CHECK(error_of([] { connect_endpoint("", std::nullopt); }).detail() == "no host name");
  for (const char* port : {"0", "65536", "x", "-1", "+1"}) {
    CAPTURE(port);
    const std::string host = std::string("host:") + port;
    e = error_of([&] { connect_endpoint(host, 443); });
    CHECK(e.problem() == Problem::host_port);
    CHECK(e.text() == host);
    CHECK(e.detail() == port);
  }
}

TEST_CASE("tls_policy: the words, the flags and the environment")
{
  TlsChoice choice;
  CHECK(tls_policy(choice, env_of({})).mode == TlsMode::tofu);
  CHECK(tls_policy(choice, env_of({{"VMRUN_TLS", "Strict"}})).mode == TlsMode::strict);
  CHECK(tls_policy(choice, env_of({{"VMRUN_TLS", "INSECURE"}})).mode == TlsMode::insecure);
  auto e = error_of([&] { tls_policy(choice, env_of({{"VMRUN_TLS", "paranoid"}})); });
  CHECK(e.problem() == Problem::tls_mode);
  CHECK(e.text() == "paranoid");

  SUBCASE("--tls wins over VMRUN_TLS; --insecure alone or with --tls=insecure")
  {
    choice.mode = "tofu";
    CHECK(tls_policy(choice, env_of({{"VMRUN_TLS", "strict"}})).mode == TlsMode::tofu);
    choice.insecure = true;
    e = error_of([&] { tls_policy(choice, env_of({})); });
    CHECK(e.problem() == Problem::tls_contradiction);
    CHECK(e.text() == "tofu");
    choice.mode = "insecure";
    CHECK(tls_policy(choice, env_of({})).mode == TlsMode::insecure);
    choice.mode.reset();
    CHECK(tls_policy(choice, env_of({{"VMRUN_TLS", "strict"}})).mode == TlsMode::insecure);
  }
  SUBCASE("strict overrides the words, but a bad word is still refused")
  {
    choice.strict = true;
    CHECK(tls_policy(choice, env_of({{"VMRUN_TLS", "insecure"}})).mode == TlsMode::strict);
    CHECK(error_of([&] {
            tls_policy(choice, env_of({{"VMRUN_TLS", "x"}}));
          }).problem() == Problem::tls_mode);
  }
  SUBCASE("thumbprints: the flag wins over VMRUN_THUMBPRINT; checked unless told not to")
  {
    const std::string sha1(40, 'a');
    CHECK(tls_policy(choice, env_of({{"VMRUN_THUMBPRINT", sha1}})).pin == sha1);
    choice.thumbprint = std::string(64, 'b');
    CHECK(tls_policy(choice, env_of({{"VMRUN_THUMBPRINT", sha1}})).pin == std::string(64, 'b'));
    choice.thumbprint = "xyz";
    e = error_of([&] { tls_policy(choice, env_of({})); });
    CHECK(e.problem() == Problem::thumbprint);
    CHECK(e.text() == "xyz");
    choice.check_thumbprint = false;
    CHECK(tls_policy(choice, env_of({})).pin == "xyz");
  }
  SUBCASE("--ca-file must name a readable file")
  {
    choice.ca_file = "";
    CHECK(error_of([&] { tls_policy(choice, env_of({})); }).problem() == Problem::ca_file_empty);
    choice.ca_file = "/nonexistent/ca.pem";
    e = error_of([&] { tls_policy(choice, env_of({})); });
    CHECK(e.problem() == Problem::ca_file_unreadable);
    CHECK(e.text() == "/nonexistent/ca.pem");
    CHECK(e.detail() == "No such file or directory");
    choice.ca_file = "/dev/null";
    CHECK(tls_policy(choice, env_of({})).ca_file == "/dev/null");
  }
}

TEST_CASE("known_hosts_path")
{
  CHECK(known_hosts_path(env_of({{"XDG_CONFIG_HOME", "/x"}, {"HOME", "/home/u"}})) ==
        "/x/vmrun/known_hosts");
  CHECK(known_hosts_path(env_of({{"HOME", "/home/u"}})) == "/home/u/.config/vmrun/known_hosts");
  // XDG: a relative XDG_CONFIG_HOME is ignored.
  CHECK(known_hosts_path(env_of({{"XDG_CONFIG_HOME", "rel"}, {"HOME", "/h"}})) ==
        "/h/.config/vmrun/known_hosts");
  CHECK(known_hosts_path(env_of({})).empty());
  CHECK(tls_policy({}, env_of({{"HOME", "/h"}})).known_hosts_path ==
        "/h/.config/vmrun/known_hosts");
}

TEST_CASE("is_valid_thumbprint")
{
  const std::string sha1 = "3D:6F:A1:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00";
  std::string sha256;
  for (int i = 0; i < 32; ++i) {
    sha256 += (i ? ":" : "") + std::string("ab");
  }
  CHECK(is_valid_thumbprint(sha1));
  CHECK(is_valid_thumbprint(sha256));
  CHECK(is_valid_thumbprint(std::string(40, 'f')));
  CHECK(is_valid_thumbprint(std::string(64, 'F')));
  CHECK_FALSE(is_valid_thumbprint(""));
  CHECK_FALSE(is_valid_thumbprint(std::string(41, 'f')));
  CHECK_FALSE(is_valid_thumbprint(std::string(63, 'f')));
  CHECK_FALSE(is_valid_thumbprint(std::string(64, 'g')));
  CHECK_FALSE(is_valid_thumbprint(sha1 + ":"));
  CHECK_FALSE(is_valid_thumbprint("3D6F:" + sha1.substr(6)));
  CHECK_FALSE(is_valid_thumbprint(":" + sha1.substr(1)));
}

TEST_CASE("connect_http_options: connecting gets at most 30 s of the timeout")
{
  CHECK(connect_timeout_seconds(std::chrono::seconds(300)) == 30);
  CHECK(connect_timeout_seconds(std::chrono::seconds(10)) == 10);
  const auto http = connect_http_options(std::chrono::seconds(300), {}, "agent/1");
  CHECK(http.connect_timeout_s == 30);
  CHECK(http.timeout_s == 300);
  CHECK(http.user_agent == "agent/1");
}
