# SPDX-License-Identifier: Apache-2.0
# VMware::Vix::Simple against the simulator (run by t/run_tests.sh once per model, with
# VIX_TEST_MODEL, _HOST, _USER, _PASSWORD and _WORK set): connect, find, open, properties,
# variables, guest operations, power cycle and snapshots, each result read back exactly.
use strict;
use warnings;
use Test::More;
use B ();
use POSIX ();
use VMware::Vix::Simple;
use VMware::Vix::API::Constants;

for my $name (qw(VIX_TEST_MODEL VIX_TEST_HOST VIX_TEST_USER VIX_TEST_PASSWORD VIX_TEST_WORK)) {
  BAIL_OUT("$name is not set") unless defined $ENV{$name};
}
my $model = $ENV{VIX_TEST_MODEL};
my $vm_name = $model eq 'esx' ? 'ha-host_VM0' : 'DC0_H0_VM0';
my $work = $ENV{VIX_TEST_WORK};
my $ON = VIX_POWERSTATE_POWERED_ON | VIX_POWERSTATE_TOOLS_RUNNING;

# Connect: a wrong password first, then the right one.
my @bad = HostConnect(VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER, $ENV{VIX_TEST_HOST},
  0, $ENV{VIX_TEST_USER}, 'wrong', 0, VIX_INVALID_HANDLE);
is_deeply(\@bad, [VIX_E_AUTHENTICATION_FAIL, VIX_INVALID_HANDLE], 'wrong password: (35, 0)');
my ($err, $host) = HostConnect(VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER,
  $ENV{VIX_TEST_HOST}, 443, $ENV{VIX_TEST_USER}, $ENV{VIX_TEST_PASSWORD}, 0, VIX_INVALID_HANDLE);
is($err, VIX_OK, 'HostConnect');

# Returned codes, handles and integer properties are numbers (IV), never strings: an integer
# flag and no string flag, as `==`, `|` and Moose's Int need.
sub numeric {
  my $flags = B::svref_2object(\$_[0])->FLAGS;
  return ($flags & B::SVf_IOK) && !($flags & B::SVf_POK) ? 1 : 0;
}
is_deeply([numeric($err), numeric($host), numeric($bad[0]), numeric($bad[1])], [1, 1, 1, 1],
  'error codes and handles are plain integers');

# An object that overloads stringification is passed as its string (a URI object as host name).
{
  package Url;
  use overload '""' => sub { $_[0]{url} }, fallback => 1;
}
my ($oerr, $ohost) = HostConnect(VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER,
  bless({ url => $ENV{VIX_TEST_HOST} }, 'Url'), 443, $ENV{VIX_TEST_USER}, $ENV{VIX_TEST_PASSWORD},
  0, VIX_INVALID_HANDLE);
is_deeply([$oerr, GetHandleType($ohost)], [VIX_OK, VIX_HANDLETYPE_HOST],
  'an overloaded object as host name');
HostDisconnect($ohost);
is(GetHandleType($host), VIX_HANDLETYPE_HOST, 'a host handle');

# Find: every registered VM, each path opened and read back unchanged.
my ($ferr, @paths) = FindItems($host, VIX_FIND_REGISTERED_VMS, -1);
is($ferr, VIX_OK, 'FindItems registered');
is(scalar(@paths), $model eq 'esx' ? 2 : 4, 'the model\'s VMs');
my ($rerr, @running) = FindRunningVMs($host, 100);
is($rerr, VIX_OK, 'FindRunningVMs');
is_deeply([sort @running], [sort @paths], 'all of them running at start');
# The timeouts consumers pass: each search works alike.
for my $timeout (10, 15, 300) {
  my ($terr, @found) = FindItems($host, VIX_FIND_REGISTERED_VMS, $timeout);
  my ($trerr, @found_running) = FindRunningVMs($host, $timeout);
  is_deeply([$terr, [sort @found], $trerr, [sort @found_running]],
    [VIX_OK, [sort @paths], VIX_OK, [sort @paths]], "FindItems and FindRunningVMs, timeout $timeout");
}
my ($vm, $vmx);
for my $path (@paths) {
  my ($oerr, $h) = VMOpen($host, $path);
  is($oerr, VIX_OK, "VMOpen $path");
  my ($perr, $pathname) = GetProperties($h, VIX_PROPERTY_VM_VMX_PATHNAME);
  is_deeply([$perr, $pathname], [VIX_OK, $path], 'VMX_PATHNAME is the found path');
  my ($verr, $display) = VMReadVariable($h, VIX_VM_CONFIG_RUNTIME_ONLY, 'displayName', 0);
  is($verr, VIX_OK, 'displayName read');
  if ($display eq $vm_name) {
    ($vm, $vmx) = ($h, $path);
  } else {
    ReleaseHandle($h);
  }
}
ok($vm, "found $vm_name") or BAIL_OUT("no $vm_name");
is(GetHandleType($vm), VIX_HANDLETYPE_VM, 'a VM handle');
my ($again_err, $again) = VMOpen($host, $vmx);
is_deeply([$again_err, $again], [VIX_OK, $vm], 'opening it again gives the same handle');
ReleaseHandle($again);

