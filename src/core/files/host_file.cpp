// SPDX-License-Identifier: Apache-2.0

#include "core/files/host_file.h"

#include "core/errors/error.h"
#include "core/errors/faults.h"
#include "core/errors/vix_catalog.h"

#include "util/terminal_text.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace vmrun::core {

namespace {

// A relative name gets "./", so that errors show where the file went.
std::filesystem::path anchored(std::filesystem::path target)
{
  return target.parent_path().empty() ? std::filesystem::path(".") / target : target;
}

// The VIX error of a failed host file write, by errno (the path is the target's, not the
// temporary file's).
Error host_error(const std::filesystem::path& path, const std::system_error& failure)
{
  const int err = failure.code().value();
  if (err == ENOSPC || err == EDQUOT) {
    return Error(vix::disk_full, vix_text(vix::disk_full));
  }
  if (err == ENOENT || err == ENOTDIR) {
    return Error(vix::file_not_found, vix_text(vix::file_not_found), {},
                 fmt::format("vmrun: {}: {}", util::one_line(path.string()), std::strerror(err)));
  }
  return Error(vix::file_access_error,
               fmt::format("Cannot write {}: {}", util::one_line(path.string()),
                           std::strerror(err)));
}

// Runs `action` on the file, raising its failures as host_error.
template <typename Action>
decltype(auto) on_file(const std::filesystem::path& target, Action&& action)
{
  try {
    return action();
  } catch (const std::system_error& failure) {
    throw host_error(target, failure);
  }
}

} // namespace

AtomicFileWriter::AtomicFileWriter(std::filesystem::path target)
  : m_target(anchored(std::move(target))),
    m_file(
      on_file(m_target, [&] { return util::AtomicFileWriter(m_target, util::FileMode::ordinary); }))
{
}

void AtomicFileWriter::write(std::string_view chunk)
{
  check_interrupted();
  on_file(m_target, [&] { m_file.write(chunk); });
}

void AtomicFileWriter::commit(std::int64_t expected_size)
{
  check_interrupted();
  if (expected_size >= 0 && m_file.written() != static_cast<std::uint64_t>(expected_size)) {
    throw Error(vix::fail, fmt::format("The transfer ended after {} of {} bytes", m_file.written(),
                                       expected_size));
  }
  on_file(m_target, [&] { m_file.commit(util::Durability::durable); });
}

} // namespace vmrun::core
