// SPDX-License-Identifier: Apache-2.0

#pragma once

// What the files of exported functions share. Every exported body runs inside `guarded` (or a
// try/catch of its own): no exception and no C++ type crosses the C boundary.
#include "vix/errors.h"
#include "vix/job.h"
#include "vmware-vix/vix.h"

#include <memory>
#include <string>

// The 73 functions are the library's only visible symbols: this marks them in the source, and
// src/vix/exports.map lists them for the linker (everything else is -fvisibility=hidden).
#define VIX_EXPORT __attribute__((visibility("default")))

namespace vmrun::vix {

class Host;
class Vm;

// A copy of a borrowed C string (docs/libvix.md#input-strings); "" for NULL.
inline std::string copy_text(const char* text)
{
  return text ? std::string(text) : std::string();
}

// A job on a VM handle: checks the handle (a failed job when it is not a live VM), then starts
// `work` with the VM. The job is obtained through the VM's host, so that its disconnect erases
// it (docs/libvix.md#disconnect).
VixHandle vm_job(VixHandle vm_handle, VixEventProc* callback, void* client_data,
                 std::function<void(JobRun&, Vm&)> work);

// A VM job that fails with VIX_E_NOT_SUPPORTED once the handle is checked
// (docs/behaviour.md#libvix-not-supported).
VixHandle unsupported_vm_job(VixHandle vm_handle, VixEventProc* callback, void* client_data);

// Starts a job, or answers VIX_INVALID_HANDLE if even that throws (it does not).
template <typename Start>
VixHandle job_entry(Start&& start) noexcept
{
  try {
    return start();
  } catch (...) {
    return VIX_INVALID_HANDLE;
  }
}

} // namespace vmrun::vix
