// SPDX-License-Identifier: Apache-2.0

#pragma once

// Vix_GetErrorText's strings, constant (docs/libvix.md#error-text): built once from the catalog
// (data/vix-errors.tsv) and read-only afterwards, so the pointers handed out stay valid and no lock
// is needed.
#include <string>
#include <unordered_map>

namespace vmrun::vix {

class ErrorTexts
{
public:
  ErrorTexts();
  // The text of VIX_ERROR_CODE(code); the catalog's text for an unknown code. Never null.
  const char* text(unsigned long long error) const;

private:
  std::unordered_map<int, std::string> m_texts;
  std::string m_unknown;
};

ErrorTexts& error_texts();

} // namespace vmrun::vix
