// SPDX-License-Identifier: Apache-2.0

#include "cli/settings.h"

#include "core/errors/error.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

using namespace vmrun::cli;
using vmrun::transport::TlsMode;

namespace {

Environment env_of(std::map<std::string, std::string> values)
{
  return vmrun::core::environment_of(std::move(values));
}

// The message and hint of the core::Error that `f` throws.
template <typename F>
std::pair<std::string, std::string> error_of(F f)
{
  try {
    f();
  } catch (const vmrun::core::Error& error) {
    return {error.what(), error.hint()};
  }
  return {"<no error>", ""};
}

GlobalOptions esx()
{
  GlobalOptions options;
  options.host_type = "esx";
  options.host = "esx.example.com";
  return options;
}

} // namespace

TEST_CASE("parse_endpoint")
{
  struct Case {
    const char* text;
    const char* host;
    int port;
  };
  const std::optional<std::string> no_port;
  for (const auto& c :
       {Case{"host", "host", 443}, Case{"host:8443", "host", 8443},
        Case{"https://host", "host", 443}, Case{"https://host/sdk", "host", 443},
        Case{"https://host:8333/sdk", "host", 8333}, Case{"HTTPS://host:8333/SDK/", "host", 8333},
        Case{"10.0.1.9:8333", "10.0.1.9", 8333}, Case{"[::1]", "::1", 443},
        Case{"[fe80::1]:9443", "fe80::1", 9443},
        Case{"https://[2001:db8::5]:444/sdk", "2001:db8::5", 444}, Case{"fe80::1", "fe80::1", 443},
        Case{"host/", "host", 443}}) {
    CAPTURE(c.text);
    const auto endpoint = parse_endpoint(c.text, no_port);
    CHECK(endpoint.host == c.host);
    CHECK(endpoint.port == c.port);
  }
}

TEST_CASE("parse_endpoint: -P and its precedence")
{
  CHECK(parse_endpoint("host", std::string("8333")).port == 8333);
  CHECK(parse_endpoint("host:9000", std::string("8333")).port == 9000);
  CHECK(parse_endpoint("[::1]", std::string("8333")).port == 8333);
  CHECK(parse_endpoint("[::1]:1", std::string("8333")).port == 1);
  CHECK(parse_endpoint("https://h:2/sdk", std::string("3")).port == 2);
}

TEST_CASE("parse_endpoint: malformed hosts are invalid parameters")
{
  const std::optional<std::string> no_port;
  for (const char* bad :
       {"", "host:", "host:0", "host:65536", "host:x", "http://host", "https://host/other", "[::1",
        "[::1]x", "[]:443", "https://", "[::1]:", "host?x", "https://host#sdk"}) {
    CAPTURE(bad);
    const auto [message, hint] = error_of([&] { parse_endpoint(bad, no_port); });
    CHECK(message == "One of the parameters was invalid");
    CHECK_FALSE(hint.empty());
  }
  CHECK(error_of([] { parse_endpoint("host:1", std::string("abc")); }).first ==
        "One of the parameters was invalid");
}

