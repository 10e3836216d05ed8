// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "core/vsphere/datastore_path.h"
#include "core/vsphere/session.h"

#include <cstdint>
#include <string>

namespace vmrun::core {

// The HTTPS URL of a datastore file: https://<authority>/folder/<path>?dcPath=<dc>&dsName=<ds>
// (path segments percent-encoded with "/" kept, query values encoded once:
// docs/behaviour.md#datastore-files). `datacenter` is the datacenter's inventory path ("DC0",
// "folder/DC1").
std::string datastore_file_url(const transport::Endpoint& endpoint, const std::string& datacenter,
                               const DatastorePath& file);

// Percent-encodes everything but RFC 3986 unreserved characters (and "/" when `keep_slash`).
std::string percent_encode(std::string_view text, bool keep_slash);

// Streams a datastore file of `datacenter` to `write` (GET with the session cookie). Throws
// Error "A file was not found" for 404, another Error for other failures.
void download_datastore_file(Session& session, const Datacenter& datacenter,
                             const DatastorePath& file, const transport::WriteCallback& write);

// Streams `body` into a datastore file (PUT with the session cookie). A datastore URL takes any
// number of PUTs, each replacing the file: an upload that a reused connection dropped starts
// over to the same URL when `body` can be rewound (HttpClient::upload).
void upload_datastore_file(Session& session, const Datacenter& datacenter,
                           const DatastorePath& file, const transport::UploadBody& body);

} // namespace vmrun::core
