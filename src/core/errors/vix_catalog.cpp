// SPDX-License-Identifier: Apache-2.0

#include "core/errors/vix_catalog.h"

#include <algorithm>

namespace vmrun::core {

namespace {

// A one-sentence documentation text ends in a period that vmrun's runtime texts never show (in
// every case seen); texts with an inner sentence keep theirs (docs/behaviour.md#vix-texts).
std::string runtime_form(std::string text)
{
  const bool one_sentence = text.find(". ") == std::string::npos;
  if (one_sentence && !text.empty() && text.back() == '.') {
    text.pop_back();
  }
  return text;
}

} // namespace

std::string vix_text(int code)
{
  const auto& entries = vix_catalog();
  auto it = std::find_if(entries.begin(), entries.end(),
                         [code](const VixCatalogEntry& e) { return e.code == code; });
  if (it == entries.end()) {
    return "Unknown error";
  }
  return runtime_form(it->text);
}

} // namespace vmrun::core
