// SPDX-License-Identifier: Apache-2.0

// WaitForUpdatesEx replies (core/vsphere/wait.h): the UpdateSet's changes for our filter
// (dispatch_updates) and each changed value read as a TaskInfo (read_task_info: progress,
// result, or the task's fault).
#include "core/vsphere/wait.h"
#include "fuzz_support.h"

using namespace vmrun;
using transport::MoRef;
using transport::XmlNode;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const auto doc = fuzz::parse_xml(fuzz::as_text(data, size));
  if (!doc) {
    return 0;
  }
  XmlNode update_set = fuzz::method_response(*doc);
  if (update_set.name() == "WaitForUpdatesExResponse") {
    update_set = update_set.child("returnval");
  }
  // Our filter is the one the reply names first (the usual case), then one no XML text can
  // name (a control character).
  const MoRef ours = update_set.child("filterSet").child("filter").as_moref();
  for (const MoRef& filter : {ours, MoRef{"PropertyFilter", "\x01"}}) {
    core::TaskResult result;
    std::optional<transport::SoapFault> failure;
    std::uint64_t last_percent = 0;
    const core::ProgressFn progress = [&](std::uint64_t done, std::uint64_t total) {
      fuzz::require(total == 100, "progress is in percent");
      last_percent = done;
    };
    const bool ended = core::dispatch_updates(update_set, filter,
                                              [&](const std::string&, const XmlNode& val) {
                                                return core::read_task_info(val, progress, result,
                                                                            failure);
                                              });
    fuzz::require(!failure || ended, "a task's fault ends the wait");
    fuzz::require(filter == ours || !ended, "changes of another filter are not ours");
    (void)last_percent;
  }
  return 0;
}