TEST_CASE("resolve_settings: -T mapping")
{
  const auto env = env_of({});
  for (const char* type : {"esx", "vc", "server", "ws-shared", "ESX", "Vc", "WS-SHARED"}) {
    CAPTURE(type);
    auto options = esx();
    options.host_type = type;
    CHECK(resolve_settings(options, env).endpoint->host == "esx.example.com");
  }
  for (const char* type : {"ws", "fusion", "player", "server1", "WS", "", "esxi"}) {
    CAPTURE(type);
    auto options = esx();
    options.host_type = type;
    const auto [message, hint] = error_of([&] { resolve_settings(options, env); });
    CHECK(message == "The specified service provider was not found");
    CHECK(hint.find("ESXi and vCenter") != std::string::npos);
  }
  SUBCASE("no -T but a host: vSphere")
  {
    GlobalOptions options;
    options.host = "h";
    CHECK(resolve_settings(options, env).endpoint->host == "h");
    CHECK(resolve_settings(GlobalOptions{}, env_of({{"VMRUN_HOST", "e"}})).endpoint->host == "e");
  }
  SUBCASE("neither -T nor a host: provider error")
  {
    CHECK(error_of([&] { resolve_settings(GlobalOptions{}, env); }).first ==
          "The specified service provider was not found");
  }
  SUBCASE("-T esx without a host: resolved, the host is required later")
  {
    GlobalOptions options;
    options.host_type = "esx";
    CHECK_FALSE(resolve_settings(options, env).endpoint);
  }
  SUBCASE("VMRUN_HOST_TYPE is the fallback for -T")
  {
    GlobalOptions options;
    options.host = "h";
    CHECK(error_of([&] {
            resolve_settings(options, env_of({{"VMRUN_HOST_TYPE", "ws"}}));
          }).first == "The specified service provider was not found");
    options.host_type = "vc";
    CHECK(resolve_settings(options, env_of({{"VMRUN_HOST_TYPE", "ws"}})).endpoint);
  }
}

TEST_CASE("resolve_settings: flags win over the environment")
{
  const auto env = env_of({{"VMRUN_HOST", "envhost:1"},
                           {"VMRUN_USER", "envuser"},
                           {"VMRUN_PASSWORD", "envpw"},
                           {"VMRUN_GUEST_USER", "envgu"},
                           {"VMRUN_GUEST_PASSWORD", "envgp"},
                           {"VMRUN_THUMBPRINT", std::string(64, 'a')},
                           {"VMRUN_TLS", "strict"}});
  SUBCASE("environment only")
  {
    const auto settings = resolve_settings(GlobalOptions{}, env);
    CHECK(settings.endpoint->host == "envhost");
    CHECK(settings.endpoint->port == 1);
    CHECK(settings.user == "envuser");
    CHECK(settings.password == "envpw");
    CHECK(settings.guest_user == "envgu");
    CHECK(settings.guest_password == "envgp");
    CHECK(settings.tls.pin == std::string(64, 'a'));
    CHECK(settings.tls.mode == TlsMode::strict);
  }
  SUBCASE("flags")
  {
    GlobalOptions options;
    options.host = "flaghost";
    options.user = "u";
    options.password = "";
    options.guest_user = "gu";
    options.guest_password = "gp";
    options.thumbprint = std::string(40, 'B');
    options.tls = "insecure";
    const auto settings = resolve_settings(options, env);
    CHECK(settings.endpoint->host == "flaghost");
    CHECK(settings.endpoint->port == 443);
    CHECK(settings.user == "u");
    CHECK(settings.password == "");
    CHECK(settings.guest_user == "gu");
    CHECK(settings.guest_password == "gp");
    CHECK(settings.tls.pin == std::string(40, 'B'));
    CHECK(settings.tls.mode == TlsMode::insecure);
  }
  SUBCASE("nothing at all")
  {
    const auto settings = resolve_settings(esx(), env_of({}));
    CHECK_FALSE(settings.user);
    CHECK_FALSE(settings.password);
    CHECK_FALSE(settings.guest_user);
    CHECK(settings.tls.mode == TlsMode::tofu);
    CHECK(settings.tls.pin.empty());
    CHECK(settings.timeout == std::chrono::seconds(300));
    CHECK(settings.format == OutputFormat::text);
    CHECK(settings.trace == Trace::off);
    CHECK(settings.progress == Progress::on);
  }
}

