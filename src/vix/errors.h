// SPDX-License-Identifier: Apache-2.0

#pragma once

// How failures become VixError values (docs/libvix.md#errors): always a plain public code.
#include "vmware-vix/vix.h"

#include <exception>
#include <string>

namespace vmrun::vix {

// A failure with its VixError, thrown inside the library (argument checks, mapped results).
struct VixFailure {
  VixError code;
  std::string detail; // kept as VIX_PROPERTY_JOB_RESULT_EXTRA_ERROR_INFO when not empty
};

// The VixError of the exception in flight (core::Error, transport errors, HandleError,
// VixFailure, std::bad_alloc ...), with a readable detail for EXTRA_ERROR_INFO.
VixFailure current_failure() noexcept;

// Runs `body` and returns its VixError; any exception becomes a code, none escapes.
template <typename Body>
VixError guarded(Body&& body) noexcept
{
  try {
    return body();
  } catch (...) {
    return current_failure().code;
  }
}

} // namespace vmrun::vix
