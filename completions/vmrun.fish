# SPDX-License-Identifier: Apache-2.0

# fish completion for vmrun (installed as share/fish/vendor_completions.d/vmrun.fish).
# Completes flags, -T host types, --tls modes, commands (fish matches any case), each command's
# keywords and options by position, and local file names where a command takes a path on this
# machine.

# BEGIN GENERATED data
# generated from src/cli/verbs.cpp and src/cli/flags.cpp by vmrun-docgen; to change, edit those and build the update-docs target
set -g __vmrun_verbs \
    'start'\t'Start a VM or Team' \
    'stop'\t'Stop a VM or Team' \
    'reset'\t'Reset a VM or Team' \
    'suspend'\t'Suspend a VM or Team' \
    'pause'\t'Pause a VM' \
    'unpause'\t'Unpause a VM' \
    'listSnapshots'\t'List all snapshots in a VM' \
    'snapshot'\t'Create a snapshot of a VM' \
    'deleteSnapshot'\t'Remove a snapshot from a VM' \
    'revertToSnapshot'\t'Set VM state to a snapshot' \
    'runProgramInGuest'\t'Run a program in Guest OS' \
    'fileExistsInGuest'\t'Check if a file exists in Guest OS' \
    'directoryExistsInGuest'\t'Check if a directory exists in Guest OS' \
    'setSharedFolderState'\t'Modify a Host-Guest shared folder' \
    'addSharedFolder'\t'Add a Host-Guest shared folder' \
    'removeSharedFolder'\t'Remove a Host-Guest shared folder' \
    'enableSharedFolders'\t'Enable shared folders in Guest' \
    'disableSharedFolders'\t'Disable shared folders in Guest' \
    'listProcessesInGuest'\t'List running processes in Guest OS' \
    'killProcessInGuest'\t'Kill a process in Guest OS' \
    'runScriptInGuest'\t'Run a script in Guest OS' \
    'deleteFileInGuest'\t'Delete a file in Guest OS' \
    'createDirectoryInGuest'\t'Create a directory in Guest OS' \
    'deleteDirectoryInGuest'\t'Delete a directory in Guest OS' \
    'CreateTempfileInGuest'\t'Create a temporary file in Guest OS' \
    'listDirectoryInGuest'\t'List a directory in Guest OS' \
    'CopyFileFromHostToGuest'\t'Copy a file from host OS to guest OS' \
    'CopyFileFromGuestToHost'\t'Copy a file from guest OS to host OS' \
    'renameFileInGuest'\t'Rename a file in Guest OS' \
    'typeKeystrokesInGuest'\t'Type Keystrokes in Guest OS' \
    'connectNamedDevice'\t'Connect the named device in the Guest OS' \
    'disconnectNamedDevice'\t'Disconnect the named device in the Guest OS' \
    'captureScreen'\t'Capture the screen of the VM to a local file' \
    'writeVariable'\t'Write a variable in the VM state' \
    'readVariable'\t'Read a variable in the VM state' \
    'getGuestIPAddress'\t'Gets the IP address of the guest' \
    'list'\t'List all running VMs' \
    'upgradevm'\t'Upgrade VM file format, virtual hw' \
    'installTools'\t'Install Tools in Guest' \
    'checkToolsState'\t'Check the current Tools state' \
    'register'\t'Register a VM' \
    'unregister'\t'Unregister a VM' \
    'listRegisteredVM'\t'List registered VMs' \
    'deleteVM'\t'Delete a VM' \
    'clone'\t'Create a copy of the VM' \
    'logout'\t'End the cached session with the host'
