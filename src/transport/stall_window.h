// SPDX-License-Identifier: Apache-2.0

#pragma once

// Private to the transport layer: the stall limit of file transfers (limits.h, k_stall_bytes).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>

namespace vmrun::transport {

// Tells whether a transfer moved less than `bytes` in some window of `window` (a stall), from
// its running byte count as sampled over time: exact for the samples given, not an average.
// Keeps at most `bytes` + 1 samples however long the transfer runs.
class StallWindow
{
public:
  using Clock = std::chrono::steady_clock;

  StallWindow(Clock::duration window, std::uint64_t bytes, Clock::time_point start);

  // Records that `total` bytes had moved by `now`; true when the window ending now moved less
  // than `bytes`. A total below the last one is a transfer that started over (libcurl sent the
  // request again, and its count with it): the windows start again from there.
  bool stalled(Clock::time_point now, std::uint64_t total);
  // Samples kept (for the memory bound's test).
  std::size_t samples() const { return m_samples.size(); }

private:
  struct Sample {
    Clock::time_point at;
    std::uint64_t total;
  };

  Clock::duration m_window;
  std::uint64_t m_bytes;
  // Increasing totals, each with the time it was first seen; front() is the count at the start
  // of the current window once the transfer is older than one window.
  std::deque<Sample> m_samples;
};

} // namespace vmrun::transport
