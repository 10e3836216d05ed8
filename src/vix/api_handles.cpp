// SPDX-License-Identifier: Apache-2.0

// The handle, property and error functions of the VIX C API (docs/libvix.md#handles,
// docs/libvix.md#memory).
#include "vix/api.h"
#include "vix/error_text.h"
#include "vix/host.h"
#include "vix/outputs.h"
#include "vix/property_list.h"
#include "vix/runtime.h"
#include "vix/snapshot.h"
#include "vix/vm.h"

#include <cstdarg>
#include <cstdlib>

using namespace vmrun::vix;

namespace {

// Host properties (types: docs/libvix.md#property-types): the provider asked for, an API version,
// the server's name.
Record host_answers(const Host& host)
{
  return Record{
    {VIX_PROPERTY_HOST_HOSTTYPE, host.provider()},
    {VIX_PROPERTY_HOST_API_VERSION, 1},
    {VIX_PROPERTY_HOST_SOFTWARE_VERSION, host.software_version()},
  };
}

void write_from(const Record& record, Kind kind, const std::vector<OutputRequest>& requests)
{
  write_outputs(requests, [&](int id) -> const Value* {
    if (!carries(kind, id)) {
      return nullptr;
    }
    auto it = record.find(id);
    return it == record.end() ? nullptr : &it->second;
  });
}

VixError get_properties(VixHandle handle, int first, va_list args)
{
  std::shared_ptr<Object> object = handles().find(handle);
  if (!object) {
    object = job_of(handle); // a job inside its own callback after a disconnect, else throws
  }
  const std::vector<OutputRequest> requests = read_requests(first, args);
  switch (object->kind()) {
  case Kind::vm: read_vm_properties(static_cast<Vm&>(*object), requests); break;
  case Kind::host:
    write_from(host_answers(static_cast<const Host&>(*object)), Kind::host, requests);
    break;
  case Kind::property_list:
    write_from(static_cast<const PropertyList&>(*object).values(), Kind::property_list, requests);
    break;
  case Kind::job: {
    const auto& job = static_cast<const Job&>(*object);
    const VixError error = job.error();
    const bool stored = job.with_records([&](const std::vector<Record>& records) {
      Record first_record = records.front();
      first_record[VIX_PROPERTY_JOB_RESULT_ERROR_CODE] = static_cast<std::int64_t>(error);
      write_from(first_record, Kind::job, requests);
    });
    if (!stored) {
      return VIX_E_UNFINISHED_JOB;
    }
    break;
  }
  case Kind::snapshot: read_snapshot_properties(static_cast<Snapshot&>(*object), requests); break;
  }
  return VIX_OK;
}

// Values by value after default promotion (docs/libvix.md#property-list-values).
Record property_list_values(int first, va_list args)
{
  Record values;
  for (int id = first; id != VIX_PROPERTY_NONE; id = va_arg(args, int)) {
    const auto type = property_type(id);
    if (!type) {
      throw VixFailure{VIX_E_UNRECOGNIZED_PROPERTY, {}};
    }
    switch (*type) {
    case VIX_PROPERTYTYPE_INTEGER: values[id] = va_arg(args, int); break;
    case VIX_PROPERTYTYPE_BOOL: values[id] = va_arg(args, int) != 0; break;
    case VIX_PROPERTYTYPE_HANDLE: values[id] = HandleValue{va_arg(args, int)}; break;
    case VIX_PROPERTYTYPE_INT64: values[id] = static_cast<std::int64_t>(va_arg(args, int64)); break;
    case VIX_PROPERTYTYPE_STRING: values[id] = copy_text(va_arg(args, const char*)); break;
    default: throw VixFailure{VIX_E_INVALID_ARG, {}}; // a blob cannot be passed by value
    }
  }
  return values;
}

} // namespace

extern "C" {

VIX_EXPORT const char* Vix_GetErrorText(VixError err, const char* /*locale*/)
{
  try {
    return error_texts().text(err);
  } catch (...) {
    return "Unknown error"; // the globals could not be made; still never NULL
  }
}

VIX_EXPORT void Vix_ReleaseHandle(VixHandle handle)
{
  guarded([&] {
    handles().release(handle);
    return VIX_OK;
  });
}

VIX_EXPORT void Vix_AddRefHandle(VixHandle handle)
{
  guarded([&] {
    handles().add_ref(handle);
    return VIX_OK;
  });
}

VIX_EXPORT VixHandleType Vix_GetHandleType(VixHandle handle)
{
  try {
    const auto object = handles().find(handle);
    return object ? static_cast<VixHandleType>(object->kind()) : VixHandleType{VIX_HANDLETYPE_NONE};
  } catch (...) {
    return VIX_HANDLETYPE_NONE;
  }
}

VIX_EXPORT VixError Vix_GetProperties(VixHandle handle, VixPropertyID firstPropertyID, ...)
{
  va_list args;
  va_start(args, firstPropertyID);
  const VixError error = guarded([&] { return get_properties(handle, firstPropertyID, args); });
  va_end(args);
  return error;
}

VIX_EXPORT VixError Vix_GetPropertyType(VixHandle handle, VixPropertyID propertyID,
                                        VixPropertyType* propertyType)
{
  return guarded([&]() -> VixError {
    const auto object = handles().find(handle);
    if (!object) {
      return VIX_E_INVALID_HANDLE;
    }
    if (propertyType == nullptr) {
      return VIX_E_INVALID_ARG;
    }
    const auto type = property_type(propertyID);
    if (!type || !carries(object->kind(), propertyID)) {
      return VIX_E_UNRECOGNIZED_PROPERTY;
    }
    *propertyType = *type;
    return VIX_OK;
  });
}

VIX_EXPORT void Vix_FreeBuffer(void* p)
{
  std::free(p); // every buffer handed out is malloc'd (docs/libvix.md#output-buffers)
}

VIX_EXPORT void Vix_PumpEvents(VixHandle /*hostHandle*/, VixPumpEventsOptions /*options*/)
{
  // The event-pump model was removed in 1.11: callbacks run on the library's threads.
}

VIX_EXPORT VixError VixPropertyList_AllocPropertyList(VixHandle /*hostHandle*/,
                                                      VixHandle* resultHandle, int firstPropertyID,
                                                      ...)
{
  va_list args;
  va_start(args, firstPropertyID);
  const VixError error = guarded([&]() -> VixError {
    if (resultHandle == nullptr) {
      return VIX_E_INVALID_ARG;
    }
    auto list = std::make_shared<PropertyList>(property_list_values(firstPropertyID, args));
    *resultHandle = handles().add(list);
    return VIX_OK;
  });
  va_end(args);
  return error;
}

} // extern "C"
