# SPDX-License-Identifier: Apache-2.0
# VMware::Vix::API::Job: part of the low-level layer that VMware::Vix::API::API describes.
package VMware::Vix::API::Job;
use VMware::Vix::API::API;
1;
