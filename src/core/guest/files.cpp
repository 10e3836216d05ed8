// SPDX-License-Identifier: Apache-2.0

#include "core/guest/files.h"

#include "core/errors/faults.h"
#include "util/text.h"

#include <charconv>

namespace vmrun::core {

using transport::SoapFault;
using transport::XmlWriter;

namespace {

bool is_separator(char c)
{
  return c == '/' || c == '\\';
}

// "C:" (a drive without its root separator).
bool is_drive(std::string_view text)
{
  return text.size() == 2 && text[1] == ':';
}

// Guest names compare exactly, except on Windows, whose file systems ignore case.
bool same_name(std::string_view a, std::string_view b, GuestFamily family)
{
  return family == GuestFamily::posix ? a == b : util::iequals(a, b);
}

std::uint64_t to_size(const std::string& text)
{
  std::uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

GuestFileEntry read_entry(const XmlNode& node)
{
  return {node.child_text("path"), node.child_text("type"), to_size(node.child_text("size")),
          epoch_seconds(node.child("attributes").child_text("modificationTime"))};
}

// One ListFilesInGuest page.
struct FilePage {
  std::vector<GuestFileEntry> files;
  long remaining = 0;
};

FilePage list_page(GuestVm& guest, const std::string& path, long index, long max_results,
                   const std::string& match_pattern)
{
  XmlWriter w = guest_request(guest, "ListFilesInGuest", guest.managers.file);
  w.text("filePath", path);
  if (index > 0) {
    w.integer("index", index);
  }
  if (max_results > 0) {
    w.integer("maxResults", max_results);
  }
  if (!match_pattern.empty()) {
    w.text("matchPattern", match_pattern);
  }
  const auto reply = guest.session->call(w);
  FilePage page;
  const XmlNode info = reply.returnval();
  for (const XmlNode& file : info.children("files")) {
    page.files.push_back(read_entry(file));
  }
  const std::string remaining = info.child_text("remaining");
  std::from_chars(remaining.data(), remaining.data() + remaining.size(), page.remaining);
  return page;
}

// "Does not exist" answers: the path or one of its parents is missing.
bool means_missing(const SoapFault& fault)
{
  return fault.type() == "FileNotFound" || fault.type() == "NotADirectory" ||
         fault.type() == "NotFound";
}

template <typename Action>
void on_guest(Session& session, const GuestTarget& target, Action action)
{
  GuestVm guest = open_guest(session, target);
  with_vm_errors(target.vmx, [&] { action(guest); });
}

} // namespace

GuestPathParts split_guest_path(std::string_view path)
{
  std::string_view s = path;
  while (s.size() > 1 && is_separator(s.back()) && !(s.size() == 3 && s[1] == ':')) {
    s.remove_suffix(1);
  }
  std::size_t sep = std::string_view::npos;
  for (std::size_t i = s.size(); i-- > 0;) {
    if (is_separator(s[i])) {
      sep = i;
      break;
    }
  }
  if (sep == std::string_view::npos) {
    return is_drive(s) ? GuestPathParts{std::string(s), ""} : GuestPathParts{".", std::string(s)};
  }
  std::string name(s.substr(sep + 1));
  if (name.empty()) {
    return {std::string(s), ""}; // the root itself: "/", "\", "C:\"
  }
  std::string parent(s.substr(0, sep));
  if (parent.empty() || is_drive(parent)) {
    parent += s[sep]; // keep the root separator: "/", "C:\"
  }
  return {parent, name};
}

std::string regex_literal(std::string_view text)
{
  std::string out;
  for (const char c : text) {
    if (std::string_view(R"(\.+*?()|[]{}^$)").find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

bool is_dot_entry(std::string_view name)
{
  return name == "." || name == "..";
}

std::vector<GuestFileEntry> list_files(GuestVm& guest, const std::string& path,
                                       const std::string& match_pattern)
{
  std::vector<GuestFileEntry> all;
  for (long index = 0;;) {
    FilePage page = list_page(guest, path, index, 0, match_pattern);
    index += static_cast<long>(page.files.size());
    for (auto& file : page.files) {
      all.push_back(std::move(file));
    }
    if (page.remaining <= 0 || page.files.empty()) {
      return all;
    }
  }
}

std::string create_temp_file(GuestVm& guest, std::string_view prefix, std::string_view suffix)
{
  XmlWriter w = guest_request(guest, "CreateTemporaryFileInGuest", guest.managers.file);
  w.text("prefix", prefix).text("suffix", suffix);
  return guest.session->call(w).returnval().text();
}

void delete_file(GuestVm& guest, const std::string& path)
{
  XmlWriter w = guest_request(guest, "DeleteFileInGuest", guest.managers.file);
  w.text("filePath", path);
  guest.session->call(w);
}

void delete_file_quietly(GuestVm& guest, const std::string& path) noexcept
{
  try {
    const auto grace = guest.session->cleanup();
    delete_file(guest, path);
  } catch (...) {
    // Cleanup of our own temp file: the verb's own result matters more.
  }
}

bool guest_path_exists(Session& session, const GuestTarget& target, const std::string& path,
                       GuestEntryKind kind)
{
  bool exists = false;
  on_guest(session, target, [&](GuestVm& guest) {
    const GuestPathParts parts = split_guest_path(path);
    try {
      if (parts.name.empty()) {
        // A root directory: it exists if it can be listed.
        list_page(guest, parts.parent, 0, 1, {});
        exists = kind == GuestEntryKind::directory;
        return;
      }
      const std::string pattern = (guest.family == GuestFamily::windows ? "(?i)^" : "^") +
                                  regex_literal(parts.name) + "$";
      // The parent's listing says what the entry is; listing the path itself cannot tell a
      // file from a directory holding one entry of the same name.
      for (const auto& entry : list_files(guest, parts.parent, pattern)) {
        if (same_name(split_guest_path(entry.name).name, parts.name, guest.family)) {
          const bool is_directory = entry.type == "directory";
          exists = (kind == GuestEntryKind::directory) == is_directory;
          return;
        }
      }
    } catch (const SoapFault& fault) {
      // Not an error but the answer "does not exist"; other faults go on to with_vm_errors.
      if (!means_missing(fault)) {
        throw;
      }
    }
  });
  return exists;
}

void create_directory_in_guest(Session& session, const GuestTarget& target, const std::string& path)
{
  on_guest(session, target, [&](GuestVm& guest) {
    XmlWriter w = guest_request(guest, "MakeDirectoryInGuest", guest.managers.file);
    w.text("directoryPath", path).boolean("createParentDirectories", true);
    guest.session->call(w);
  });
}

void delete_directory_in_guest(Session& session, const GuestTarget& target, const std::string& path)
{
  on_guest(session, target, [&](GuestVm& guest) {
    XmlWriter w = guest_request(guest, "DeleteDirectoryInGuest", guest.managers.file);
    w.text("directoryPath", path).boolean("recursive", true);
    guest.session->call(w);
  });
}

void delete_file_in_guest(Session& session, const GuestTarget& target, const std::string& path)
{
  on_guest(session, target, [&](GuestVm& guest) { delete_file(guest, path); });
}

void rename_file_in_guest(Session& session, const GuestTarget& target, const std::string& from,
                          const std::string& to)
{
  on_guest(session, target, [&](GuestVm& guest) {
    try {
      XmlWriter w = guest_request(guest, "MoveFileInGuest", guest.managers.file);
      w.text("srcFilePath", from).text("dstFilePath", to).boolean("overwrite", true);
      guest.session->call(w);
    } catch (const SoapFault& fault) {
      // A directory: MoveFileInGuest refuses it, MoveDirectoryInGuest moves it.
      if (fault.type() != "NotAFile") {
        throw;
      }
      XmlWriter w = guest_request(guest, "MoveDirectoryInGuest", guest.managers.file);
      w.text("srcDirectoryPath", from).text("dstDirectoryPath", to);
      guest.session->call(w);
    }
  });
}

std::string create_temp_file_in_guest(Session& session, const GuestTarget& target)
{
  std::string path;
  on_guest(session, target, [&](GuestVm& guest) { path = create_temp_file(guest, "vmrun-", ""); });
  return path;
}

std::vector<GuestFileEntry> list_directory_in_guest(Session& session, const GuestTarget& target,
                                                    const std::string& path)
{
  std::vector<GuestFileEntry> entries;
  on_guest(session, target, [&](GuestVm& guest) {
    for (auto& entry : list_files(guest, path)) {
      if (!is_dot_entry(entry.name)) {
        entries.push_back(std::move(entry));
      }
    }
  });
  return entries;
}

} // namespace vmrun::core
