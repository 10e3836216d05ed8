// SPDX-License-Identifier: Apache-2.0

// VixVM_CaptureScreenImage (docs/behaviour.md#libvix-screen): the host's screenshot of the console
// (CreateScreenshot_Task, downloaded, the host's copy deleted), as the job's PNG blob.
#include "core/console/console.h"
#include "vix/api.h"
#include "vix/runtime.h"
#include "vix/vm.h"

#include <limits>

using namespace vmrun::vix;
namespace core = vmrun::core;

extern "C" {

VIX_EXPORT VixHandle VixVM_CaptureScreenImage(VixHandle vmHandle, int captureType,
                                              VixHandle /*additionalProperties*/,
                                              VixEventProc* callbackProc, void* clientData)
{
  return job_entry([&] {
    // vSphere saves PNG only; the uncompressed flavour gets the host's PNG as well.
    if (captureType != VIX_CAPTURESCREENFORMAT_PNG &&
        captureType != VIX_CAPTURESCREENFORMAT_PNG_NOCOMPRESS) {
      return failed_job(nullptr, callbackProc, clientData, VIX_E_SCREEN_CAPTURE_BAD_FORMAT);
    }
    // No guest login needed: the host takes the screenshot, not the guest.
    return vm_job(vmHandle, callbackProc, clientData, [](JobRun& run, Vm& vm) {
      const std::string png = vm.host()->with_session([&](core::Session& session) {
        return core::capture_screen_png(session, vm.vmx(), k_job_deadline);
      });
      if (png.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        throw VixFailure{VIX_E_SCREEN_CAPTURE_LARGE_DATA, {}};
      }
      run.set(VIX_PROPERTY_JOB_RESULT_SCREEN_IMAGE_SIZE, static_cast<int>(png.size()));
      run.set(VIX_PROPERTY_JOB_RESULT_SCREEN_IMAGE_DATA, Blob(png.begin(), png.end()));
    });
  });
}

} // extern "C"
