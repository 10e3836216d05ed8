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
  // after a failure. The command's own deadline comes back afterwards.
  class Grace
  {
  public:
    explicit Grace(Deadline& deadline, std::chrono::seconds grace = k_cleanup_grace)
      : m_deadline(deadline), m_saved(deadline.m_end)
    {
      m_deadline.m_end = Clock::now() + grace;
    }
    ~Grace() { m_deadline.m_end = m_saved; }
    Grace(const Grace&) = delete;
    Grace& operator=(const Grace&) = delete;

  private:
    Deadline& m_deadline;
    Clock::time_point m_saved;
  };

private:
  std::chrono::seconds m_budget;
  Clock::time_point m_end;
};

} // namespace vmrun::transport
