# SPDX-License-Identifier: Apache-2.0
# Stub of VMware's internal "semi-public" API module (docs/perl.md#semi-public): it only loads the
# public one, as nothing of the internal API is known.
package VMware::VixSemiPublic::API::API;
use VMware::Vix::Simple ();
1;
