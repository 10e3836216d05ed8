// SPDX-License-Identifier: Apache-2.0

// GUEST OS COMMANDS, files: the exists checks, file and directory management, listings and
// transfers (docs/behaviour.md#guest-files, docs/behaviour.md#guest-transfers).
#include "cli/handlers.h"

#include "cli/display.h"
#include "cli/guest_target.h"
#include "cli/progress_bar.h"
#include "cli/text.h"
#include "core/guest/files.h"
#include "core/guest/transfer.h"

#include <fmt/format.h>

#include <filesystem>
#include <ostream>

namespace vmrun::cli {

namespace {

// A negative answer is not an error, but exit 1 (docs/behaviour.md#exit-status).
int answer_exists(Invocation& invocation, core::GuestEntryKind kind, std::string_view noun)
{
  const core::GuestTarget target = guest_target(invocation);
  const bool exists = core::guest_path_exists(invocation.session(), target, invocation.params[1],
                                              kind);
  invocation.out << "The " << noun << (exists ? " exists." : " does not exist.") << '\n';
  return exists ? 0 : 1;
}

std::string progress_label(const std::string& path)
{
  const std::string name = core::split_guest_path(path).name;
  return name.empty() ? path : name;
}

} // namespace

int handle_file_exists_in_guest(Invocation& invocation)
{
  return answer_exists(invocation, core::GuestEntryKind::file, "file");
}

int handle_directory_exists_in_guest(Invocation& invocation)
{
  return answer_exists(invocation, core::GuestEntryKind::directory, "directory");
}

int handle_delete_file_in_guest(Invocation& invocation)
{
  const core::GuestTarget target = guest_target(invocation);
  core::delete_file_in_guest(invocation.session(), target, invocation.params[1]);
  return 0;
}

int handle_create_directory_in_guest(Invocation& invocation)
{
  const core::GuestTarget target = guest_target(invocation);
  core::create_directory_in_guest(invocation.session(), target, invocation.params[1]);
  return 0;
}

int handle_delete_directory_in_guest(Invocation& invocation)
{
  const core::GuestTarget target = guest_target(invocation);
  core::delete_directory_in_guest(invocation.session(), target, invocation.params[1]);
  return 0;
}

int handle_create_tempfile_in_guest(Invocation& invocation)
{
  const core::GuestTarget target = guest_target(invocation);
  invocation.out << one_line(core::create_temp_file_in_guest(invocation.session(), target)) << '\n';
  return 0;
}

int handle_list_directory_in_guest(Invocation& invocation)
{
  const core::GuestTarget target = guest_target(invocation);
  const auto entries = core::list_directory_in_guest(invocation.session(), target,
                                                     invocation.params[1]);
  if (invocation.format == OutputFormat::json) {
    std::string list;
    for (const auto& e : entries) {
      list += fmt::format(R"({}{{"name": {}, "type": {}, "size": {}}})", list.empty() ? "" : ", ",
                          json_string(e.name), json_string(e.type), e.size);
    }
    invocation.out << fmt::format(R"({{"count": {}, "entries": [{}]}})", entries.size(), list)
                   << '\n';
    return 0;
  }
  invocation.out << "Directory list: " << entries.size() << '\n';
  for (const auto& e : entries) {
    invocation.out << one_line(e.name) << '\n';
  }
  return 0;
}

int handle_copy_file_from_host_to_guest(Invocation& invocation)
{
  // The host file first: a typo costs no connection.
  core::HostFileReader source(invocation.params[1]);
  const core::GuestTarget target = guest_target(invocation);
  ProgressBar bar(invocation.err, invocation.progress, progress_label(invocation.params[1]));
  core::copy_file_to_guest(invocation.session(), target, source, invocation.params[2],
                           bar.callback());
  return 0;
}

int handle_copy_file_from_guest_to_host(Invocation& invocation)
{
  const core::GuestTarget target = guest_target(invocation);
  ProgressBar bar(invocation.err, invocation.progress, progress_label(invocation.params[1]));
  core::copy_file_from_guest(invocation.session(), target, invocation.params[1],
                             std::filesystem::path(invocation.params[2]), bar.callback());
  return 0;
}

int handle_rename_file_in_guest(Invocation& invocation)
{
  const core::GuestTarget target = guest_target(invocation);
  core::rename_file_in_guest(invocation.session(), target, invocation.params[1],
                             invocation.params[2]);
  return 0;
}

} // namespace vmrun::cli
