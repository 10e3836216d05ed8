// SPDX-License-Identifier: Apache-2.0

#include "vix/guest.h"

#include "vix/errors.h"

namespace vmrun::vix {

void GuestContext::set(core::GuestLogin login)
{
  const std::lock_guard lock(m_mutex);
  m_login = std::move(login);
}

void GuestContext::clear()
{
  const std::lock_guard lock(m_mutex);
  m_login.reset();
}

core::GuestLogin GuestContext::login() const
{
  const std::lock_guard lock(m_mutex);
  if (!m_login) {
    throw VixFailure{VIX_E_ANON_GUEST_OPERATIONS_PROHIBITED,
                     "VixVM_LoginInGuest has not been called on this VM handle"};
  }
  return *m_login;
}

} // namespace vmrun::vix