# Properties: one typed value per id; an unknown id is an error code.
my @typed = GetProperties($vm, VIX_PROPERTY_VM_POWER_STATE, VIX_PROPERTY_VM_READ_ONLY,
  VIX_PROPERTY_VM_VMX_PATHNAME);
is_deeply([map { numeric($_) } $vm, @typed], [1, 1, 1, 1, 0],
  'the VM handle, the code, an integer and a Bool are numbers; the path a string');
is_deeply([GetProperties($vm, VIX_PROPERTY_VM_POWER_STATE, VIX_PROPERTY_VM_READ_ONLY)],
  [VIX_OK, $ON, 0], 'power state on with Tools, not read-only');
is_deeply([GetProperties($vm, 4202)], [VIX_E_UNRECOGNIZED_PROPERTY, undef],
  'a private property id: 6000');

# AllocPropertyList: pairs converted by each id's type, read back exactly; the terminator is
# optional; unknown ids, blobs and more than four pairs are error codes, a missing value dies.
my ($plerr, $plist) = AllocPropertyList($host, VIX_PROPERTY_VM_ENCRYPTION_PASSWORD, 'secret',
  VIX_PROPERTY_VM_NUM_VCPUS, '2', VIX_PROPERTY_VM_READ_ONLY, 'yes',
  VIX_PROPERTY_JOB_RESULT_FILE_SIZE, 2**40, VIX_PROPERTY_NONE);
is($plerr, VIX_OK, 'AllocPropertyList: four pairs');
is(GetHandleType($plist), VIX_HANDLETYPE_PROPERTY_LIST, 'a property-list handle');
is_deeply([GetProperties($plist, VIX_PROPERTY_VM_ENCRYPTION_PASSWORD, VIX_PROPERTY_VM_NUM_VCPUS,
  VIX_PROPERTY_VM_READ_ONLY, VIX_PROPERTY_JOB_RESULT_FILE_SIZE)],
  [VIX_OK, 'secret', 2, 1, 1099511627776], 'string, integer, Bool and int64 read back');
ReleaseHandle($plist);
is(GetHandleType($plist), VIX_HANDLETYPE_NONE, 'released');
my ($hlerr, $hlist) = AllocPropertyList($host, VIX_PROPERTY_JOB_RESULT_HANDLE, $vm);
is($hlerr, VIX_OK, 'AllocPropertyList: a handle, no terminator');
is_deeply([GetProperties($hlist, VIX_PROPERTY_JOB_RESULT_HANDLE)], [VIX_OK, $vm],
  'the handle read back');
ReleaseHandle($vm);    # the reference the read gave
ReleaseHandle($hlist);
my @empty = AllocPropertyList($host, VIX_PROPERTY_NONE);
is_deeply([$empty[0], GetHandleType($empty[1])], [VIX_OK, VIX_HANDLETYPE_PROPERTY_LIST],
  'an empty list');
ReleaseHandle($empty[1]);
is_deeply([AllocPropertyList($host, 4202, 1, VIX_PROPERTY_NONE)],
  [VIX_E_UNRECOGNIZED_PROPERTY, VIX_INVALID_HANDLE], 'an unknown id: (6000, 0)');
is_deeply([AllocPropertyList($host, VIX_PROPERTY_JOB_RESULT_SCREEN_IMAGE_DATA, 'x')],
  [VIX_E_INVALID_ARG, VIX_INVALID_HANDLE], 'a blob by value: (3, 0)');
is_deeply([AllocPropertyList($host, map { (VIX_PROPERTY_VM_NUM_VCPUS, $_) } 1 .. 5)],
  [VIX_E_INVALID_ARG, VIX_INVALID_HANDLE], 'five pairs: (3, 0)');
is(scalar(AllocPropertyList($host, VIX_PROPERTY_VM_NUM_VCPUS, 1)), VIX_OK,
  'scalar context: the error code alone');
ok(!eval { AllocPropertyList($host, VIX_PROPERTY_VM_NUM_VCPUS); 1 }, 'an id without a value dies');
like($@, qr/^AllocPropertyList: property 101 has no value/, 'with a message');

# Variables.
is(VMWriteVariable($vm, VIX_VM_GUEST_VARIABLE, 'color', 'blue', 0), VIX_OK, 'write guestinfo');
is_deeply([VMReadVariable($vm, VIX_VM_GUEST_VARIABLE, 'color', 0)], [VIX_OK, 'blue'],
  'read it back');
