// SPDX-License-Identifier: Apache-2.0

#pragma once

// VixHost_Connect's work, apart from the host handle it makes (host.h), so that the handle's
// header needs nothing of jobs.
#include "vix/job.h"

#include <string>

namespace vmrun::vix {

// The settings of VixHost_Connect, copied (docs/libvix.md#input-strings) and checked before the job
// starts.
struct ConnectRequest {
  int provider = 0;
  std::string host_name;
  int host_port = 0;
  std::string user;
  std::string password; // a clone ticket when there is no user
  int options = 0;
};

// The connect job's work: logs in (TLS policy of docs/behaviour.md#libvix-tls) and makes the host
// handle.
void connect_host(JobRun& run, const ConnectRequest& request);

} // namespace vmrun::vix
