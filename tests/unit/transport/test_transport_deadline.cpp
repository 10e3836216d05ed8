// SPDX-License-Identifier: Apache-2.0

// The command's deadline and the stall limit of file transfers, on their own
// (docs/behaviour.md#limits).
#include "transport/deadline.h"
#include "transport/errors.h"
#include "transport/limits.h"
#include "transport/stall_window.h"
#include "transport_test_support.h"

#include <doctest/doctest.h>

#include <chrono>

using namespace vmrun::transport;
using vmrun::transport::test::expect_error;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST_CASE("Deadline")
{
  SUBCASE("spent")
  {
    Deadline deadline(0s);
    CHECK(deadline.expired());
    CHECK(deadline.remaining() == 0ms);
    const NetError error = expect_error([&] { deadline.check(); });
    CHECK(error.kind() == NetErrorKind::deadline);
    CHECK(std::string(error.what()) == "The operation timed out after 0 seconds");
  }
  SUBCASE("running")
  {
    Deadline deadline(300s);
    CHECK_FALSE(deadline.expired());
    CHECK(deadline.remaining() <= 300s);
    CHECK(deadline.remaining() > 290s);
    CHECK(deadline.budget() == 300s);
  }
  SUBCASE("a grace budget for cleanup, then the spent deadline again")
  {
    Deadline deadline(0s);
    {
      const Deadline::Grace grace(deadline, 3s);
      CHECK_FALSE(deadline.expired());
      CHECK(deadline.remaining() <= 3s);
      CHECK(deadline.remaining() > 2s);
    }
    CHECK(deadline.expired());
    Deadline plenty(300s);
    {
      const Deadline::Grace grace(plenty); // k_cleanup_grace, even with more time left
      CHECK(plenty.remaining() <= k_cleanup_grace);
    }
    CHECK(plenty.remaining() > 290s);
  }
  SUBCASE("a pause moves the end later by its length")
  {
    Deadline deadline(300s);
    const auto before = deadline.remaining();
    {
      const Deadline::Pause pause(deadline);
    }
    CHECK(deadline.remaining() <= before);
    CHECK(deadline.remaining() > 290s);
  }
}

TEST_CASE("StallWindow")
{
  const Clock::time_point t0{};
  const auto at = [&](double s) {
    return t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
  };
  SUBCASE("nothing is a stall before one window has passed")
  {
    StallWindow window(10s, 1024, t0);
    CHECK_FALSE(window.stalled(at(9.9), 0));
    CHECK(window.stalled(at(10), 1023));
  }
  SUBCASE("exactly 1 KiB in the window is not a stall")
  {
    StallWindow window(10s, 1024, t0);
    CHECK_FALSE(window.stalled(at(10), 1024));
  }
  SUBCASE("a burst, then silence: a stall one window after the burst")
  {
    StallWindow window(10s, 1024, t0);
    CHECK_FALSE(window.stalled(at(1), 5000));
    CHECK_FALSE(window.stalled(at(10.5), 5000)); // the window [0.5, 10.5] holds the burst
    CHECK_FALSE(window.stalled(at(10.9), 5000));
    CHECK(window.stalled(at(11), 5000));
  }
  SUBCASE("sliding: any window counts, not only windows from the start")
  {
    StallWindow window(10s, 1024, t0);
    // 2000 bytes in the first second, then 100 bytes a second.
    CHECK_FALSE(window.stalled(at(1), 2000));
    std::uint64_t total = 2000;
    bool stalled = false;
    double when = 0;
    for (int s = 2; s <= 20 && !stalled; ++s) {
      total += 100;
      stalled = window.stalled(at(s), total);
      when = s;
    }
    CHECK(stalled);
    CHECK(when == 11); // [1, 11] moved 1000 bytes
  }
  SUBCASE("a slow but steady transfer never stalls")
  {
    StallWindow window(10s, 1024, t0);
    std::uint64_t total = 0;
    bool stalled = false;
    for (int tenth = 1; tenth <= 100'000 && !stalled; ++tenth) {
      total += 11; // 110 bytes a second: 1100 in any 10 s
      stalled = window.stalled(at(tenth / 10.0), total);
    }
    CHECK_FALSE(stalled);
  }
  SUBCASE("a count that goes down is a transfer that started over: the windows start again")
  {
    StallWindow window(10s, 1024, t0);
    CHECK_FALSE(window.stalled(at(1), 1'000'000));
    // Sent again from 0 at 9 s: no underflow of the count, no stall yet, a whole window from 9 s.
    CHECK_FALSE(window.stalled(at(9), 10));
    CHECK_FALSE(window.stalled(at(18.9), 10));
    CHECK(window.stalled(at(19), 10));
  }
  SUBCASE("memory stays bounded however many samples arrive")
  {
    StallWindow window(3600s, 1024, t0);
    for (std::uint64_t i = 1; i <= 1'000'000; ++i) {
      window.stalled(at(static_cast<double>(i) / 1000), i);
    }
    CHECK(window.samples() <= 1025);
  }
}