is_deeply([VMReadVariable($vm, VIX_VM_CONFIG_RUNTIME_ONLY, 'guestinfo.color', 0)],
  [VIX_OK, 'blue'], 'the same key as runtime configuration');
is(VMWriteVariable($vm, VIX_VM_GUEST_VARIABLE, 'a=b', 'x', 0), VIX_E_INVALID_ARG,
  'a bad name: 3');
# Strings go in as UTF-8 and come back as bytes without the UTF-8 flag.
is(VMWriteVariable($vm, VIX_VM_GUEST_VARIABLE, 'word', "caf\x{e9} \x{263a}", 0), VIX_OK,
  'a character string written');
my ($uerr, $word) = VMReadVariable($vm, VIX_VM_GUEST_VARIABLE, 'word', 0);
is_deeply([$uerr, $word, utf8::is_utf8($word) ? 1 : 0],
  [VIX_OK, "caf\xc3\xa9 \xe2\x98\xba", 0], 'read back as its UTF-8 bytes, unflagged');

# Guest: login, copies both ways, programs, processes, screen.
is(VMWaitForToolsInGuest($vm, 10), VIX_OK, 'Tools running');
is(VMRunProgramInGuest($vm, '/bin/true', '', 0, VIX_INVALID_HANDLE),
  VIX_E_ANON_GUEST_OPERATIONS_PROHIBITED, 'no login: 3018');
is(VMLoginInGuest($vm, 'user', 'wrong', 0), VIX_E_GUEST_USER_PERMISSIONS, 'wrong guest password');
is(VMLoginInGuest($vm, 'user', 'userpw', 0), VIX_OK, 'VMLoginInGuest');
my $src = "$work/perl-up-$model.txt";
my $back = "$work/perl-back-$model.txt";
open(my $fh, '>', $src) or die "$src: $!";
binmode $fh;
print $fh "from perl\n\x00\xff bytes\n";
close $fh;
is(VMCopyFileFromHostToGuest($vm, $src, '/home/user/perl.txt', 0, VIX_INVALID_HANDLE), VIX_OK,
  'copy to the guest');
is(VMCopyFileFromGuestToHost($vm, '/home/user/perl.txt', $back, 0, VIX_INVALID_HANDLE), VIX_OK,
  'copy back');
open($fh, '<', $back) or die "$back: $!";
binmode $fh;
my $content = do { local $/; <$fh> };
close $fh;
is($content, "from perl\n\x00\xff bytes\n", 'the same bytes came back');
is(VMCopyFileFromGuestToHost($vm, '/home/user/none.txt', $back, 0, VIX_INVALID_HANDLE),
  VIX_E_FILE_NOT_FOUND, 'a missing guest file: 4');
is(VMRunProgramInGuest($vm, '/bin/true', '', 0, VIX_INVALID_HANDLE), VIX_OK, '/bin/true');
is(VMRunProgramInGuest($vm, '/bin/false', undef, 0, VIX_INVALID_HANDLE), VIX_OK,
  'a non-zero exit code is no error');
is(VMRunProgramInGuest($vm, '/bin/nonexistent', '', 0, VIX_INVALID_HANDLE), VIX_E_FILE_NOT_FOUND,
  'a missing program: 4');
is(VMRunProgramInGuest($vm, '/bin/sleep', '300', VIX_RUNPROGRAM_RETURN_IMMEDIATELY,
  VIX_INVALID_HANDLE), VIX_OK, 'sleep started');
my ($lerr, @procs) = VMListProcessesInGuest($vm);
is($lerr, VIX_OK, 'VMListProcessesInGuest');
my @sleeps = grep { $_->{PROCESS_COMMAND} eq '/bin/sleep 300' } @procs;
is(scalar(@sleeps), 1, 'one sleep process');
my $sleep = $sleeps[0] || {};
is_deeply([sort keys %$sleep], [qw(PROCESS_BEING_DEBUGGED PROCESS_COMMAND PROCESS_ID PROCESS_NAME
  PROCESS_OWNER PROCESS_START_TIME)], 'the record\'s keys');
