// SPDX-License-Identifier: Apache-2.0

#include "cli/connect.h"

#include "core/errors/error.h"

#include <doctest/doctest.h>

#include <sstream>
#include <vector>

using namespace vmrun::cli;

namespace {

Settings esx_settings()
{
  Settings settings;
  settings.endpoint = vmrun::transport::Endpoint{"esx", 443};
  settings.tls.known_hosts_path = "/h/.config/vmrun/known_hosts";
  return settings;
}

// Records the questions and answers from a script; nullopt = no terminal.
struct Script {
  std::vector<std::pair<std::string, Echo>> asked;
  std::optional<std::string> answer;
  Prompter prompter()
  {
    return [this](std::string_view question, Echo echo) {
      asked.emplace_back(std::string(question), echo);
      return answer;
    };
  }
};

template <typename F>
std::string error_of(F f)
{
  try {
    f();
  } catch (const vmrun::core::Error& error) {
    return error.what();
  }
  return "<no error>";
}

} // namespace

TEST_CASE("timeouts follow --timeout (docs/behaviour.md)")
{
  using std::chrono::seconds;
  CHECK(connect_timeout_seconds(seconds(300)) == 30);
  CHECK(connect_timeout_seconds(seconds(10)) == 10);
}

TEST_CASE("http_options")
{
  std::ostringstream err;
  auto settings = esx_settings();
  settings.timeout = std::chrono::seconds(60);
  settings.tls.mode = vmrun::transport::TlsMode::strict;
  settings.tls.pin = "AA";
  SUBCASE("no trace, no notice when stderr is not a terminal")
  {
    const auto http = http_options(settings, err, StderrTty::no);
    CHECK(http.connect_timeout_s == 30);
    CHECK(http.timeout_s == 60);
    CHECK(http.user_agent.starts_with("vmrun/"));
    CHECK(http.tls.mode == vmrun::transport::TlsMode::strict);
    CHECK(http.tls.pin == "AA");
    CHECK_FALSE(http.trace);
    CHECK_FALSE(http.tls.on_first_use);
  }
  SUBCASE("--debug traces to stderr; the TOFU notice on a terminal")
  {
    settings.trace = Trace::on;
    const auto http = http_options(settings, err, StderrTty::yes);
    REQUIRE(http.trace);
    http.trace("POST /sdk");
    REQUIRE(http.tls.on_first_use);
    http.tls.on_first_use("esx:443", "AB:CD");
    CHECK(err.str() ==
          "POST /sdk\nvmrun: trusting esx:443 on first use (SHA256 AB:CD); recorded in "
          "/h/.config/vmrun/known_hosts\n");
  }
}

TEST_CASE("connect_options: credentials, then prompt, then error")
{
  std::ostringstream err;
  Script script;
  SUBCASE("given: no prompt")
  {
    auto settings = esx_settings();
    settings.user = "root";
    settings.password = "";
    const auto options = connect_options(settings, script.prompter(), err, StderrTty::no);
    CHECK(options.endpoint.host == "esx");
    CHECK(options.user == "root");
    CHECK(options.password() == "");
    CHECK(script.asked.empty());
  }
  SUBCASE("prompted: both hidden, the password only when a login needs it")
  {
    script.answer = "typed";
    const auto options = connect_options(esx_settings(), script.prompter(), err, StderrTty::no);
    CHECK(options.user == "typed");
    CHECK(script.asked.size() == 1);
    CHECK(options.password() == "typed");
    REQUIRE(script.asked.size() == 2);
    CHECK(script.asked[0] == std::pair<std::string, Echo>{"Host user: ", Echo::off});
    CHECK(script.asked[1] == std::pair<std::string, Echo>{"Host password: ", Echo::off});
  }
  SUBCASE("no terminal")
  {
    CHECK(error_of([&] {
            connect_options(esx_settings(), script.prompter(), err, StderrTty::no);
          }) == "A user name is required for this operation");
    auto settings = esx_settings();
    settings.user = "root";
    const auto options = connect_options(settings, script.prompter(), err, StderrTty::no);
    CHECK(error_of([&] { options.password(); }) == "A password is required for this operation");
  }
  SUBCASE("no host")
  {
    Settings settings;
    settings.user = "root";
    settings.password = "pw";
    CHECK(error_of([&] { connect_options(settings, script.prompter(), err, StderrTty::no); }) ==
          "A host name is required for this operation");
  }
}

TEST_CASE("guest_credentials")
{
  Script script;
  auto settings = esx_settings();
  SUBCASE("given")
  {
    settings.guest_user = "gu";
    settings.guest_password = "gp";
    const auto credentials = guest_credentials(settings, script.prompter());
    CHECK(credentials.user == "gu");
    CHECK(credentials.password == "gp");
    CHECK(script.asked.empty());
  }
  SUBCASE("prompted")
  {
    script.answer = "x";
    guest_credentials(settings, script.prompter());
    REQUIRE(script.asked.size() == 2);
    CHECK(script.asked[0].first == "Guest user: ");
    CHECK(script.asked[1].first == "Guest password: ");
  }
  SUBCASE("no terminal")
  {
    settings.guest_user = "gu";
    CHECK(error_of([&] { guest_credentials(settings, script.prompter()); }) ==
          "A password is required for this operation");
  }
}
