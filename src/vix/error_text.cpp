// SPDX-License-Identifier: Apache-2.0

#include "vix/error_text.h"

#include "core/errors/vix_catalog.h"

#include <array>
#include <utility>

namespace vmrun::vix {

namespace {

// Texts of this library's own for codes it returns that VMware's catalog gives no text for
// (docs/libvix.md#error-texts); the catalog's texts win where both exist.
constexpr std::array<std::pair<int, const char*>, 10> k_own_texts{{
  {29, "The job has not finished yet"},
  {35, "The user name or password is not valid"},
  {4011, "The guest operating system is not supported by the host"},
  {18000, "Cannot connect to the host"},
  {18002, "The host name is not valid"},
  {19001, "The screen capture format is not supported"},
  {19003, "The screen capture is too large"},
  {22003, "The specified service provider was not found"},
  {30028, "The operation timed out"},
  {30201, "The host's certificate could not be verified"},
}};

} // namespace

ErrorTexts::ErrorTexts() : m_unknown(core::vix_text(-1))
{
  for (const auto& entry : core::vix_catalog()) {
    m_texts.emplace(entry.code, entry.text);
  }
  for (const auto& [code, text] : k_own_texts) {
    m_texts.emplace(code, text); // no effect where the catalog has a text
  }
}

const char* ErrorTexts::text(unsigned long long error) const
{
  const int code = static_cast<int>(error & 0xFFFF);
  auto it = m_texts.find(code);
  return it == m_texts.end() ? m_unknown.c_str() : it->second.c_str();
}

} // namespace vmrun::vix
