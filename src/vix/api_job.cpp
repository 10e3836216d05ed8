// SPDX-License-Identifier: Apache-2.0

// The job functions of the VIX C API (docs/libvix.md#jobs).
#include "vix/api.h"
#include "vix/outputs.h"
#include "vix/runtime.h"

#include <cstdarg>

using namespace vmrun::vix;

namespace {

// Writes record `index` of a stored job (with its error code) into the requested outputs.
VixError read_record(const Job& job, std::size_t index, int first, va_list args)
{
  const std::vector<OutputRequest> requests = read_requests(first, args);
  const VixError error = job.error();
  VixError result = VIX_OK;
  const bool stored = job.with_records([&](const std::vector<Record>& records) {
    if (index >= records.size()) {
      result = VIX_E_INVALID_ARG;
      return;
    }
    Record record = records[index];
    record[VIX_PROPERTY_JOB_RESULT_ERROR_CODE] = static_cast<std::int64_t>(error);
    write_outputs(requests, [&](int id) -> const Value* {
      auto it = record.find(id);
      return it == record.end() ? nullptr : &it->second;
    });
  });
  return stored ? result : static_cast<VixError>(VIX_E_UNFINISHED_JOB);
}

} // namespace

extern "C" {

VIX_EXPORT VixError VixJob_Wait(VixHandle jobHandle, VixPropertyID firstPropertyID, ...)
{
  va_list args;
  va_start(args, firstPropertyID);
  const VixError error = guarded([&]() -> VixError {
    const auto job = job_of(jobHandle);
    job->wait();
    if (const VixError failed = job->error(); failed != VIX_OK) {
      return failed; // the job's error first, nothing written (docs/libvix.md#wait-error-first)
    }
    return read_record(*job, 0, firstPropertyID, args);
  });
  va_end(args);
  return error;
}

VIX_EXPORT VixError VixJob_CheckCompletion(VixHandle jobHandle, Bool* complete)
{
  return guarded([&]() -> VixError {
    const auto job = job_of(jobHandle);
    if (complete == nullptr) {
      return VIX_E_INVALID_ARG;
    }
    *complete = job->complete() ? TRUE : FALSE;
    return VIX_OK;
  });
}

VIX_EXPORT VixError VixJob_GetError(VixHandle jobHandle)
{
  return guarded([&] { return job_of(jobHandle)->error(); });
}

VIX_EXPORT int VixJob_GetNumProperties(VixHandle jobHandle, int resultPropertyID)
{
  try {
    const auto job = job_of(jobHandle);
    int count = 0;
    job->with_records([&](const std::vector<Record>& records) {
      for (const auto& record : records) {
        count += record.count(resultPropertyID) > 0 ? 1 : 0;
      }
    });
    return count;
  } catch (...) {
    return 0;
  }
}

VIX_EXPORT VixError VixJob_GetNthProperties(VixHandle jobHandle, int index, int propertyID, ...)
{
  va_list args;
  va_start(args, propertyID);
  const VixError error = guarded([&]() -> VixError {
    const auto job = job_of(jobHandle);
    if (index < 0) {
      return VIX_E_INVALID_ARG;
    }
    return read_record(*job, static_cast<std::size_t>(index), propertyID, args);
  });
  va_end(args);
  return error;
}

} // extern "C"
