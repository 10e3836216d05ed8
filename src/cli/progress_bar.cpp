// SPDX-License-Identifier: Apache-2.0

#include "cli/progress_bar.h"

#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

namespace vmrun::cli {

namespace {

constexpr auto k_redraw = std::chrono::milliseconds(100);
constexpr int k_width = 30;

std::string amount(std::uint64_t done, std::uint64_t total)
{
  if (total == 100) {
    return fmt::format("{}%", done);
  }
  return fmt::format("{:.1f}/{:.1f} MiB", done / 1048576.0, total / 1048576.0);
}

} // namespace

ProgressBar::ProgressBar(std::ostream& err, Progress setting, std::string label)
  : m_err(err),
    // Only the real stderr can be a terminal; a bar in a log file is noise.
    m_enabled(setting == Progress::on && &err == &std::cerr && ::isatty(STDERR_FILENO)),
    m_label(std::move(label))
{
}

ProgressBar::~ProgressBar()
{
  if (m_drawn) {
    m_err << "\r\033[K" << std::flush; // erase the bar: it reports, it does not log
  }
}

void ProgressBar::update(std::uint64_t done, std::uint64_t total)
{
  const auto now = std::chrono::steady_clock::now();
  if (!m_enabled || total == 0 || (m_drawn && done < total && now - m_last < k_redraw)) {
    return;
  }
  m_last = now;
  m_drawn = true;
  const auto filled = static_cast<int>(k_width * std::min(done, total) / total);
  m_err << fmt::format("\r\033[K{} [{}{}] {}", m_label, std::string(filled, '#'),
                       std::string(k_width - filled, ' '), amount(done, total))
        << std::flush;
}

core::ProgressFn ProgressBar::callback()
{
  if (!m_enabled) {
    return {};
  }
  return [this](std::uint64_t done, std::uint64_t total) { update(done, total); };
}

} // namespace vmrun::cli