is($sleep->{PROCESS_NAME}, 'sleep', 'PROCESS_NAME');
is($sleep->{PROCESS_OWNER}, 'user', 'PROCESS_OWNER');
is($sleep->{PROCESS_BEING_DEBUGGED}, 0, 'PROCESS_BEING_DEBUGGED');
like($sleep->{PROCESS_ID} // '', qr/^[1-9][0-9]*$/, 'PROCESS_ID a number');
cmp_ok(abs(($sleep->{PROCESS_START_TIME} // 0) - time), '<', 120, 'PROCESS_START_TIME now');
is(VMKillProcessInGuest($vm, $sleep->{PROCESS_ID}, 0), VIX_OK, 'VMKillProcessInGuest');
is(VMKillProcessInGuest($vm, $sleep->{PROCESS_ID}, 0), VIX_E_NO_SUCH_PROCESS,
  'killed again: 20003');
my ($cerr, $size, $png) = VMCaptureScreenImage($vm, VIX_CAPTURESCREENFORMAT_PNG,
  VIX_INVALID_HANDLE);
is($cerr, VIX_OK, 'VMCaptureScreenImage');
cmp_ok($size, '>', 8, 'an image');
is(length($png), $size, 'binary-safe: length is the size');
is(substr($png, 0, 8), "\x89PNG\r\n\x1a\n", 'a PNG');
is(VMLogoutFromGuest($vm), VIX_OK, 'VMLogoutFromGuest');
is(VMRunProgramInGuest($vm, '/bin/true', '', 0, VIX_INVALID_HANDLE),
  VIX_E_ANON_GUEST_OPERATIONS_PROHIBITED, 'logged out: 3018');

# Guest files and directories, programs with their results.
is(VMLoginInGuest($vm, 'user', 'userpw', 0), VIX_OK, 'logged in again');
is_deeply([VMFileExistsInGuest($vm, '/etc/hostname')], [VIX_OK, 1], 'a file exists');
is_deeply([VMFileExistsInGuest($vm, '/etc/none')], [VIX_OK, 0], 'a missing file');
is_deeply([VMFileExistsInGuest($vm, '/etc')], [VIX_OK, 0], 'a directory is no file');
is_deeply([VMDirectoryExistsInGuest($vm, '/etc')], [VIX_OK, 1], 'a directory exists');
is_deeply([VMDirectoryExistsInGuest($vm, '/etc/hostname')], [VIX_OK, 0], 'a file is no directory');
is(VMCreateDirectoryInGuest($vm, '/home/user/pd', VIX_INVALID_HANDLE), VIX_OK, 'mkdir');
is(VMCreateDirectoryInGuest($vm, '/home/user/pd', VIX_INVALID_HANDLE), VIX_E_FILE_ALREADY_EXISTS,
  'mkdir again: 12');
my ($terr, $temp) = VMCreateTempFileInGuest($vm, 0, VIX_INVALID_HANDLE);
is($terr, VIX_OK, 'VMCreateTempFileInGuest');
is_deeply([VMFileExistsInGuest($vm, $temp)], [VIX_OK, 1], "the temporary file $temp exists");
is(VMRunScriptInGuest($vm, '/bin/sh', 'printf abc > /home/user/pd/f.txt', 0, VIX_INVALID_HANDLE),
  VIX_OK, 'VMRunScriptInGuest');
my ($xerr, %info) = VMGetFileInfoInGuest($vm, '/home/user/pd/f.txt');
is($xerr, VIX_OK, 'VMGetFileInfoInGuest');
is_deeply([sort keys %info], [qw(FILE_FLAGS FILE_MOD_TIME FILE_SIZE)], 'its keys');
is($info{FILE_SIZE}, 3, 'FILE_SIZE');
is($info{FILE_FLAGS}, 0, 'FILE_FLAGS of a file');
cmp_ok(abs($info{FILE_MOD_TIME} - time), '<', 120, 'FILE_MOD_TIME now');
my ($derr, %dinfo) = VMGetFileInfoInGuest($vm, '/home/user/pd');
is_deeply([$derr, $dinfo{FILE_FLAGS}], [VIX_OK, VIX_FILE_ATTRIBUTES_DIRECTORY], 'a directory\'s flags');
my ($lserr, @entries) = VMListDirectoryInGuest($vm, '/home/user/pd', 0);
is($lserr, VIX_OK, 'VMListDirectoryInGuest');
is(scalar(@entries), 1, 'one entry');
is_deeply([sort keys %{$entries[0] || {}}], [qw(FILE_ATTRIBUTES FILE_MOD_TIME FILE_NAME FILE_SIZE)],
  'the entry\'s keys');
is_deeply([@{$entries[0] || {}}{qw(FILE_NAME FILE_SIZE FILE_ATTRIBUTES)}], ['f.txt', 3, 0],
  'name, size, attributes');
is(VMRenameFileInGuest($vm, '/home/user/pd/f.txt', '/home/user/pd/g.txt', 0, VIX_INVALID_HANDLE),
  VIX_OK, 'VMRenameFileInGuest');
is_deeply([VMFileExistsInGuest($vm, '/home/user/pd/g.txt')], [VIX_OK, 1], 'renamed');
is(VMDeleteFileInGuest($vm, '/home/user/pd/g.txt'), VIX_OK, 'VMDeleteFileInGuest');
is(VMDeleteFileInGuest($vm, '/home/user/pd/g.txt'), VIX_E_FILE_NOT_FOUND, 'deleted again: 4');
is(VMDeleteDirectoryInGuest($vm, '/home/user/pd', 0), VIX_OK, 'VMDeleteDirectoryInGuest');
is_deeply([VMDirectoryExistsInGuest($vm, '/home/user/pd')], [VIX_OK, 0], 'the directory is gone');
my ($rxerr, %proc) = VMRunProgramInGuestEx($vm, '/bin/sh', "-c 'exit 7'", 0, VIX_INVALID_HANDLE);
is($rxerr, VIX_OK, 'VMRunProgramInGuestEx');
is_deeply([sort keys %proc], [qw(ELAPSED_TIME EXIT_CODE PROCESS_ID)], 'its keys');
is($proc{EXIT_CODE}, 7, 'EXIT_CODE');
like($proc{PROCESS_ID}, qr/^[1-9][0-9]*$/, 'PROCESS_ID');
my ($imerr, %started) = VMRunProgramInGuestEx($vm, '/bin/true', '',
  VIX_RUNPROGRAM_RETURN_IMMEDIATELY, VIX_INVALID_HANDLE);
is_deeply([$imerr, $started{ELAPSED_TIME}, $started{EXIT_CODE}], [VIX_OK, undef, undef],
  'started only: no elapsed time, no exit code');
my ($sxerr, %script) = VMRunScriptInGuestEx($vm, '/bin/sh', 'exit 3', 0, VIX_INVALID_HANDLE);
is_deeply([$sxerr, $script{EXIT_CODE}], [VIX_OK, 3], 'VMRunScriptInGuestEx: EXIT_CODE');
is_deeply([sort keys %script], [qw(ELAPSED_TIME EXIT_CODE PROCESS_ID)],
  'VMRunScriptInGuestEx: its keys');
is_deeply([map { numeric($script{$_}) } qw(ELAPSED_TIME EXIT_CODE PROCESS_ID)], [1, 1, 1],
  'VMRunScriptInGuestEx: the values are integers');
# The low-level calls Wine TestBot and VMware's QA framework make, fully qualified.
my $job = VMware::Vix::API::VM::RunScriptInGuest($vm, '/bin/sh', 'exit 5', 0, VIX_INVALID_HANDLE,
  undef, 0);
is(VMware::Vix::Simple::GetHandleType($job), VIX_HANDLETYPE_JOB, 'RunScriptInGuest: a job handle');
is_deeply([VMware::Vix::API::Job::Wait($job, VIX_PROPERTY_JOB_RESULT_GUEST_PROGRAM_EXIT_CODE,
  VIX_PROPERTY_NONE)], [VIX_OK, 5], 'Job::Wait with an id: the exit code');
is(scalar(VMware::Vix::API::Job::Wait($job, VIX_PROPERTY_NONE)), VIX_OK, 'Job::Wait: the error');
is_deeply([VMware::Vix::API::Job::CheckCompletion($job)], [VIX_OK, 1], 'CheckCompletion');
is(VMware::Vix::API::Job::GetError($job), VIX_OK, 'GetError');
VMware::Vix::API::API::ReleaseHandle($job);
is(GetHandleType($job), VIX_HANDLETYPE_NONE, 'API::ReleaseHandle released it');
$job = VMware::Vix::API::VM::RunScriptInGuest($vm, '/bin/sh', 'sleep 3', 0, VIX_INVALID_HANDLE,
  undef, 0);
my ($complete, $jerr, $waited) = VMware::Vix::API::Job::WaitTimeout($job, 0.3);
is_deeply([$complete, $jerr], [0, undef], 'WaitTimeout: not complete, no error yet');
cmp_ok($waited, '>=', 0.3, 'waited the 0.3 s');
cmp_ok($waited, '<', 2, 'and not much longer');
($complete, $jerr, $waited) = VMware::Vix::API::Job::WaitTimeout($job, 30);
is_deeply([$complete, $jerr], [1, VIX_OK], 'WaitTimeout: complete, VIX_OK');
VMware::Vix::API::API::ReleaseHandle($job);
ok(!eval { VMware::Vix::API::VM::RunScriptInGuest($vm, '/bin/sh', 'true', 0, 0, sub { }, 0); 1 },
  'a Perl callback is refused');
like($@, qr/callbackProc must be undef/, 'with a message saying why');
is(VMLogoutFromGuest($vm), VIX_OK, 'logged out again');

# What vSphere cannot do or refuses while the VM runs.
is(VMPause($vm, 0, VIX_INVALID_HANDLE), VIX_E_NOT_SUPPORTED, 'VMPause: 6');
is(VMUnpause($vm, 0, VIX_INVALID_HANDLE), VIX_E_NOT_SUPPORTED, 'VMUnpause: 6');
is(VMUpgradeVirtualHardware($vm, 0), VIX_E_VM_IS_RUNNING, 'upgrade while on: 3007');
is(VMInstallTools($vm, VIX_INSTALLTOOLS_MOUNT_TOOLS_INSTALLER, undef), VIX_OK,
  'VMInstallTools mounts the installer');
is(VMInstallTools($vm, VIX_VM_SUPPORT_TOOLS_INSTALL, undef), VIX_OK,
  'VMInstallTools with option 4 (a VM feature bit, passed as an option): mounts too');

# Hosted-only functions and the removed ones: an error code, never "Undefined subroutine".
is(VMEnableSharedFolders($vm, 1, 0), VIX_E_NOT_SUPPORTED, 'VMEnableSharedFolders: 6');
is_deeply([VMGetNumSharedFolders($vm)], [VIX_E_NOT_SUPPORTED, 0], 'VMGetNumSharedFolders: 6');
is_deeply([VMGetSharedFolderState($vm, 0)], [VIX_E_NOT_SUPPORTED, 0, undef, undef],
  'VMGetSharedFolderState: 6');
is(VMSetSharedFolderState($vm, 'a', '/tmp', 0), VIX_E_NOT_SUPPORTED, 'VMSetSharedFolderState: 6');
is(VMAddSharedFolder($vm, 'a', '/tmp', VIX_SHAREDFOLDER_WRITE_ACCESS), VIX_E_NOT_SUPPORTED,
  'VMAddSharedFolder: 6');
is(VMRemoveSharedFolder($vm, 'a', 0), VIX_E_NOT_SUPPORTED, 'VMRemoveSharedFolder: 6');
is_deeply([VMBeginRecording($vm, 'r', '', 0, VIX_INVALID_HANDLE)],
  [VIX_E_NOT_SUPPORTED, VIX_INVALID_HANDLE], 'VMBeginRecording: 6');
is(VMEndRecording($vm, 0, VIX_INVALID_HANDLE), VIX_E_NOT_SUPPORTED, 'VMEndRecording: 6');
is(VMBeginReplay($vm, VIX_INVALID_HANDLE, 0, VIX_INVALID_HANDLE), VIX_E_NOT_SUPPORTED,
  'VMBeginReplay: 6');
is(VMEndReplay($vm, 0, VIX_INVALID_HANDLE), VIX_E_NOT_SUPPORTED, 'VMEndReplay: 6');
is(VMOpenUrlInGuest($vm, 'http://example.invalid/', 0, VIX_INVALID_HANDLE), VIX_E_NOT_SUPPORTED,
  'VMOpenUrlInGuest: 6');

# Power cycle, each state read back.
sub power_state { my ($e, $s) = GetProperties($vm, VIX_PROPERTY_VM_POWER_STATE); return $e ? -$e : $s }
is(VMPowerOff($vm, VIX_VMPOWEROP_NORMAL), VIX_OK, 'VMPowerOff');
is(power_state(), VIX_POWERSTATE_POWERED_OFF, 'off');
my ($off_again) = VMPowerOff($vm, 0);
is($off_again, VIX_E_VM_NOT_RUNNING, 'off again: 3006');
is(VMPowerOn($vm, VIX_VMPOWEROP_LAUNCH_GUI, VIX_INVALID_HANDLE), VIX_OK, 'VMPowerOn (GUI flag ignored)');
is(VMWaitForToolsInGuest($vm, 10), VIX_OK, 'Tools again');
is(power_state(), $ON, 'on with Tools');
is(VMSuspend($vm, 0), VIX_OK, 'VMSuspend');
is(power_state(), VIX_POWERSTATE_SUSPENDED, 'suspended');
is(VMPowerOn($vm, 0, VIX_INVALID_HANDLE), VIX_OK, 'resumed');
is(VMReset($vm, 0), VIX_OK, 'VMReset');
is(VMWaitForToolsInGuest($vm, 10), VIX_OK, 'Tools after reset');
is(power_state(), $ON, 'on after reset');

# Snapshots: taken while off, reverted to while on (so the VM is off again), removed.
is(VMPowerOff($vm, 0), VIX_OK, 'off for the snapshot');
my $clone_path = '[LocalDS_0] perlclone/perlclone.vmx';
my ($clerr, $clone) = VMClone($vm, VIX_INVALID_HANDLE, VIX_CLONETYPE_FULL, $clone_path, 0,
  VIX_INVALID_HANDLE);
is($clerr, VIX_OK, 'VMClone (full, of the current state)');
is(GetHandleType($clone), VIX_HANDLETYPE_VM, 'the clone\'s handle');
is_deeply([GetProperties($clone, VIX_PROPERTY_VM_VMX_PATHNAME, VIX_PROPERTY_VM_POWER_STATE)],
  [VIX_OK, $clone_path, VIX_POWERSTATE_POWERED_OFF], 'the clone: its path, off');
my ($cferr, @with_clone) = FindItems($host, VIX_FIND_REGISTERED_VMS, -1);
is_deeply([$cferr, sort @with_clone], [VIX_OK, sort(@paths, $clone_path)], 'the clone is found');
is(VMDelete($clone, VIX_VMDELETE_DISK_FILES), VIX_OK, 'the clone deleted');
ReleaseHandle($clone);
is_deeply([VMGetNumRootSnapshots($vm)], [VIX_OK, 0], 'no snapshot');
is_deeply([VMGetCurrentSnapshot($vm)], [VIX_E_SNAPSHOT_NOTFOUND, VIX_INVALID_HANDLE],
  'no current snapshot');
my ($serr, $snap) = VMCreateSnapshot($vm, 'perl-snap', 'from perl', 0, VIX_INVALID_HANDLE);
is($serr, VIX_OK, 'VMCreateSnapshot');
is(numeric($snap), 1, 'a snapshot handle is a number');
is(GetHandleType($snap), VIX_HANDLETYPE_SNAPSHOT, 'a snapshot handle');
is_deeply([GetProperties($snap, VIX_PROPERTY_SNAPSHOT_DISPLAYNAME,
  VIX_PROPERTY_SNAPSHOT_DESCRIPTION)], [VIX_OK, 'perl-snap', 'from perl'], 'its name and description');
is_deeply([VMGetNumRootSnapshots($vm)], [VIX_OK, 1], 'one root snapshot');
is_deeply([VMGetCurrentSnapshot($vm)], [VIX_OK, $snap], 'current = created (same number)');
is_deeply([VMGetRootSnapshot($vm, 0)], [VIX_OK, $snap], 'root 0 = created');
is_deeply([VMGetNamedSnapshot($vm, 'perl-snap')], [VIX_OK, $snap], 'by name = created');
ReleaseHandle($snap) for 1 .. 3;    # the three getters' references
is_deeply([VMGetRootSnapshot($vm, 1)], [VIX_E_INVALID_ARG, VIX_INVALID_HANDLE], 'root 1: 3');
is(VMPowerOn($vm, 0, VIX_INVALID_HANDLE), VIX_OK, 'on before the revert');
my ($cerr2, $child) = VMCreateSnapshot($vm, 'perl-child', undef, 0, VIX_INVALID_HANDLE);
is($cerr2, VIX_OK, 'a child snapshot');
is_deeply([SnapshotGetNumChildren($snap)], [VIX_OK, 1], 'SnapshotGetNumChildren');
is_deeply([SnapshotGetChild($snap, 0)], [VIX_OK, $child], 'SnapshotGetChild');
is_deeply([SnapshotGetChild($snap, 1)], [VIX_E_INVALID_ARG, VIX_INVALID_HANDLE], 'child 1: 3');
is_deeply([SnapshotGetParent($child)], [VIX_OK, $snap], 'SnapshotGetParent');
is_deeply([SnapshotGetParent($snap)], [VIX_OK, VIX_INVALID_HANDLE], 'a root has no parent');
ReleaseHandle($_) for $snap, $child;    # the getters' references
is(VMRemoveSnapshot($vm, $child, 0), VIX_OK, 'the child removed');
ReleaseHandle($child);
is(VMRevertToSnapshot($vm, $snap, 0, VIX_INVALID_HANDLE), VIX_OK, 'VMRevertToSnapshot');
is(power_state(), VIX_POWERSTATE_POWERED_OFF, 'off as when taken');
is(VMRemoveSnapshot($vm, $snap, 0), VIX_OK, 'VMRemoveSnapshot');
is_deeply([VMGetNumRootSnapshots($vm)], [VIX_OK, 0], 'no snapshot left');
is_deeply([VMGetNamedSnapshot($vm, 'perl-snap')], [VIX_E_SNAPSHOT_NOTFOUND, VIX_INVALID_HANDLE],
  'not found by name');
is(VMRevertToSnapshot($vm, $snap, 0, VIX_INVALID_HANDLE), VIX_E_SNAPSHOT_NOTFOUND,
  'a removed snapshot\'s handle: not found');
ReleaseHandle($snap);
# Snapshot calls on the host handle by mistake: an error, not a crash.
my ($herr) = VMGetNumRootSnapshots($host);
isnt($herr, VIX_OK, 'VMGetNumRootSnapshots on a host handle fails');
is(VMPowerOn($vm, 0, VIX_INVALID_HANDLE), VIX_OK, 'back on');

# Unregister, register, delete: another VM, powered off first.
my ($other) = grep { $_ ne $vmx } @paths;
my ($pwerr, $password_list) = AllocPropertyList($host, VIX_PROPERTY_VM_ENCRYPTION_PASSWORD,
  'secret', VIX_PROPERTY_NONE);
my ($o2err, $vm2) = HostOpenVM($host, $other, VIX_VMOPEN_NORMAL, $password_list);
is_deeply([$pwerr, $o2err], [VIX_OK, VIX_OK], 'HostOpenVM with a password list');
ReleaseHandle($password_list);
my ($vpath_err, $vpath) = GetProperties($vm2, VIX_PROPERTY_VM_VMX_PATHNAME);
is($vpath, $other, 'the VM asked for');
is(UnregisterVM($host, $other), VIX_E_VM_IS_RUNNING, 'unregister while on: 3007');
is(VMPowerOff($vm2, 0), VIX_OK, 'the other VM off');
is(UnregisterVM($host, $other), VIX_OK, 'UnregisterVM');
my ($f2err, @left) = FindItems($host, VIX_FIND_REGISTERED_VMS, 0);
is_deeply([$f2err, sort @left], [VIX_OK, sort grep { $_ ne $other } @paths], 'no longer found');
is(RegisterVM($host, $other), VIX_OK, 'RegisterVM');
my ($f3err, @back) = FindItems($host, VIX_FIND_REGISTERED_VMS, 0);
is_deeply([$f3err, sort @back], [VIX_OK, sort @paths], 'found again');
ReleaseHandle($vm2);
($o2err, $vm2) = VMOpen($host, $other);
is($o2err, VIX_OK, 'opened again');
is(VMDelete($vm2, VIX_VMDELETE_DISK_FILES), VIX_OK, 'VMDelete');
my ($f4err, @after) = FindItems($host, VIX_FIND_REGISTERED_VMS, 0);
is_deeply([$f4err, sort @after], [VIX_OK, sort grep { $_ ne $other } @paths], 'deleted');
ReleaseHandle($vm2);

# Disconnect: the handles die with the host; releasing them afterwards is harmless.
ReleaseHandle($vm);
HostDisconnect($host);
is(GetHandleType($host), VIX_HANDLETYPE_NONE, 'host gone after HostDisconnect');
ReleaseHandle($host);
ReleaseHandle($vm);

# Twenty processes at once, each with its own connection: each writes and reads back a variable
# of its own and lists the VMs; all succeed, and every value is there afterwards.
my @kids;
for my $n (1 .. 20) {
  my $pid = fork();
  die "fork: $!" unless defined $pid;
  if ($pid == 0) {
    my ($cerr, $h) = HostConnect(VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER,
      $ENV{VIX_TEST_HOST}, 0, $ENV{VIX_TEST_USER}, $ENV{VIX_TEST_PASSWORD}, 0,
      VIX_INVALID_HANDLE);
    my ($oerr, $v) = VMOpen($h, $vmx);
    my $werr = VMWriteVariable($v, VIX_VM_GUEST_VARIABLE, "perl.child$n", "value $n", 0);
    my ($rerr, $value) = VMReadVariable($v, VIX_VM_GUEST_VARIABLE, "perl.child$n", 0);
    my ($ferr, @found) = FindItems($h, VIX_FIND_REGISTERED_VMS, -1);
    ReleaseHandle($v);
    HostDisconnect($h);
    my $ok = $cerr == 0 && $oerr == 0 && $werr == 0 && $rerr == 0 && $value eq "value $n"
      && $ferr == 0 && @found == @after;
    POSIX::_exit($ok ? 0 : 1); # no END blocks or Test::More bookkeeping in a child
  }
  push @kids, $pid;
}
my $failed = 0;
for my $pid (@kids) {
  waitpid($pid, 0);
  $failed++ if $? != 0;
}
is($failed, 0, 'twenty processes at once: all succeeded');
{
  my ($cerr, $h) = HostConnect(VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER,
    $ENV{VIX_TEST_HOST}, 0, $ENV{VIX_TEST_USER}, $ENV{VIX_TEST_PASSWORD}, 0, VIX_INVALID_HANDLE);
  my ($oerr, $v) = VMOpen($h, $vmx);
  my @values = map { (VMReadVariable($v, VIX_VM_GUEST_VARIABLE, "perl.child$_", 0))[1] } 1 .. 20;
  is_deeply(\@values, [map { "value $_" } 1 .. 20], 'every process\'s value is there');
  ReleaseHandle($v);
  HostDisconnect($h);
}

# A code-only function gives exactly one value in list context too.
my @one = VMPowerOff(0, 0);
is_deeply(\@one, [VIX_E_INVALID_HANDLE], 'VMPowerOff in list context: one value');

done_testing();
