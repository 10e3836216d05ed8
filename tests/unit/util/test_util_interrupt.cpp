// SPDX-License-Identifier: Apache-2.0

#include "util/interrupt.h"

#include <doctest/doctest.h>

#include <signal.h>

#include <array>
#include <csignal>

using vmrun::util::InterruptGuard;

namespace {

constexpr std::array<int, 3> k_signals{SIGINT, SIGTERM, SIGHUP};

// doctest catches SIGINT and SIGTERM while a test runs; the guard leaves handled signals alone,
// so each test starts from the default dispositions and puts doctest's back afterwards.
class DefaultDispositions
{
public:
  DefaultDispositions()
  {
    for (std::size_t i = 0; i < k_signals.size(); ++i) {
      struct sigaction dfl {};
      dfl.sa_handler = SIG_DFL;
      sigemptyset(&dfl.sa_mask);
      ::sigaction(k_signals[i], &dfl, &m_saved[i]);
    }
  }
  ~DefaultDispositions()
  {
    for (std::size_t i = 0; i < k_signals.size(); ++i) {
      ::sigaction(k_signals[i], &m_saved[i], nullptr);
    }
  }
  DefaultDispositions(const DefaultDispositions&) = delete;
  DefaultDispositions& operator=(const DefaultDispositions&) = delete;

private:
  std::array<struct sigaction, 3> m_saved{};
};

bool is_default(int signal_number)
{
  struct sigaction current {};
  ::sigaction(signal_number, nullptr, &current);
  return current.sa_handler == SIG_DFL;
}

} // namespace

TEST_CASE("a signal under a guard is recorded instead of ending the process")
{
  DefaultDispositions defaults;
  {
    InterruptGuard guard;
    CHECK(InterruptGuard::interrupted() == 0);
    for (const int s : k_signals) {
      CHECK_FALSE(is_default(s));
    }
    ::raise(SIGTERM);
    CHECK(InterruptGuard::interrupted() == SIGTERM);
    CHECK(is_default(SIGTERM)); // one-shot: a second SIGTERM would end the process
    CHECK_FALSE(is_default(SIGINT));
  }
  for (const int s : k_signals) {
    CHECK(is_default(s));
  }
  CHECK(InterruptGuard::interrupted() == 0); // forgotten with the last guard
}

TEST_CASE("guards nest: the outermost one installs and restores")
{
  DefaultDispositions defaults;
  InterruptGuard outer;
  {
    InterruptGuard inner;
    ::raise(SIGINT);
    CHECK(InterruptGuard::interrupted() == SIGINT);
  }
  CHECK(InterruptGuard::interrupted() == SIGINT); // the outer guard still holds it
  CHECK_FALSE(is_default(SIGHUP));
}

TEST_CASE("an ignored signal stays ignored")
{
  DefaultDispositions defaults;
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ::sigaction(SIGHUP, &ignore, nullptr);
  {
    InterruptGuard guard;
    ::raise(SIGHUP);
    CHECK(InterruptGuard::interrupted() == 0);
  }
  struct sigaction current {};
  ::sigaction(SIGHUP, nullptr, &current);
  const bool still_ignored = current.sa_handler == SIG_IGN;
  CHECK(still_ignored);
}