set -g __vmrun_value_flags -h -P -T -u -p -vp -gu -gp
set -g __vmrun_long_value_options --thumbprint= --ca-file= --tls= --timeout=
set -g __vmrun_switches --insecure --debug --json --no-progress --no-session-cache --help --version
set -g __vmrun_host_types esx vc server ws-shared
set -g __vmrun_tls_modes tofu strict insecure
# The parameter positions of a verb; see _vmrun_slots in vmrun.bash.
function __vmrun_slots
    switch (string lower -- $argv[1])
        case start
            echo 'vmx kw:gui,nogui'
        case stop
            echo 'vmx kw:hard,soft'
        case reset
            echo 'vmx kw:hard,soft'
        case suspend
            echo 'vmx kw:hard,soft'
        case pause
            echo 'vmx'
        case unpause
            echo 'vmx'
        case listsnapshots
            echo 'vmx kw:showTree'
        case snapshot
            echo 'vmx text'
        case deletesnapshot
            echo 'vmx text kw:andDeleteChildren'
        case reverttosnapshot
            echo 'vmx text'
        case runprograminguest
            echo 'vmx opt:-noWait,-activeWindow,-interactive,-captureOutput text text'
        case fileexistsinguest
            echo 'vmx text'
        case directoryexistsinguest
            echo 'vmx text'
        case setsharedfolderstate
            echo 'vmx text file kw:writable,readonly'
        case addsharedfolder
            echo 'vmx text file'
        case removesharedfolder
            echo 'vmx text'
        case enablesharedfolders
            echo 'vmx kw:runtime'
        case disablesharedfolders
            echo 'vmx kw:runtime'
        case listprocessesinguest
            echo 'vmx'
        case killprocessinguest
            echo 'vmx text'
        case runscriptinguest
            echo 'vmx opt:-noWait,-activeWindow,-interactive,-captureOutput text text'
        case deletefileinguest
            echo 'vmx text'
        case createdirectoryinguest
            echo 'vmx text'
        case deletedirectoryinguest
            echo 'vmx text'
        case createtempfileinguest
            echo 'vmx'
        case listdirectoryinguest
            echo 'vmx text'
        case copyfilefromhosttoguest
            echo 'vmx file text'
        case copyfilefromguesttohost
            echo 'vmx text file'
        case renamefileinguest
            echo 'vmx text text'
        case typekeystrokesinguest
            echo 'vmx text'
        case connectnameddevice
            echo 'vmx text'
        case disconnectnameddevice
            echo 'vmx text'
        case capturescreen
            echo 'vmx file'
        case writevariable
            echo 'vmx kw:runtimeConfig,guestEnv,guestVar text text'
        case readvariable
            echo 'vmx kw:runtimeConfig,guestEnv,guestVar text'
        case getguestipaddress
            echo 'vmx opt:-wait'
        case list
            echo ''
        case upgradevm
            echo 'vmx'
        case installtools
            echo 'vmx'
        case checktoolsstate
            echo 'vmx'
        case register
            echo 'vmx'
        case unregister
            echo 'vmx'
        case listregisteredvm
            echo ''
        case deletevm
            echo 'vmx'
        case clone
            echo 'vmx text kw:full,linked opt:-snapshot=,-cloneName=,-pool=,-host=,-folder=,-customize='
        case logout
            echo ''
    end
end
# END GENERATED data

function __vmrun_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l count (count $tokens)
    set -l verb
    set -l verb_at 0
    set -l i 2
    # The global flags, up to the command.
    while test $i -le $count
        set -l token $tokens[$i]
        if contains -- $token $__vmrun_value_flags
            set i (math $i + 2)
            continue
        end
        if string match -q -- '-*' $token
            set i (math $i + 1)
            continue
        end
        set verb $token
        set verb_at $i
        break
    end

    if test -z "$verb"
        if test $i -gt (math $count + 1)
            # The value of the flag before the cursor.
            if test "$tokens[-1]" = -T
                printf '%s\n' $__vmrun_host_types
            end
            return
        end
        switch $cur
            case '--tls=*'
                printf '%s\n' --tls=$__vmrun_tls_modes
            case '--ca-file=*'
                printf '%s\n' --ca-file=(__fish_complete_path (string replace -- '--ca-file=' '' $cur))
            case '--*=*'
            case '-*'
                printf '%s\n' $__vmrun_value_flags $__vmrun_long_value_options $__vmrun_switches
            case '*'
                printf '%s\n' $__vmrun_verbs
        end
        return
    end

    # The command's parameters: find the slot of the current word.
    set -l slots (string split ' ' -- (__vmrun_slots $verb))
    set -l p 1
    set -l skip 0
    set -l used
    set i (math $verb_at + 1)
    while test $i -le $count
        set -l token $tokens[$i]
        set i (math $i + 1)
        if test $skip = 1
            set skip 0
            continue
        end
        set -l spec $slots[$p]
        if string match -q 'opt:*' -- "$spec"
            if string match -q -- '-*' $token
                set -a used (string lower -- $token)
                # "-snapshot NAME" (two words) is accepted for "-snapshot=NAME".
                if contains -- "$token=" (string split ',' -- (string replace 'opt:' '' -- $spec))
                    set skip 1
                end
                continue
            end
            set p (math $p + 1)
        end
        set p (math $p + 1)
    end
    test $skip = 1; and return
    set -l spec $slots[$p]
    switch "$spec"
        case 'kw:*'
            string split ',' -- (string replace 'kw:' '' -- $spec)
        case 'opt:*'
            for option in (string split ',' -- (string replace 'opt:' '' -- $spec))
                # Each option once; "-snapshot NAME" and "-snapshot=NAME" both use up -snapshot=.
                set -l name (string lower -- (string replace -r '=$' '' -- $option))
                if not contains -- $name $used; and not string match -q -- "$name=*" $used
                    echo $option
                end
            end
        case file
            __fish_complete_path $cur
    end
end

complete -c vmrun -f -a '(__vmrun_complete)'
