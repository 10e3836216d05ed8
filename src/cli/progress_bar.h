// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "cli/settings.h"
#include "core/vsphere/progress.h"

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

namespace vmrun::cli {

// A one-line progress bar on stderr, drawn only when stderr is a terminal and --no-progress
// was not given; redrawn at most ten times a second; erased when done.
class ProgressBar
{
public:
  ProgressBar(std::ostream& err, Progress setting, std::string label);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Shows `done` of `total` (bytes, or a percentage with total 100).
  void update(std::uint64_t done, std::uint64_t total);
  // A callback for core functions that report progress; empty when the bar is not drawn.
  core::ProgressFn callback();

private:
  std::ostream& m_err;
  bool m_enabled;
  std::string m_label;
  bool m_drawn = false;
  std::chrono::steady_clock::time_point m_last{};
};

} // namespace vmrun::cli
