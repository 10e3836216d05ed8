// SPDX-License-Identifier: Apache-2.0

// Files and directories in the guest, and copies between the client and the guest
// (docs/behaviour.md#libvix-guest).
#include "core/errors/error.h"
#include "core/errors/faults.h"
#include "core/guest/files.h"
#include "core/guest/transfer.h"
#include "vix/api.h"
#include "vix/guest.h"
#include "vix/vm.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

using namespace vmrun::vix;
namespace core = vmrun::core;
namespace fs = std::filesystem;

namespace {

// VIX_PROPERTY_JOB_RESULT_FILE_FLAGS of a listed entry.
int file_flags(const core::GuestFileEntry& entry)
{
  if (entry.type == "directory") {
    return VIX_FILE_ATTRIBUTES_DIRECTORY;
  }
  return entry.type == "symlink" ? VIX_FILE_ATTRIBUTES_SYMLINK : 0;
}

// The size, flags and time of an entry (a directory's size is 0).
void set_file_info(Record& record, const core::GuestFileEntry& entry)
{
  const int flags = file_flags(entry);
  record[VIX_PROPERTY_JOB_RESULT_FILE_SIZE] = (flags & VIX_FILE_ATTRIBUTES_DIRECTORY) != 0
                                                ? std::int64_t{0}
                                                : static_cast<std::int64_t>(entry.size);
  record[VIX_PROPERTY_JOB_RESULT_FILE_FLAGS] = flags;
  record[VIX_PROPERTY_JOB_RESULT_FILE_MOD_TIME] = entry.mod_time;
}

bool same_name(std::string_view a, std::string_view b, core::GuestFamily family)
{
  if (family != core::GuestFamily::windows) {
    return a == b;
  }
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// The parent directory's entry for `path` (listing the path itself would list a directory's
// contents); VIX_E_FILE_NOT_FOUND when it has none.
core::GuestFileEntry entry_of(core::GuestVm& guest, const std::string& path)
{
  const core::GuestPathParts parts = core::split_guest_path(path);
  if (parts.name.empty()) {
    static_cast<void>(core::list_files(guest, parts.parent, "^\\.$"));
    return {parts.parent, "directory", 0, 0}; // a root: it exists since it could be listed
  }
  const bool windows = guest.family == core::GuestFamily::windows;
  const std::string pattern = (windows ? "(?i)^" : "^") + core::regex_literal(parts.name) + "$";
  for (auto& entry : core::list_files(guest, parts.parent, pattern)) {
    if (same_name(core::split_guest_path(entry.name).name, parts.name, guest.family)) {
      return entry;
    }
  }
  throw VixFailure{VIX_E_FILE_NOT_FOUND, "no such file in the guest: " + path};
}

// A name inside a guest directory, with the separator the directory's path uses.
std::string guest_child(const std::string& directory, const std::string& name)
{
  const char separator = directory.find('\\') != std::string::npos ? '\\' : '/';
  if (!directory.empty() && (directory.back() == '/' || directory.back() == '\\')) {
    return directory + name;
  }
  return directory + separator + name;
}

// Copies a client file, or a directory merged into the guest's (doc: the first failing file
// ends the copy).
void copy_to_guest(core::Session& session, const core::GuestTarget& target,
                   const fs::path& host_path, const std::string& guest_path)
{
  if (!fs::is_directory(host_path)) {
    core::HostFileReader source(host_path);
    core::copy_file_to_guest(session, target, source, guest_path);
    return;
  }
  try {
    core::create_directory_in_guest(session, target, guest_path);
  } catch (const core::Error& error) {
    if (error.code() != core::vix::file_already_exists) {
      throw;
    }
  }
  for (const auto& item : fs::directory_iterator(host_path)) {
    copy_to_guest(session, target, item.path(),
                  guest_child(guest_path, item.path().filename().string()));
  }
}

// Copies a guest file, or a directory merged into the client's.
void copy_from_guest(core::Session& session, const core::GuestTarget& target,
                     const std::string& guest_path, const fs::path& host_path)
{
  if (!core::guest_path_exists(session, target, guest_path, core::GuestEntryKind::directory)) {
    core::copy_file_from_guest(session, target, guest_path, host_path);
    return;
  }
  fs::create_directories(host_path);
  for (const auto& entry : core::list_directory_in_guest(session, target, guest_path)) {
    const std::string name = core::split_guest_path(entry.name).name;
    copy_from_guest(session, target, guest_child(guest_path, name), host_path / name);
  }
}

// A guest job whose work is one core verb on one path.
template <typename Verb>
VixHandle path_job(VixHandle vm_handle, const char* path, VixEventProc* callback, void* client_data,
                   Verb verb)
{
  return guest_job(vm_handle, callback, client_data,
                   [path = copy_text(path), verb](JobRun& run, Vm&, core::Session& session,
                                                  const core::GuestTarget& target) {
                     verb(run, session, target, path);
                   });
}

// A guest job whose work acts on two paths (copies, renames).
template <typename Verb>
VixHandle copy_job(VixHandle vm_handle, const char* from, const char* to, VixEventProc* callback,
                   void* client_data, Verb verb)
{
  return guest_job(vm_handle, callback, client_data,
                   [from = copy_text(from), to = copy_text(to),
                    verb](JobRun&, Vm&, core::Session& session, const core::GuestTarget& target) {
                     verb(session, target, from, to);
                   });
}

VixHandle exists_job(VixHandle vm_handle, const char* guest_path, core::GuestEntryKind kind,
                     VixEventProc* callback, void* client_data)
{
  return path_job(vm_handle, guest_path, callback, client_data,
                  [kind](JobRun& run, core::Session& session, const core::GuestTarget& target,
                         const std::string& path) {
                    run.set(VIX_PROPERTY_JOB_RESULT_GUEST_OBJECT_EXISTS,
                            core::guest_path_exists(session, target, path, kind));
                  });
}

} // namespace

extern "C" {

VIX_EXPORT VixHandle VixVM_CopyFileFromHostToGuest(VixHandle vmHandle, const char* hostPathName,
                                                   const char* guestPathName, int /*options*/,
                                                   VixHandle /*propertyListHandle*/,
                                                   VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    return copy_job(vmHandle, hostPathName, guestPathName, callbackProc, clientData,
                    [](core::Session& session, const core::GuestTarget& target,
                       const std::string& from,
                       const std::string& to) { copy_to_guest(session, target, from, to); });
  });
}

