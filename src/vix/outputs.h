// SPDX-License-Identifier: Apache-2.0

#pragma once

// The variadic (property id, output pointer) lists of Vix_GetProperties, VixJob_Wait and
// VixJob_GetNthProperties (docs/libvix.md#memory).
#include "vix/values.h"
#include "vmware-vix/vix.h"

#include <cstdarg>
#include <functional>
#include <vector>

namespace vmrun::vix {

struct OutputRequest {
  int id = VIX_PROPERTY_NONE;
  VixPropertyType type = VIX_PROPERTYTYPE_ANY;
  void* out = nullptr;  // where the value goes (a BLOB's int size)
  void* data = nullptr; // a BLOB's char ** data
};

// Reads the pairs after `first` up to VIX_PROPERTY_NONE. An id the library does not know ends
// the reading with VIX_E_UNRECOGNIZED_PROPERTY (its outputs' count is unknown).
std::vector<OutputRequest> read_requests(int first, va_list args);

// The value of `id`, or nullptr when the source does not have it.
using ValueLookup = std::function<const Value*(int id)>;

// Checks every request against `lookup` first (missing: VIX_E_UNRECOGNIZED_PROPERTY; another
// type: VIX_E_TYPE_MISMATCH) and allocates every string; only then writes them all: exactly the
// type's size (BOOL one byte), strings and blobs as malloc'd copies, a HANDLE with a new
// reference. A NULL output is skipped. On error nothing is written (throws VixFailure).
void write_outputs(const std::vector<OutputRequest>& requests, const ValueLookup& lookup);

} // namespace vmrun::vix
