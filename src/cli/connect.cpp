// SPDX-License-Identifier: Apache-2.0

#include "cli/connect.h"

#include "cli/errors.h"

#include <fmt/format.h>

#include <ostream>

#ifndef VMRUN_VERSION
#define VMRUN_VERSION "0.0.0"
#endif

namespace vmrun::cli {

std::string first_use_notice(const std::string& host_port, const std::string& thumbprint,
                             const std::string& known_hosts_path)
{
  return fmt::format("vmrun: trusting {} on first use (SHA256 {}); recorded in {}\n", host_port,
                     thumbprint, known_hosts_path);
}

transport::HttpOptions http_options(const Settings& settings, std::ostream& err,
                                    StderrTty stderr_tty)
{
  transport::HttpOptions http = core::connect_http_options(settings.timeout, settings.tls,
                                                           "vmrun/" VMRUN_VERSION);
  if (stderr_tty == StderrTty::yes) {
    http.tls.on_first_use = [&err,
                             path = settings.tls.known_hosts_path](const std::string& host_port,
                                                                   const std::string& thumbprint) {
      err << first_use_notice(host_port, thumbprint, path) << std::flush;
    };
  }
  if (settings.trace == Trace::on) {
    http.trace = [&err](std::string_view text) {
      err << text;
      if (!text.empty() && text.back() != '\n') {
        err << '\n';
      }
      err << std::flush;
    };
  }
  return http;
}

core::ConnectOptions connect_options(const Settings& settings, const Prompter& prompter,
                                     std::ostream& err, StderrTty stderr_tty)
{
  if (!settings.endpoint) {
    throw host_required();
  }
  core::ConnectOptions options;
  options.endpoint = *settings.endpoint;
  options.user = given_or_prompted(settings.user, "Host user: ", Echo::off, prompter, [] {
    return user_required("vmrun: no terminal to ask on; give -u or VMRUN_USER");
  });
  // Asked only when the session logs in: a cached session needs no password. One that is given
  // is verified whatever the cache holds.
  options.password_given = settings.password.has_value();
  options.password = [password = settings.password, prompter] {
    return given_or_prompted(password, "Host password: ", Echo::off, prompter, [] {
      return password_required("vmrun: no terminal to ask on; give -p or VMRUN_PASSWORD");
    });
  };
  options.http = http_options(settings, err, stderr_tty);
  if (!settings.session_cache_dir.empty()) {
    // Where no one watches stderr, a home without room for a cache is normal (CI runners).
    options.cache.emplace(
      settings.session_cache_dir, [&err](const std::string& warning) { err << warning << '\n'; },
      stderr_tty == StderrTty::no);
  }
  return options;
}

GuestCredentials guest_credentials(const Settings& settings, const Prompter& prompter)
{
  GuestCredentials credentials;
  credentials.user =
    given_or_prompted(settings.guest_user, "Guest user: ", Echo::off, prompter, [] {
      return user_required("vmrun: no terminal to ask on; give -gu or VMRUN_GUEST_USER");
    });
  credentials.password =
    given_or_prompted(settings.guest_password, "Guest password: ", Echo::off, prompter, [] {
      return password_required("vmrun: no terminal to ask on; give -gp or VMRUN_GUEST_PASSWORD");
    });
  return credentials;
}

} // namespace vmrun::cli
