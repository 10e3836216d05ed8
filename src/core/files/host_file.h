// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "util/local_file.h"

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace vmrun::core {

// Writes a host file so that it appears only complete (docs/behaviour.md#guest-transfers), through
// util::AtomicFileWriter: a temporary file (0600, O_EXCL) in the target's directory, and commit()
// checks the size, gives the file the mode the umask gives, fsyncs and renames it over the target.
// Destroyed uncommitted, it removes the temporary file and leaves any existing target untouched.
// Throws core::Error on failures (full disk...).
// When a signal arrives under the program's util::InterruptGuard (vmrun holds one for the whole
// command; a library installs none), write() and commit() throw "The operation was cancelled",
// so every command that writes a host file stops through its error path, and the temporary file
// goes with the writer.
class AtomicFileWriter
{
public:
  explicit AtomicFileWriter(std::filesystem::path target);

  void write(std::string_view chunk);
  std::uint64_t written() const { return m_file.written(); }
  // Publishes the file; `expected_size` < 0 skips the size check.
  void commit(std::int64_t expected_size = -1);

private:
  std::filesystem::path m_target; // as errors name it
  util::AtomicFileWriter m_file;
};

} // namespace vmrun::core
