// SPDX-License-Identifier: Apache-2.0

#include "vix/job.h"

#include "vix/errors.h"
#include "vix/host.h"
#include "vix/property_list.h"
#include "vix/workers.h"

#include <system_error>

namespace vmrun::vix {

namespace {

// The job whose callbacks this thread is running: its VixJob_Wait must not wait for itself,
// and its results stay readable there even after a disconnect erased its handle.
thread_local std::shared_ptr<Job> t_in_callback;

class InCallback
{
public:
  explicit InCallback(std::shared_ptr<Job> job) : m_saved(std::move(t_in_callback))
  {
    t_in_callback = std::move(job);
  }
  ~InCallback() { t_in_callback = std::move(m_saved); }
  InCallback(const InCallback&) = delete;
  InCallback& operator=(const InCallback&) = delete;

private:
  std::shared_ptr<Job> m_saved;
};

} // namespace

std::shared_ptr<Job> job_of(VixHandle handle)
{
  if (t_in_callback && t_in_callback->handle() == handle && !handles().find(handle)) {
    return t_in_callback;
  }
  return lookup<Job>(handle, Kind::job);
}

// ---- Job -------------------------------------------------------------------------------------

void Job::wait()
{
  if (t_in_callback.get() == this) {
    // The results are stored; waiting for its own callback would deadlock
    // (docs/libvix.md#wait-in-callback).
    return;
  }
  std::unique_lock lock(m_mutex);
  m_done.wait(lock, [this] { return m_complete; });
}

bool Job::complete() const
{
  const std::lock_guard lock(m_mutex);
  return m_complete;
}

VixError Job::error() const
{
  const std::lock_guard lock(m_mutex);
  return m_stored ? m_error : static_cast<VixError>(VIX_E_UNFINISHED_JOB);
}

bool Job::with_records(const std::function<void(const std::vector<Record>&)>& read) const
{
  const std::lock_guard lock(m_mutex);
  if (!m_stored) {
    return false;
  }
  read(m_records);
  return true;
}

// ---- JobRun ----------------------------------------------------------------------------------

void JobRun::set(int id, Value value)
{
  m_records.front()[id] = std::move(value);
}

void JobRun::set_result_handle(VixHandle handle)
{
  // The job's reference is the one the new handle was made with.
  if (!handles().hold(*m_job, handle)) {
    handles().release(handle);
    throw VixFailure{VIX_E_CANCELLED, {}}; // the job itself was erased by a disconnect
  }
  handles().release(handle);
  set(VIX_PROPERTY_JOB_RESULT_HANDLE, HandleValue{handle});
}

void JobRun::add_record(Record record)
{
  if (m_records.size() == 1 && m_records.front().empty()) {
    m_records.front() = std::move(record);
  } else {
    m_records.push_back(std::move(record));
  }
}

void JobRun::found_item(const std::string& location)
{
  if (m_job->m_callback == nullptr) {
    return;
  }
  auto list = std::make_shared<PropertyList>(Record{{VIX_PROPERTY_FOUND_ITEM_LOCATION, location}});
  list->set_owner_host(m_job->owner_host());
  const VixHandle handle = handles().add(list);
  {
    const InCallback in(m_job);
    m_job->m_callback(m_job->handle(), VIX_EVENTTYPE_FIND_ITEM, handle, m_job->m_client_data);
  }
  // The library's: valid during the callback only (docs/libvix.md#callbacks).
  handles().release(handle);
}

// ---- running ---------------------------------------------------------------------------------

void run_job(const std::shared_ptr<Job>& job, const std::shared_ptr<Host>& host, const Work& work)
{
  JobRun run(job);
  VixFailure failure{VIX_OK, {}};
  try {
    if (host && host->disconnected()) {
      throw VixFailure{VIX_E_CANCELLED, {}};
    }
    work(run);
    if (host && host->disconnected()) {
      // VixHost_Disconnect during the work (docs/libvix.md#disconnect).
      throw VixFailure{VIX_E_CANCELLED, {}};
    }
  } catch (...) {
    failure = current_failure();
  }
  {
    const std::lock_guard lock(job->m_mutex);
    job->m_error = failure.code;
    if (failure.code == VIX_OK) {
      job->m_records = std::move(run.m_records);
    } else {
      Record record;
      if (!failure.detail.empty()) {
        record[VIX_PROPERTY_JOB_RESULT_EXTRA_ERROR_INFO] = failure.detail;
      }
      job->m_records = {std::move(record)};
    }
    job->m_stored = true;
  }
  if (job->m_callback != nullptr) {
    const InCallback in(job);
    job->m_callback(job->handle(), VIX_EVENTTYPE_JOB_COMPLETED, VIX_INVALID_HANDLE,
                    job->m_client_data);
  }
  // The library's own reference (docs/libvix.md#job-release) goes before waiters wake, so that a
  // caller who waited and released holds the last one: its release destroys the handle at once.
  handles().release(job->handle());
  {
    const std::lock_guard lock(job->m_mutex);
    job->m_complete = true;
  }
  job->m_done.notify_all();
}

VixHandle start_job(const std::shared_ptr<Host>& host, VixEventProc* callback, void* client_data,
                    Work work)
{
  std::shared_ptr<Job> job;
  try {
    job = std::make_shared<Job>(callback, client_data);
    if (host) {
      job->set_owner_host(host->handle());
    }
    handles().add(job);
  } catch (...) {
    return VIX_INVALID_HANDLE; // no memory, or no handle values left
  }
  // Kept until the last callback has returned (docs/libvix.md#job-release).
  handles().add_ref(job->handle());
  const VixHandle handle = job->handle();
  try {
    workers().spawn([job, host, work = std::move(work)] { run_job(job, host, work); });
  } catch (...) {
    // No thread: the job fails here, before the call returns (the doc allows the callback
    // before the return).
    run_job(job, host, [](JobRun&) { throw VixFailure{VIX_E_OUT_OF_MEMORY, {}}; });
  }
  return handle;
}

VixHandle failed_job(const std::shared_ptr<Host>& host, VixEventProc* callback, void* client_data,
                     VixError code)
{
  return start_job(host, callback, client_data, [code](JobRun&) { throw VixFailure{code, {}}; });
}

} // namespace vmrun::vix
