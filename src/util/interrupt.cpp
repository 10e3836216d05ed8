// SPDX-License-Identifier: Apache-2.0

#include "util/interrupt.h"

#include <signal.h>

#include <array>
#include <csignal>
#include <cstddef>

namespace vmrun::util {

namespace {

constexpr std::array<int, 3> k_signals{SIGINT, SIGTERM, SIGHUP};

volatile std::sig_atomic_t g_interrupted = 0;

// What the outermost guard replaced, to put back when it ends.
int g_depth = 0;
std::array<struct sigaction, k_signals.size()> g_previous{};
std::array<bool, k_signals.size()> g_installed{};

extern "C" void on_interrupt(int signal_number)
{
  g_interrupted = signal_number;
}

} // namespace

InterruptGuard::InterruptGuard()
{
  if (g_depth++ > 0) {
    return;
  }
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (std::size_t i = 0; i < k_signals.size(); ++i) {
    struct sigaction current {};
    g_installed[i] = ::sigaction(k_signals[i], nullptr, &current) == 0 &&
                     current.sa_handler == SIG_DFL &&
                     ::sigaction(k_signals[i], &action, &g_previous[i]) == 0;
  }
}

InterruptGuard::~InterruptGuard()
{
  if (--g_depth > 0) {
    return;
  }
  for (std::size_t i = 0; i < k_signals.size(); ++i) {
    if (g_installed[i]) {
      ::sigaction(k_signals[i], &g_previous[i], nullptr);
      g_installed[i] = false;
    }
  }
  g_interrupted = 0;
}

int InterruptGuard::interrupted()
{
  return g_interrupted;
}

} // namespace vmrun::util
