# SPDX-License-Identifier: Apache-2.0
# The low-level, function-style layer of the VIX Perl API (docs/perl.md#low-level). Its functions
# are XS in VMware::Vix::Simple's object, made from perl/api.table; loading any of the
# VMware::Vix::API::{API,Host,VM,Job,Snapshot,PropertyList} modules loads that object.
package VMware::Vix::API::API;
use strict;
use warnings;
use VMware::Vix::Simple ();

our $VERSION = '0.1';

1;

__END__

=head1 NAME

VMware::Vix::API::API - the low-level VIX Perl API: handles, properties, errors

=head1 SYNOPSIS

  use VMware::Vix::Simple;    # defines every low-level package too
  use VMware::Vix::API::Constants;

  my $job = VMware::Vix::API::VM::PowerOn($vm, VIX_VMPOWEROP_NORMAL, VIX_INVALID_HANDLE,
                                          undef, 0);
  my $err = VMware::Vix::API::Job::Wait($job, VIX_PROPERTY_NONE);
  VMware::Vix::API::API::ReleaseHandle($job);

=head1 DESCRIPTION

A function-style mirror of the VIX C API, called fully qualified; handles are plain integers.
Each package holds its C functions' names without their prefix:

=over

=item VMware::Vix::API::API

C<ReleaseHandle>, C<AddRefHandle>, C<GetHandleType>, C<GetProperties>, C<GetErrorText> (as the
Simple functions), C<GetPropertyType> (C<($err, $type)>), C<FreeBuffer> (does nothing: strings
reach Perl as copies).

=item VMware::Vix::API::Host

C<Connect>, C<RegisterVM>, C<UnregisterVM>, C<OpenVM> (return a job), C<Disconnect>, and
C<FindItems($host, $searchType, $searchCriteria, $timeout, undef, 0)>, which waits and returns
C<($err, @paths)>.

=item VMware::Vix::API::VM

Every C<VixVM_*> function: the asynchronous ones take the C arguments in C order, callbackProc
and clientData included, and return the job handle (release it); the snapshot getters return
C<($err, $value)>.

=item VMware::Vix::API::Job

C<Wait($job, @ids, VIX_PROPERTY_NONE)> (C<$err>, or C<($err, @values)> with ids),
C<WaitTimeout($job, $seconds)> (C<($complete, $err, $elapsedSeconds)>, C<$err> undef while the
job runs), C<CheckCompletion> (C<($err, $complete)>), C<GetError>, C<GetNumProperties($job, $id)>,
C<GetNthProperties($job, $index, @ids)> (C<($err, @values)>).

=item VMware::Vix::API::Snapshot

C<GetNumChildren>, C<GetChild>, C<GetParent>: C<($err, $value)>.

=item VMware::Vix::API::PropertyList

C<AllocPropertyList>, as the Simple function.

=back

A callbackProc must be undef: a Perl sub cannot run on the library's threads, so a code
reference dies with a message. clientData is ignored.

=head1 SEE ALSO

L<VMware::Vix::Simple>, L<VMware::Vix::API::Constants>; the project's F<docs/perl.md>.

=cut
