// SPDX-License-Identifier: Apache-2.0

#include "core/guest/processes.h"

#include "core/errors/error.h"
#include "core/errors/faults.h"
#include "core/errors/vix_catalog.h"
#include "core/guest/files.h"
#include "core/guest/transfer.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <thread>

namespace vmrun::core {

using transport::SoapFault;
using transport::XmlWriter;
using Clock = std::chrono::steady_clock;

namespace {

// cmd.exe's usual place; StartProgramInGuest needs an absolute path.
constexpr const char* k_windows_shell = R"(C:\Windows\System32\cmd.exe)";
constexpr const char* k_posix_shell = "/bin/sh";
constexpr const char* k_temp_prefix = "vmrun-";

constexpr auto k_first_poll = std::chrono::milliseconds(50);
constexpr auto k_max_poll = std::chrono::milliseconds(1000);

bool needs_quotes(std::string_view token)
{
  return token.empty() || token.find_first_of(" \t\n\r\v\f'\"") != std::string_view::npos;
}

std::string posix_quote(std::string_view token)
{
  std::string out = "'";
  for (const char c : token) {
    if (c == '\'') {
      out += R"('\'')";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// The quoting CommandLineToArgvW and the MSVC runtime undo: backslashes are literal except
// before a quote, where they are doubled; quotes are escaped with a backslash.
std::string windows_quote(std::string_view token)
{
  std::string out = "\"";
  std::size_t backslashes = 0;
  for (const char c : token) {
    if (c == '\\') {
      ++backslashes;
      continue;
    }
    if (c == '"') {
      out.append(backslashes * 2 + 1, '\\');
    } else {
      out.append(backslashes, '\\');
    }
    backslashes = 0;
    out += c;
  }
  out.append(backslashes * 2, '\\');
  return out + "\"";
}

std::int64_t to_i64(const std::string& text)
{
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

Error timed_out(std::chrono::seconds timeout)
{
  return Error(vix::fail, fmt::format("The operation timed out after {} seconds", timeout.count()));
}

// Our temp files in the guest, removed however the verb ends.
class GuestTempFiles
{
public:
  explicit GuestTempFiles(GuestVm& guest) : m_guest(guest) {}
  ~GuestTempFiles()
  {
    for (const auto& path : m_paths) {
      delete_file_quietly(m_guest, path);
    }
  }
  GuestTempFiles(const GuestTempFiles&) = delete;
  GuestTempFiles& operator=(const GuestTempFiles&) = delete;

  const std::string& create(std::string_view suffix)
  {
    m_paths.push_back(create_temp_file(m_guest, k_temp_prefix, suffix));
    return m_paths.back();
  }
  // The guest removes this one itself.
  void forget(const std::string& path) { std::erase(m_paths, path); }

private:
  GuestVm& m_guest;
  std::vector<std::string> m_paths;
};

// Runs `command` through the guest shell with its output in temp files, waits, copies the
// output to the sinks. Returns the exit code.
std::int64_t run_captured(GuestVm& guest, GuestTempFiles& temps, const std::string& command,
                          const RunOptions& options, const OutputSinks& sinks)
{
  const std::string out_path = temps.create(".out");
  const std::string err_path = temps.create(".err");
  const auto [program, arguments] = redirected_command(command, out_path, err_path, guest.family);
  const std::int64_t pid = start_program(guest, program, arguments, options.active_window);
  const std::int64_t code = wait_for_exit(guest, pid);
  const auto ignore = [](std::string_view) {};
  download_from_guest(guest, out_path, sinks.out ? sinks.out : ignore);
  download_from_guest(guest, err_path, sinks.err ? sinks.err : ignore);
  return code;
}

} // namespace

std::string quote_guest_argument(std::string_view token, GuestFamily family)
{
  if (!needs_quotes(token)) {
    return std::string(token);
  }
  return family == GuestFamily::windows ? windows_quote(token) : posix_quote(token);
}

std::string join_guest_arguments(const std::vector<std::string>& tokens, GuestFamily family)
{
  std::string out;
  for (const auto& token : tokens) {
    if (!out.empty()) {
      out += ' ';
    }
    out += quote_guest_argument(token, family);
  }
  return out;
}

std::string script_extension(std::string_view interpreter)
{
  const std::size_t slash = interpreter.find_last_of("/\\");
  std::string name = util::to_lower(
    slash == std::string_view::npos ? interpreter : interpreter.substr(slash + 1));
  if (name.ends_with(".exe")) {
    name.resize(name.size() - 4);
  }
  if (name.empty() || name == "cmd") {
    return ".bat";
  }
  if (name == "cscript" || name == "wscript") {
    return ".vbs";
  }
  if (name == "powershell" || name == "pwsh") {
    return ".ps1";
  }
  if (name.starts_with("python")) {
    return ".py";
  }
  if (name == "perl") {
    return ".pl";
  }
  if (name == "bash" || name == "sh") {
    return ".sh";
  }
  return "";
}

int exit_status_for(std::int64_t guest_exit_code)
{
  if (guest_exit_code == 0) {
    return 0;
  }
  const auto status = static_cast<int>(((guest_exit_code % 256) + 256) % 256);
  return status == 0 ? 1 : status;
}

std::chrono::milliseconds poll_delay(int attempt)
{
  auto delay = k_first_poll;
  for (int i = 0; i < attempt && delay < k_max_poll; ++i) {
    delay *= 2;
  }
  return std::min(delay, k_max_poll);
}

std::pair<std::string, std::string> redirected_command(std::string_view command,
                                                       const std::string& out_path,
                                                       const std::string& err_path,
                                                       GuestFamily family)
{
  if (family == GuestFamily::windows) {
    // /s: cmd.exe strips exactly the outer quotes and keeps the rest as written.
    return {k_windows_shell, fmt::format(R"(/s /c "{} 1>{} 2>{}")", command,
                                         windows_quote(out_path), windows_quote(err_path))};
  }
  // eval redirects the whole command line, whatever it holds (";", "&&", a comment), and keeps
  // it on one line (listProcessesInGuest shows it).
  const std::string script = fmt::format("eval {} >{} 2>{}", posix_quote(command),
                                         posix_quote(out_path), posix_quote(err_path));
  return {k_posix_shell, "-c " + posix_quote(script)};
}

std::vector<GuestProcess> list_processes(GuestVm& guest, const std::vector<std::int64_t>& pids)
{
  XmlWriter w = guest_request(guest, "ListProcessesInGuest", guest.managers.process);
  for (const auto pid : pids) {
    w.integer("pids", pid);
  }
  const auto reply = guest.session->call(w);
  std::vector<GuestProcess> result;
  for (const XmlNode& node : reply.returnvals()) {
    GuestProcess p;
    p.pid = to_i64(node.child_text("pid"));
    p.name = node.child_text("name");
    p.owner = node.child_text("owner");
    p.cmd_line = node.child_text("cmdLine");
    p.ended = static_cast<bool>(node.child("endTime"));
    p.exit_code = to_i64(node.child_text("exitCode"));
    p.start_time = epoch_seconds(node.child_text("startTime"));
    result.push_back(std::move(p));
  }
  return result;
}

std::int64_t start_program(GuestVm& guest, const std::string& program_path,
                           const std::string& arguments, bool active_window)
{
  XmlWriter w = guest_request(guest, "StartProgramInGuest", guest.managers.process);
  const bool windows = guest.family == GuestFamily::windows;
  w.open("spec", windows ? "GuestWindowsProgramSpec" : "GuestProgramSpec")
    .text("programPath", program_path)
    .text("arguments", arguments);
  if (windows) {
    // vmrun starts Windows programs minimized unless -activeWindow.
    w.boolean("startMinimized", !active_window);
  }
  w.close();
  return to_i64(guest.session->call(w).returnval().text());
}

std::int64_t wait_for_exit(GuestVm& guest, std::int64_t pid)
{
  const auto deadline = Clock::now() + guest.timeout;
  for (int attempt = 0;; ++attempt) {
    const auto left = deadline - Clock::now();
    if (left <= Clock::duration::zero()) {
      throw timed_out(guest.timeout);
    }
    std::this_thread::sleep_for(std::min<Clock::duration>(poll_delay(attempt), left));
    std::vector<GuestProcess> found;
    try {
      found = list_processes(guest, {pid});
    } catch (const SoapFault& fault) {
      if (fault.type() == "GuestOperationsUnavailable") {
        continue; // Tools restarting inside the guest: keep polling until the deadline
      }
      throw;
    }
    const auto it = std::find_if(found.begin(), found.end(),
                                 [&](const GuestProcess& p) { return p.pid == pid; });
    if (it == found.end()) {
      throw Error(vix::no_such_process, vix_text(vix::no_such_process)); // its record is gone
    }
    if (it->ended) {
      return it->exit_code;
    }
  }
}

std::optional<std::int64_t> run_program_in_guest(Session& session, const GuestTarget& target,
                                                 const std::string& program,
                                                 const std::vector<std::string>& arguments,
                                                 const RunOptions& options,
                                                 const OutputSinks& sinks)
{
  GuestVm guest = open_guest(session, target);
  return with_vm_errors(target.vmx, [&]() -> std::optional<std::int64_t> {
    if (options.capture_output) {
      GuestTempFiles temps(guest);
      std::string command = quote_guest_argument(program, guest.family);
      if (!arguments.empty()) {
        command += ' ' + join_guest_arguments(arguments, guest.family);
      }
      return run_captured(guest, temps, command, options, sinks);
    }
    const std::int64_t pid = start_program(guest, program,
                                           join_guest_arguments(arguments, guest.family),
                                           options.active_window);
    if (options.no_wait) {
      return std::nullopt;
    }
    return wait_for_exit(guest, pid);
  });
}

std::optional<std::int64_t> run_script_in_guest(Session& session, const GuestTarget& target,
                                                const std::string& interpreter,
                                                const std::string& script,
                                                const RunOptions& options, const OutputSinks& sinks,
                                                std::int64_t* started)
{
  GuestVm guest = open_guest(session, target);
  return with_vm_errors(target.vmx, [&]() -> std::optional<std::int64_t> {
    const bool windows = guest.family == GuestFamily::windows;
    GuestTempFiles temps(guest);
    const std::string script_path = temps.create(script_extension(interpreter));
    upload_to_guest(guest, script_path, transport::memory_body(script), 0700);

    const std::string quoted_path = quote_guest_argument(script_path, guest.family);
    // What runs the file: the interpreter, or with none cmd.exe (Windows) or the file itself.
    std::string program = interpreter;
    std::string arguments = quoted_path;
    if (interpreter.empty()) {
      program = windows ? k_windows_shell : script_path;
      arguments = windows ? "/c " + quoted_path : "";
    }
    const std::string command = interpreter.empty()
                                  ? quoted_path
                                  : quote_guest_argument(interpreter, guest.family) + ' ' +
                                      quoted_path;

    if (options.capture_output) {
      return run_captured(guest, temps, command, options, sinks);
    }
    if (options.no_wait) {
      // We return before the script ends, so the guest shell removes the file afterwards.
      const std::string cleanup = windows ? fmt::format(R"(/s /c "{} & del /f /q {}")", command,
                                                        quoted_path)
                                          : "-c " + posix_quote(command + "; rm -f " +
                                                                posix_quote(script_path));
      const std::int64_t pid = start_program(guest, windows ? k_windows_shell : k_posix_shell,
                                             cleanup, options.active_window);
      if (started != nullptr) {
        *started = pid;
      }
      temps.forget(script_path);
      return std::nullopt;
    }
    const std::int64_t pid = start_program(guest, program, arguments, options.active_window);
    if (started != nullptr) {
      *started = pid;
    }
    return wait_for_exit(guest, pid);
  });
}

std::vector<GuestProcess> list_processes_in_guest(Session& session, const GuestTarget& target)
{
  GuestVm guest = open_guest(session, target);
  return with_vm_errors(target.vmx, [&] {
    // The server also reports programs it started that ended in the last minutes.
    auto processes = list_processes(guest, {});
    std::erase_if(processes, [](const GuestProcess& p) { return p.ended; });
    return processes;
  });
}

void kill_process_in_guest(Session& session, const GuestTarget& target, std::int64_t pid)
{
  GuestVm guest = open_guest(session, target);
  with_vm_errors(target.vmx, [&] {
    XmlWriter w = guest_request(guest, "TerminateProcessInGuest", guest.managers.process);
    w.integer("pid", pid);
    guest.session->call(w);
  });
}

std::string read_guest_environment(Session& session, const GuestTarget& target,
                                   const std::string& name)
{
  GuestVm guest = open_guest(session, target);
  return with_vm_errors(target.vmx, [&] {
    XmlWriter w = guest_request(guest, "ReadEnvironmentVariableInGuest", guest.managers.process);
    w.text("names", name);
    const auto reply = guest.session->call(w);
    for (const XmlNode& node : reply.returnvals()) {
      const std::string entry = node.text();
      const std::size_t eq = entry.find('=');
      if (eq == std::string::npos) {
        continue;
      }
      const std::string_view key = std::string_view(entry).substr(0, eq);
      // Windows variable names ignore case.
      if (guest.family == GuestFamily::windows ? util::iequals(key, name) : key == name) {
        return entry.substr(eq + 1);
      }
    }
    return std::string();
  });
}

} // namespace vmrun::core
