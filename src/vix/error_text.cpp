// SPDX-License-Identifier: Apache-2.0

#include "vix/error_text.h"

#include "core/errors/vix_catalog.h"

namespace vmrun::vix {

ErrorTexts::ErrorTexts() : m_unknown(core::vix_text(-1))
{
  for (const auto& entry : core::vix_catalog()) {
    m_texts.emplace(entry.code, entry.text);
  }
}

const char* ErrorTexts::text(unsigned long long error) const
{
  const int code = static_cast<int>(error & 0xFFFF);
  auto it = m_texts.find(code);
  return it == m_texts.end() ? m_unknown.c_str() : it->second.c_str();
}

} // namespace vmrun::vix
