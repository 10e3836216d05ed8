# SPDX-License-Identifier: Apache-2.0
# VMware::Vix::API::Host: part of the low-level layer that VMware::Vix::API::API describes.
package VMware::Vix::API::Host;
use VMware::Vix::API::API;
1;
