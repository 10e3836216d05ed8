// SPDX-License-Identifier: Apache-2.0

// GUEST OS COMMANDS, programs: runProgramInGuest, runScriptInGuest, listProcessesInGuest,
// killProcessInGuest, readVariable guestEnv (docs/behaviour.md#guest-programs,
// docs/behaviour.md#guest-scripts, docs/behaviour.md#variables).
#include "cli/handlers.h"

#include "cli/display.h"
#include "cli/errors.h"
#include "cli/guest_target.h"
#include "cli/help.h"
#include "cli/text.h"
#include "core/guest/processes.h"
#include "util/text.h"

#include <fmt/format.h>

#include <charconv>
#include <ostream>

namespace vmrun::cli {

namespace {

// The options between the vmx path and the program (or interpreter), in any order and case;
// returns the index of the first other token.
std::size_t parse_run_options(const Invocation& invocation, core::RunOptions& options,
                              bool& interactive)
{
  std::size_t i = 1;
  for (; i < invocation.params.size(); ++i) {
    const std::string& token = invocation.params[i];
    if (util::iequals(token, "-noWait")) {
      options.no_wait = true;
    } else if (util::iequals(token, "-activeWindow")) {
      options.active_window = true;
    } else if (util::iequals(token, "-interactive")) {
      interactive = true;
    } else if (util::iequals(token, "-captureOutput")) {
      options.capture_output = true;
    } else {
      break;
    }
  }
  if (options.no_wait && options.capture_output) {
    throw invalid_parameters("vmrun: -captureOutput needs the program's end: it cannot be "
                             "combined with -noWait");
  }
  return i;
}

core::OutputSinks output_sinks(Invocation& invocation)
{
  return {[&out = invocation.out](std::string_view chunk) {
            out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
          },
          [&err = invocation.err](std::string_view chunk) {
            err.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
          }};
}

// The exit status for a finished guest program (docs/behaviour.md#exit-status).
int report_exit(Invocation& invocation, const std::optional<std::int64_t>& code,
                const core::RunOptions& options)
{
  if (!code || *code == 0) {
    return 0;
  }
  if (options.capture_output) {
    // The captured output is the program's own: no line of ours is mixed into it.
    invocation.out.flush();
    invocation.err.flush();
  } else {
    invocation.out << "Guest program exited with non-zero exit code: " << *code << '\n';
  }
  return core::exit_status_for(*code);
}

std::string process_json(const core::GuestProcess& p, std::string_view cmd)
{
  return fmt::format(R"({{"pid": {}, "owner": {}, "name": {}, "cmd": {}}})", p.pid,
                     json_string(p.owner), json_string(p.name), json_string(cmd));
}

} // namespace

int handle_run_program_in_guest(Invocation& invocation)
{
  core::RunOptions options;
  bool interactive = false;
  const std::size_t first = parse_run_options(invocation, options, interactive);
  if (first >= invocation.params.size()) {
    throw usage_error(invocation.verb);
  }
  const std::string& program = invocation.params[first];
  const std::vector<std::string> arguments(invocation.params.begin() + first + 1,
                                           invocation.params.end());
  const core::GuestTarget target = guest_target(invocation, interactive);
  const auto code = core::run_program_in_guest(invocation.session(), target, program, arguments,
                                               options, output_sinks(invocation));
  return report_exit(invocation, code, options);
}

int handle_run_script_in_guest(Invocation& invocation)
{
  core::RunOptions options;
  bool interactive = false;
  const std::size_t first = parse_run_options(invocation, options, interactive);
  if (invocation.params.size() - first != 2) {
    throw usage_error(invocation.verb);
  }
  const core::GuestTarget target = guest_target(invocation, interactive);
  const auto code = core::run_script_in_guest(invocation.session(), target,
                                              invocation.params[first],
                                              invocation.params[first + 1], options,
                                              output_sinks(invocation));
  return report_exit(invocation, code, options);
}

int handle_list_processes_in_guest(Invocation& invocation)
{
  const core::GuestTarget target = guest_target(invocation);
  const auto processes = core::list_processes_in_guest(invocation.session(), target);
  if (invocation.format == OutputFormat::json) {
    std::string list;
    for (const auto& p : processes) {
      list += (list.empty() ? "" : ", ") +
              process_json(p, p.cmd_line.empty() ? p.name : p.cmd_line);
    }
    invocation.out << fmt::format(R"({{"count": {}, "processes": [{}]}})", processes.size(), list)
                   << '\n';
    return 0;
  }
  invocation.out << "Process list: " << processes.size() << '\n';
  for (const auto& p : processes) {
    invocation.out << "pid=" << p.pid << ", owner=" << one_line(p.owner)
                   << ", cmd=" << one_line(p.cmd_line.empty() ? p.name : p.cmd_line) << '\n';
  }
  return 0;
}

int handle_kill_process_in_guest(Invocation& invocation)
{
  const std::string& text = invocation.params[1];
  std::int64_t pid = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || pid < 0) {
    throw invalid_parameters("vmrun: the process id must be a number, as listProcessesInGuest "
                             "prints it after pid=");
  }
  const core::GuestTarget target = guest_target(invocation);
  core::kill_process_in_guest(invocation.session(), target, pid);
  return 0;
}

int handle_read_guest_env(Invocation& invocation)
{
  const std::string& name = invocation.params[2];
  const core::GuestTarget target = guest_target(invocation);
  const std::string value = core::read_guest_environment(invocation.session(), target, name);
  if (invocation.format == OutputFormat::json) {
    invocation.out << fmt::format(R"({{"type": "guestEnv", "name": {}, "value": {}}})",
                                  json_string(name), json_string(value))
                   << '\n';
    return 0;
  }
  invocation.out << one_line(value) << '\n';
  return 0;
}

} // namespace vmrun::cli
