// SPDX-License-Identifier: Apache-2.0

#pragma once

// Jobs (docs/libvix.md#jobs): every asynchronous call returns one at once and its work runs on a
// worker thread, which stores the error and the results, runs the callbacks, then marks the job
// complete and wakes its waiters.
#include "vix/runtime.h"
#include "vix/values.h"
#include "vmware-vix/vix.h"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace vmrun::vix {

class Host;
class JobRun;

class Job : public Object
{
public:
  Job(VixEventProc* callback, void* client_data)
    : Object(Kind::job), m_callback(callback), m_client_data(client_data)
  {
  }

  // Blocks until complete; from inside this job's own callback, returns at once
  // (docs/libvix.md#wait-in-callback).
  void wait();
  // Whether the job is complete (its last callback has returned).
  bool complete() const;
  // The error, or VIX_E_UNFINISHED_JOB before the results are stored.
  VixError error() const;
  // Runs `read` on the stored records (record 0 is the single result) once they are stored;
  // returns false before that.
  bool with_records(const std::function<void(const std::vector<Record>&)>& read) const;

private:
  friend class JobRun;
  friend void run_job(const std::shared_ptr<Job>&, const std::shared_ptr<Host>&,
                      const std::function<void(JobRun&)>&);
  VixEventProc* m_callback;
  void* m_client_data;
  mutable std::mutex m_mutex;
  std::condition_variable m_done;
  // Error and records readable, also in the callback (docs/libvix.md#job-results).
  bool m_stored = false;
  // The last callback has returned (docs/libvix.md#wait-in-callback).
  bool m_complete = false;
  VixError m_error = VIX_OK;
  std::vector<Record> m_records;
};

// What the work of a job sees: its results and its events.
class JobRun
{
public:
  JobRun(std::shared_ptr<Job> job) : m_job(std::move(job)) {}
  Job& job() { return *m_job; }
  // Sets a result in record 0.
  void set(int id, Value value);
  // A result handle the job keeps a reference on (docs/libvix.md#held-handles) until it dies; the
  // reference `handle` came with passes to the job.
  void set_result_handle(VixHandle handle);
  // Appends a result record (multi-record results).
  void add_record(Record record);
  // Tells the callback about one found item (docs/libvix.md#callbacks): a property list carrying
  // VIX_PROPERTY_FOUND_ITEM_LOCATION, valid during the callback only.
  void found_item(const std::string& location);

private:
  std::shared_ptr<Job> m_job;
  std::vector<Record> m_records{Record{}};
  friend void run_job(const std::shared_ptr<Job>&, const std::shared_ptr<Host>&,
                      const std::function<void(JobRun&)>&);
};

using Work = std::function<void(JobRun&)>;

// Creates a job and starts `work` on a worker thread; returns the job's handle (the caller's
// reference). `host` (may be null) is the host the job acts through: its disconnect erases the
// job (docs/libvix.md#disconnect), and a job that ends after it reports VIX_E_CANCELLED. A failure
// to start a thread becomes the job's error. Returns VIX_INVALID_HANDLE only when no job can be
// made at all.
VixHandle start_job(const std::shared_ptr<Host>& host, VixEventProc* callback, void* client_data,
                    Work work);

// The job of `handle`: a live job handle, or the job whose callback this thread is running,
// even once VixHost_Disconnect erased its handle (its results stay readable there,
// docs/libvix.md#job-results).
// Throws HandleError.
std::shared_ptr<Job> job_of(VixHandle handle);

// A job that fails with `code` (after arguments were found wrong): still a job
// (docs/libvix.md#job-once).
VixHandle failed_job(const std::shared_ptr<Host>& host, VixEventProc* callback, void* client_data,
                     VixError code);

} // namespace vmrun::vix
