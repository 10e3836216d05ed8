// SPDX-License-Identifier: Apache-2.0

#include "vix/outputs.h"

#include "vix/errors.h"

#include <cstdlib>
#include <cstring>
#include <memory>

namespace vmrun::vix {

namespace {

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};
using Buffer = std::unique_ptr<char, FreeDeleter>;

bool matches(const Value& value, VixPropertyType type)
{
  switch (type) {
  case VIX_PROPERTYTYPE_INTEGER: return std::holds_alternative<int>(value);
  case VIX_PROPERTYTYPE_BOOL: return std::holds_alternative<bool>(value);
  case VIX_PROPERTYTYPE_INT64: return std::holds_alternative<std::int64_t>(value);
  case VIX_PROPERTYTYPE_HANDLE: return std::holds_alternative<HandleValue>(value);
  case VIX_PROPERTYTYPE_STRING: return std::holds_alternative<std::string>(value);
  case VIX_PROPERTYTYPE_BLOB: return std::holds_alternative<Blob>(value);
  default: return false;
  }
}

// A malloc'd copy (docs/libvix.md#output-buffers): never NULL for a value that exists, "" for an
// empty string.
Buffer copy_of(const void* bytes, std::size_t size, bool terminate)
{
  Buffer buffer(static_cast<char*>(std::malloc(size + (terminate ? 1 : 0) + (size == 0 ? 1 : 0))));
  if (!buffer) {
    throw VixFailure{VIX_E_OUT_OF_MEMORY, {}};
  }
  if (size > 0) {
    std::memcpy(buffer.get(), bytes, size);
  }
  if (terminate) {
    buffer.get()[size] = '\0';
  }
  return buffer;
}

template <typename T>
void store(void* out, T value)
{
  if (out != nullptr) {
    std::memcpy(out, &value, sizeof value);
  }
}

} // namespace

std::vector<OutputRequest> read_requests(int first, va_list args)
{
  std::vector<OutputRequest> requests;
  for (int id = first; id != VIX_PROPERTY_NONE; id = va_arg(args, int)) {
    const auto type = property_type(id);
    if (!type) {
      throw VixFailure{VIX_E_UNRECOGNIZED_PROPERTY, {}};
    }
    OutputRequest request;
    request.id = id;
    request.type = *type;
    request.out = va_arg(args, void*);
    if (*type == VIX_PROPERTYTYPE_BLOB) {
      request.data = va_arg(args, void*); // a blob: size, then data (docs/libvix.md#blob)
    }
    requests.push_back(request);
  }
  return requests;
}

void write_outputs(const std::vector<OutputRequest>& requests, const ValueLookup& lookup)
{
  // Phase one: every value found and of its type, every copy made.
  std::vector<const Value*> values;
  std::vector<Buffer> buffers(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const Value* value = lookup(requests[i].id);
    if (value == nullptr) {
      throw VixFailure{VIX_E_UNRECOGNIZED_PROPERTY, {}};
    }
    if (!matches(*value, requests[i].type)) {
      throw VixFailure{VIX_E_TYPE_MISMATCH, {}};
    }
    values.push_back(value);
    if (const auto* text = std::get_if<std::string>(value); text && requests[i].out) {
      buffers[i] = copy_of(text->data(), text->size(), true);
    } else if (const auto* blob = std::get_if<Blob>(value); blob && requests[i].data) {
      buffers[i] = copy_of(blob->data(), blob->size(), false);
    }
  }
  // Phase two: nothing can fail any more.
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const OutputRequest& request = requests[i];
    const Value& value = *values[i];
    if (const auto* number = std::get_if<int>(&value)) {
      store<int>(request.out, *number);
    } else if (const auto* flag = std::get_if<bool>(&value)) {
      // Exactly one byte (docs/libvix.md#property-sizes).
      store<Bool>(request.out, *flag ? TRUE : FALSE);
    } else if (const auto* wide = std::get_if<std::int64_t>(&value)) {
      store<int64>(request.out, *wide);
    } else if (const auto* handle = std::get_if<HandleValue>(&value)) {
      if (request.out != nullptr) {
        const bool alive = handles().find(handle->handle) != nullptr;
        if (alive) {
          // Each read hands out a reference (docs/libvix.md#handle-references).
          handles().add_ref(handle->handle);
        }
        store<VixHandle>(request.out, alive ? handle->handle : VixHandle{VIX_INVALID_HANDLE});
      }
    } else if (std::holds_alternative<std::string>(value)) {
      store<char*>(request.out, buffers[i].release());
    } else if (const auto* blob = std::get_if<Blob>(&value)) {
      store<int>(request.out, static_cast<int>(blob->size()));
      store<char*>(request.data, buffers[i].release());
    }
  }
}

} // namespace vmrun::vix
