// SPDX-License-Identifier: Apache-2.0

#include "transport/stall_window.h"

namespace vmrun::transport {

StallWindow::StallWindow(Clock::duration window, std::uint64_t bytes, Clock::time_point start)
  : m_window(window), m_bytes(bytes), m_samples{{start, 0}}
{
}

bool StallWindow::stalled(Clock::time_point now, std::uint64_t total)
{
  if (total < m_samples.back().total) {
    m_samples = {{now, total}};
  }
  if (total > m_samples.back().total) {
    m_samples.push_back({now, total});
  }
  const Clock::time_point window_start = now - m_window;
  // The count at window_start is the last sample at or before it: older ones are never needed
  // again, as windows only move forward.
  while (m_samples.size() > 1 && m_samples[1].at <= window_start) {
    m_samples.pop_front();
  }
  // A sample `bytes` below the count cannot start a stall any more (counts only grow); drop all
  // but the newest such one, which still marks where the windows stand.
  while (m_samples.size() > 1 && m_samples[1].total + m_bytes <= total) {
    m_samples.pop_front();
  }
  const Sample& first = m_samples.front();
  return first.at <= window_start && total - first.total < m_bytes;
}

} // namespace vmrun::transport
