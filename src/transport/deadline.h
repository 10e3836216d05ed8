// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "transport/errors.h"
#include "transport/limits.h"

#include <chrono>

namespace vmrun::transport {

// The one deadline of a command (--timeout): every SOAP exchange and every wait gets the time
// that is left. The data phase of a file transfer does not count (a stall limit guards it), and
// cleanup calls made after the time is spent get a short grace budget of their own.
class Deadline
{
public:
  using Clock = std::chrono::steady_clock;

  // Ends `budget` from now.
  explicit Deadline(std::chrono::seconds budget);

  std::chrono::seconds budget() const { return m_budget; }
  // Time left, zero once it has passed.
  std::chrono::milliseconds remaining() const;
  bool expired() const { return remaining() == std::chrono::milliseconds::zero(); }
  // True while a Grace lives: cleanup runs even after a signal asked the command to stop.
  bool in_grace() const { return m_in_grace; }
  // True while a Finish lives.
  bool finishing() const { return m_finishing; }
  // NetError(deadline) "The operation timed out after <budget> seconds".
  NetError timed_out() const;
  // Throws timed_out() once the deadline has passed.
  void check() const;

  // While a Pause lives the clock stands still: the deadline moves later by its lifetime.
  class Pause
  {
  public:
    explicit Pause(Deadline& deadline) : m_deadline(deadline), m_start(Clock::now()) {}
    ~Pause() { m_deadline.m_end += Clock::now() - m_start; }
    Pause(const Pause&) = delete;
    Pause& operator=(const Pause&) = delete;

  private:
    Deadline& m_deadline;
    Clock::time_point m_start;
  };

  // While a Grace lives the deadline is `grace` from its creation, whether or not the
  // command's time is spent: for cleanup (Logout, CancelTask) that must run, and must not hang,
  // after a failure, or after a signal (util::InterruptGuard) asked the command to stop. The
  // command's own deadline comes back afterwards.
  class Grace
  {
  public:
    explicit Grace(Deadline& deadline, std::chrono::seconds grace = k_cleanup_grace)
      : m_deadline(deadline), m_saved(deadline.m_end), m_saved_in_grace(deadline.m_in_grace)
    {
      m_deadline.m_end = Clock::now() + grace;
      m_deadline.m_in_grace = true;
    }
    ~Grace()
    {
      m_deadline.m_end = m_saved;
      m_deadline.m_in_grace = m_saved_in_grace;
    }
    Grace(const Grace&) = delete;
    Grace& operator=(const Grace&) = delete;

  private:
    Deadline& m_deadline;
    Clock::time_point m_saved;
    bool m_saved_in_grace;
  };

  // While a Finish lives, a signal does not abandon the exchange under way at once: it may
  // take k_cleanup_grace more to complete. For the call that starts a vSphere task, whose reply
  // names the task that must then be cancelled (abandoned, the task would run on unseen).
  class Finish
  {
  public:
    explicit Finish(Deadline& deadline) : m_deadline(deadline), m_saved(deadline.m_finishing)
    {
      m_deadline.m_finishing = true;
    }
    ~Finish() { m_deadline.m_finishing = m_saved; }
    Finish(const Finish&) = delete;
    Finish& operator=(const Finish&) = delete;

  private:
    Deadline& m_deadline;
    bool m_saved;
  };

private:
  std::chrono::seconds m_budget;
  Clock::time_point m_end;
  bool m_in_grace = false;
  bool m_finishing = false;
};

} // namespace vmrun::transport