TEST_CASE("resolve_settings: TLS options")
{
  const auto env = env_of({});
  auto options = esx();
  SUBCASE("--insecure")
  {
    options.insecure = true;
    CHECK(resolve_settings(options, env).tls.mode == TlsMode::insecure);
    options.tls = "strict";
    CHECK(error_of([&] { resolve_settings(options, env); }).first ==
          "One of the parameters was invalid");
  }
  SUBCASE("--insecure wins over VMRUN_TLS")
  {
    options.insecure = true;
    CHECK(resolve_settings(options, env_of({{"VMRUN_TLS", "strict"}})).tls.mode ==
          TlsMode::insecure);
  }
  SUBCASE("--tls is case-insensitive; bad values are refused")
  {
    options.tls = "STRICT";
    CHECK(resolve_settings(options, env).tls.mode == TlsMode::strict);
    options.tls = "none";
    CHECK(error_of([&] { resolve_settings(options, env); }).first ==
          "One of the parameters was invalid");
    CHECK(error_of([&] {
            resolve_settings(esx(), env_of({{"VMRUN_TLS", "x"}}));
          }).first == "One of the parameters was invalid");
  }
  SUBCASE("--ca-file")
  {
    const std::string readable = std::string(VMRUN_TEST_DATA) + "/vmrun-1.15.2-help.txt";
    options.ca_file = readable;
    CHECK(resolve_settings(options, env).tls.ca_file == readable);
    options.ca_file = "";
    CHECK(error_of([&] { resolve_settings(options, env); }).first ==
          "One of the parameters was invalid");
    // A file that cannot be read is named before any connection (TLS would only say that its
    // context callback failed).
    options.ca_file = "/nonexistent/ca.pem";
    CHECK(error_of([&] { resolve_settings(options, env); }) ==
          std::pair<std::string, std::string>{
            "One of the parameters was invalid",
            "vmrun: cannot read the --ca-file /nonexistent/ca.pem: No such file or directory"});
  }
  SUBCASE("a malformed thumbprint")
  {
    options.thumbprint = "xyz";
    const auto [message, hint] = error_of([&] { resolve_settings(options, env); });
    CHECK(message == "One of the parameters was invalid");
    CHECK(hint.find("thumbprint") != std::string::npos);
  }
}

TEST_CASE("resolve_settings: --timeout and output switches")
{
  auto options = esx();
  options.timeout = "42";
  options.json = true;
  options.debug = true;
  options.no_progress = true;
  const auto settings = resolve_settings(options, env_of({}));
  CHECK(settings.timeout == std::chrono::seconds(42));
  CHECK(settings.format == OutputFormat::json);
  CHECK(settings.trace == Trace::on);
  CHECK(settings.progress == Progress::off);
  for (const char* bad : {"0", "-1", "abc", "1.5", "", "99999999999"}) {
    CAPTURE(bad);
    options.timeout = bad;
    CHECK(error_of([&] { resolve_settings(options, env_of({})); }).first ==
          "One of the parameters was invalid");
  }
}

TEST_CASE("resolve_settings: the known_hosts path comes from the environment")
{
  CHECK(resolve_settings(esx(), env_of({{"HOME", "/h"}})).tls.known_hosts_path ==
        "/h/.config/vmrun/known_hosts");
}

TEST_CASE("session_cache_dir: VMRUN_SESSION_CACHE off, 0, false or no turns the cache off")
{
  CHECK(session_cache_dir(env_of({{"HOME", "/h"}})) == "/h/.cache/vmrun/sessions");
  CHECK(session_cache_dir(env_of({{"XDG_CACHE_HOME", "/c"}, {"HOME", "/h"}})) ==
        "/c/vmrun/sessions");
  for (const char* off : {"off", "OFF", "0", "false", "False", "no", "NO"}) {
    CAPTURE(off);
    CHECK(session_cache_dir(env_of({{"HOME", "/h"}, {"VMRUN_SESSION_CACHE", off}})).empty());
  }
  for (const char* on : {"on", "1", "yes", ""}) {
    CAPTURE(on);
    CHECK_FALSE(session_cache_dir(env_of({{"HOME", "/h"}, {"VMRUN_SESSION_CACHE", on}})).empty());
  }
}
