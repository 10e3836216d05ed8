// SPDX-License-Identifier: Apache-2.0

#pragma once

// Property values and the property type table (docs/libvix.md#property-sizes,
// docs/libvix.md#property-types).
#include "vix/runtime.h"
#include "vmware-vix/vix.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace vmrun::vix {

// A HANDLE value: reading it hands the caller a new reference (docs/libvix.md#handle-references).
struct HandleValue {
  VixHandle handle = VIX_INVALID_HANDLE;
};
using Blob = std::vector<unsigned char>;
using Value = std::variant<int, bool, std::int64_t, HandleValue, std::string, Blob>;

// One set of properties: a job's result record, a property list, a VM's answers.
using Record = std::map<int, Value>;

// The VixPropertyType of `id`, or nullopt for an id the library does not know.
std::optional<VixPropertyType> property_type(int id);
// Whether handles of `kind` carry `id` (Vix_GetPropertyType answers only those).
bool carries(Kind kind, int id);

} // namespace vmrun::vix
