// SPDX-License-Identifier: Apache-2.0

#pragma once

// A property-list handle: VixPropertyList_AllocPropertyList's, and the FIND_ITEM event's.
#include "vix/runtime.h"
#include "vix/values.h"

namespace vmrun::vix {

class PropertyList : public Object
{
public:
  explicit PropertyList(Record values) : Object(Kind::property_list), m_values(std::move(values)) {}
  const Record& values() const { return m_values; }

private:
  Record m_values;
};

} // namespace vmrun::vix
