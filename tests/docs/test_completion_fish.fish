#!/usr/bin/env fish
# SPDX-License-Identifier: Apache-2.0

# Runs fish's own completion machinery (complete -C) over the vmrun completion script.
# Usage: test_completion_fish.fish SRCDIR
set -l src $argv[1]
if not fish -n $src/completions/vmrun.fish
    echo "FAIL: fish -n"
    exit 1
end
source $src/completions/vmrun.fish
set -g passes 0
set -g failures 0

# check "expected candidates" "command line": candidates without descriptions, sorted.
function check
    set -l want (string split ' ' -- $argv[1] | sort | string join ' ')
    set -l got (complete -C $argv[2] | string replace -r '\t.*' '' | sort | string join ' ')
    if test "$got" = "$want"
        set -g passes (math $passes + 1)
    else
        echo "FAIL: completing [$argv[2]]: got [$got], want [$want]"
        set -g failures (math $failures + 1)
    end
end

check start 'vmrun sta'
check start 'vmrun -T esx sta'
check start 'vmrun -T esx STA'
check snapshot 'vmrun -T esx -h h -u root --insecure sn'
check 'esx server vc ws-shared' 'vmrun -T '
check '--thumbprint= --timeout= --tls=' 'vmrun --t'
check '--tls=insecure --tls=strict --tls=tofu' 'vmrun --tls='
check 'hard soft' 'vmrun -T esx -h h stop "[ds] a.vmx" '
check soft 'vmrun -T esx -h h stop "[ds] a.vmx" so'
check '' 'vmrun -T esx -h h stop "[ds] a.vmx" soft '
check showTree 'vmrun listSnapshots "[ds] a.vmx" '
check andDeleteChildren 'vmrun deleteSnapshot "[ds] a.vmx" snap '
check 'guestEnv guestVar runtimeConfig' 'vmrun readVariable "[ds] a.vmx" '
check 'readonly writable' 'vmrun setSharedFolderState "[ds] a.vmx" share /p '
check runtime 'vmrun enableSharedFolders "[ds] a.vmx" '
check 'full linked' 'vmrun clone "[ds] a.vmx" "[ds] b.vmx" '
check '-cloneName= -customize= -folder= -host= -pool=' 'vmrun clone "[ds] a.vmx" "[ds] b.vmx" linked -snapshot base -'
check '-activeWindow -captureOutput -interactive -noWait' 'vmrun runProgramInGuest "[ds] a.vmx" -'
check -wait 'vmrun getGuestIPAddress "[ds] a.vmx" '

set -l scratch (mktemp -d)
mkdir $scratch/alpine
touch $scratch/alpha.txt $scratch/beta.txt
cd $scratch
check 'alpha.txt alpine/' 'vmrun CopyFileFromHostToGuest "[ds] a.vmx" al'
check '' 'vmrun CopyFileFromHostToGuest "[ds] a.vmx" alpha.txt al'
check 'alpha.txt alpine/' 'vmrun CopyFileFromGuestToHost "[ds] a.vmx" /etc/hosts al'
check beta.txt 'vmrun captureScreen "[ds] a.vmx" b'
check '--ca-file=alpha.txt --ca-file=alpine/' 'vmrun --ca-file=al'
cd /
rm -rf $scratch

echo "$passes passed, $failures failed"
test $failures -eq 0
