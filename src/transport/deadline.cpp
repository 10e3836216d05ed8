// SPDX-License-Identifier: Apache-2.0

#include "transport/deadline.h"

#include <algorithm>
#include <string>

namespace vmrun::transport {

Deadline::Deadline(std::chrono::seconds budget) : m_budget(budget), m_end(Clock::now() + budget) {}

std::chrono::milliseconds Deadline::remaining() const
{
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(m_end - Clock::now());
  return std::max(left, std::chrono::milliseconds::zero());
}

NetError Deadline::timed_out() const
{
  return NetError(NetErrorKind::deadline,
                  "The operation timed out after " + std::to_string(m_budget.count()) + " seconds");
}

void Deadline::check() const
{
  if (expired()) {
    throw timed_out();
  }
}

} // namespace vmrun::transport
