// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace vmrun::core {

// Writes a host file so that it appears only complete (docs/behaviour.md#guest-transfers): the
// bytes go to a temporary file (0600, O_EXCL) in the target's directory, and commit() checks the
// size, fsyncs and renames it over the target. Destroyed uncommitted, it removes the temporary file
// and leaves any existing target untouched. Throws core::Error on failures (full disk...).
// When a signal arrives under the program's util::InterruptGuard (vmrun holds one for the whole
// command; a library installs none), write() and commit() throw "The operation was cancelled",
// so every command that writes a host file stops through its error path, and the temporary file
// goes with the writer.
class AtomicFileWriter
{
public:
  explicit AtomicFileWriter(std::filesystem::path target);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write(std::string_view chunk);
  std::uint64_t written() const { return m_written; }
  // Publishes the file; `expected_size` < 0 skips the size check.
  void commit(std::int64_t expected_size = -1);

private:
  std::filesystem::path m_target;
  std::filesystem::path m_temp;
  int m_fd = -1;
  std::uint64_t m_written = 0;
};

} // namespace vmrun::core
