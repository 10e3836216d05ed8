# SPDX-License-Identifier: Apache-2.0
# The VMware::VixSemiPublic::API::* stubs (docs/perl.md#semi-public): a package that loads them
# beside the public modules, as VMware's QA framework does, compiles without a warning; the two
# known device calls return no job, and waiting for it gives the library's invalid-handle error.
use strict;
use warnings;
use Test::More;

my @warnings;
BEGIN { $SIG{__WARN__} = sub { push @warnings, @_ } }
use VMware::Vix::Simple;
use VMware::Vix::API::Constants;
use VMware::VixSemiPublic::API::Constants;
use VMware::VixSemiPublic::API::API;
use VMware::VixSemiPublic::API::VM;
BEGIN { is_deeply(\@warnings, [], 'public and semi-public modules load together silently') }

is(VIX_REQUESTMSG_TOOLS_UPGRADE_ONLY, 1, 'VIX_REQUESTMSG_TOOLS_UPGRADE_ONLY = 1');
my %public = map { $_ => 1 } @VMware::Vix::API::Constants::EXPORT;
is_deeply([grep { $public{$_} } @VMware::VixSemiPublic::API::Constants::EXPORT], [],
  'no semi-public constant is also public');

my $job = VMware::VixSemiPublic::API::VM::ConnectNamedDevice(0, 'ethernet0', 1, undef, undef);
is($job, VIX_INVALID_HANDLE, 'ConnectNamedDevice: no job');
is(VMware::Vix::API::Job::Wait($job, VIX_PROPERTY_NONE), VIX_E_INVALID_HANDLE,
  'waiting for it: 1000');
$job = VMware::VixSemiPublic::API::VM::IsNamedDeviceConnected(0, 'ethernet0', undef, undef);
is($job, VIX_INVALID_HANDLE, 'IsNamedDeviceConnected: no job');
is(VMware::Vix::API::Job::Wait($job, VIX_PROPERTY_NONE), VIX_E_INVALID_HANDLE,
  'waiting for it: 1000');
is_deeply(\@warnings, [], 'no warning at all');

done_testing();