VIX_EXPORT VixHandle VixVM_CopyFileFromGuestToHost(VixHandle vmHandle, const char* guestPathName,
                                                   const char* hostPathName, int /*options*/,
                                                   VixHandle /*propertyListHandle*/,
                                                   VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    return copy_job(vmHandle, guestPathName, hostPathName, callbackProc, clientData,
                    [](core::Session& session, const core::GuestTarget& target,
                       const std::string& from,
                       const std::string& to) { copy_from_guest(session, target, from, to); });
  });
}

VIX_EXPORT VixHandle VixVM_DeleteFileInGuest(VixHandle vmHandle, const char* guestPathName,
                                             VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    return path_job(vmHandle, guestPathName, callbackProc, clientData,
                    [](JobRun&, core::Session& session, const core::GuestTarget& target,
                       const std::string& path) {
                      core::delete_file_in_guest(session, target, path);
                    });
  });
}

VIX_EXPORT VixHandle VixVM_FileExistsInGuest(VixHandle vmHandle, const char* guestPathName,
                                             VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    return exists_job(vmHandle, guestPathName, core::GuestEntryKind::file, callbackProc,
                      clientData);
  });
}

VIX_EXPORT VixHandle VixVM_DirectoryExistsInGuest(VixHandle vmHandle, const char* pathName,
                                                  VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    return exists_job(vmHandle, pathName, core::GuestEntryKind::directory, callbackProc,
                      clientData);
  });
}

VIX_EXPORT VixHandle VixVM_RenameFileInGuest(VixHandle vmHandle, const char* oldName,
                                             const char* newName, int /*options*/,
                                             VixHandle /*propertyListHandle*/,
                                             VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    return copy_job(vmHandle, oldName, newName, callbackProc, clientData,
                    &core::rename_file_in_guest);
  });
}

VIX_EXPORT VixHandle VixVM_CreateTempFileInGuest(VixHandle vmHandle, int /*options*/,
                                                 VixHandle /*propertyListHandle*/,
                                                 VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    return guest_job(vmHandle, callbackProc, clientData,
                     [](JobRun& run, Vm&, core::Session& session, const core::GuestTarget& target) {
                       run.set(VIX_PROPERTY_JOB_RESULT_ITEM_NAME,
                               core::create_temp_file_in_guest(session, target));
                     });
  });
}

VIX_EXPORT VixHandle VixVM_GetFileInfoInGuest(VixHandle vmHandle, const char* pathName,
                                              VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    return guest_job(vmHandle, callbackProc, clientData,
                     [path = copy_text(pathName)](JobRun& run, Vm& vm, core::Session& session,
                                                  const core::GuestTarget& target) {
                       core::GuestVm guest = core::open_guest(session, target);
                       const auto entry = core::with_vm_errors(vm.vmx(), [&] {
                         return entry_of(guest, path);
                       });
                       Record record;
                       set_file_info(record, entry);
                       run.add_record(std::move(record));
                     });
  });
}

VIX_EXPORT VixHandle VixVM_ListDirectoryInGuest(VixHandle vmHandle, const char* pathName,
                                                int /*options*/, VixEventProc* callbackProc,
                                                void* clientData)
{
  return job_entry([&] {
    return path_job(
      vmHandle, pathName, callbackProc, clientData,
      [](JobRun& run, core::Session& session, const core::GuestTarget& target,
         const std::string& path) {
        for (const auto& entry : core::list_directory_in_guest(session, target, path)) {
          Record record;
          record[VIX_PROPERTY_JOB_RESULT_ITEM_NAME] = core::split_guest_path(entry.name).name;
          set_file_info(record, entry);
          run.add_record(std::move(record));
        }
      });
  });
}

VIX_EXPORT VixHandle VixVM_CreateDirectoryInGuest(VixHandle vmHandle, const char* pathName,
                                                  VixHandle /*propertyListHandle*/,
                                                  VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    return path_job(vmHandle, pathName, callbackProc, clientData,
                    [](JobRun&, core::Session& session, const core::GuestTarget& target,
                       const std::string& path) {
                      core::create_directory_in_guest(session, target, path);
                    });
  });
}

VIX_EXPORT VixHandle VixVM_DeleteDirectoryInGuest(VixHandle vmHandle, const char* pathName,
                                                  int /*options*/, VixEventProc* callbackProc,
                                                  void* clientData)
{
  return job_entry([&] {
    return path_job(vmHandle, pathName, callbackProc, clientData,
                    [](JobRun&, core::Session& session, const core::GuestTarget& target,
                       const std::string& path) {
                      core::delete_directory_in_guest(session, target, path);
                    });
  });
}

} // extern "C"
