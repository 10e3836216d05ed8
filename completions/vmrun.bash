# SPDX-License-Identifier: Apache-2.0

# bash completion for vmrun (installed as share/bash-completion/completions/vmrun).
# Completes flags, -T host types, --tls modes, commands (any case), each command's keywords and
# options by position, and local file names where a command takes a path on this machine.

# BEGIN GENERATED data
# generated from src/cli/verbs.cpp and src/cli/flags.cpp by vmrun-docgen; to change, edit those and build the update-docs target
_vmrun_verbs='start stop reset suspend pause unpause listSnapshots snapshot deleteSnapshot revertToSnapshot runProgramInGuest fileExistsInGuest directoryExistsInGuest setSharedFolderState addSharedFolder removeSharedFolder enableSharedFolders disableSharedFolders listProcessesInGuest killProcessInGuest runScriptInGuest deleteFileInGuest createDirectoryInGuest deleteDirectoryInGuest CreateTempfileInGuest listDirectoryInGuest CopyFileFromHostToGuest CopyFileFromGuestToHost renameFileInGuest typeKeystrokesInGuest connectNamedDevice disconnectNamedDevice captureScreen writeVariable readVariable getGuestIPAddress list upgradevm installTools checkToolsState register unregister listRegisteredVM deleteVM clone logout'
_vmrun_value_flags='-h -P -T -u -p -vp -gu -gp'
_vmrun_long_value_options='--thumbprint= --ca-file= --tls= --timeout='
_vmrun_switches='--insecure --debug --json --no-progress --no-session-cache --help --version'
_vmrun_host_types='esx vc server ws-shared'
_vmrun_tls_modes='tofu strict insecure'
# The parameter positions of a verb (lower-cased): vmx, text, file (a local path),
# kw:WORD,... (one keyword), opt:-OPTION,... (any number of these options).
_vmrun_slots()
{
  case "${1,,}" in
    start) echo 'vmx kw:gui,nogui' ;;
    stop) echo 'vmx kw:hard,soft' ;;
    reset) echo 'vmx kw:hard,soft' ;;
    suspend) echo 'vmx kw:hard,soft' ;;
    pause) echo 'vmx' ;;
    unpause) echo 'vmx' ;;
    listsnapshots) echo 'vmx kw:showTree' ;;
    snapshot) echo 'vmx text' ;;
    deletesnapshot) echo 'vmx text kw:andDeleteChildren' ;;
    reverttosnapshot) echo 'vmx text' ;;
    runprograminguest) echo 'vmx opt:-noWait,-activeWindow,-interactive,-captureOutput text text' ;;
    fileexistsinguest) echo 'vmx text' ;;
    directoryexistsinguest) echo 'vmx text' ;;
    setsharedfolderstate) echo 'vmx text file kw:writable,readonly' ;;
    addsharedfolder) echo 'vmx text file' ;;
    removesharedfolder) echo 'vmx text' ;;
    enablesharedfolders) echo 'vmx kw:runtime' ;;
    disablesharedfolders) echo 'vmx kw:runtime' ;;
    listprocessesinguest) echo 'vmx' ;;
    killprocessinguest) echo 'vmx text' ;;
    runscriptinguest) echo 'vmx opt:-noWait,-activeWindow,-interactive,-captureOutput text text' ;;
    deletefileinguest) echo 'vmx text' ;;
    createdirectoryinguest) echo 'vmx text' ;;
    deletedirectoryinguest) echo 'vmx text' ;;
    createtempfileinguest) echo 'vmx' ;;
    listdirectoryinguest) echo 'vmx text' ;;
    copyfilefromhosttoguest) echo 'vmx file text' ;;
    copyfilefromguesttohost) echo 'vmx text file' ;;
    renamefileinguest) echo 'vmx text text' ;;
    typekeystrokesinguest) echo 'vmx text' ;;
    connectnameddevice) echo 'vmx text' ;;
    disconnectnameddevice) echo 'vmx text' ;;
    capturescreen) echo 'vmx file' ;;
    writevariable) echo 'vmx kw:runtimeConfig,guestEnv,guestVar text text' ;;
    readvariable) echo 'vmx kw:runtimeConfig,guestEnv,guestVar text' ;;
    getguestipaddress) echo 'vmx opt:-wait' ;;
    list) echo '' ;;
    upgradevm) echo 'vmx' ;;
    installtools) echo 'vmx' ;;
    checktoolsstate) echo 'vmx' ;;
    register) echo 'vmx' ;;
    unregister) echo 'vmx' ;;
    listregisteredvm) echo '' ;;
    deletevm) echo 'vmx' ;;
    clone) echo 'vmx text kw:full,linked opt:-snapshot=,-cloneName=,-pool=,-host=,-folder=,-customize=' ;;
    logout) echo '' ;;
  esac
}
# END GENERATED data

# Adds the words matching the prefix $1, ignoring case, to COMPREPLY.
_vmrun_add_matching()
{
  local prefix=${1,,} word
  shift
  for word in "$@"; do
    [[ ${word,,} == "$prefix"* ]] && COMPREPLY+=("$word")
  done
}

_vmrun()
{
  COMPREPLY=()
  # Readline splits words at '=' and ':' (COMP_WORDBREAKS): glue "--tls" "=" "to" and
  # "host" ":" "443" back together so that words are counted as vmrun sees them.
  local -a words=()
  local i token cword=0 glued=0
  for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
    token=${COMP_WORDS[i]}
    if ((i > 0)) && [[ $token == [=:] || $glued == 1 ]]; then
      words[${#words[@]} - 1]+=$token
    else
      words+=("$token")
    fi
    [[ $token == [=:] ]] && glued=1 || glued=0
    ((i == COMP_CWORD)) && cword=$((${#words[@]} - 1))
  done
  local cur=${words[cword]}
  # Readline replaces only the text after the last break character of the current word.
  local replaced=$cur
  [[ $cur != "${COMP_WORDS[COMP_CWORD]}" && $cur == *[=:]* ]] && replaced=${cur##*[=:]}
  local cut=$((${#cur} - ${#replaced}))

  # The global flags, up to the command.
  local verb= verb_at=0 flag
  for ((i = 1; i < cword; i++)); do
    token=${words[i]}
    if [[ " $_vmrun_value_flags " == *" $token "* ]]; then
      ((i++))
      continue
    fi
    [[ $token == -* ]] && continue
    verb=$token
    verb_at=$i
    break
  done

  if [[ -z $verb ]]; then
    local prev=${words[cword - 1]-}
    if ((cword > 1)) && [[ " $_vmrun_value_flags " == *" $prev "* ]]; then
      [[ $prev == -T ]] && _vmrun_add_matching "$cur" $_vmrun_host_types
      return 0
    fi
    case $cur in
    --tls=*)
      local mode
      for mode in $_vmrun_tls_modes; do
        [[ --tls=$mode == "$cur"* ]] && COMPREPLY+=("${cur%%=*}=$mode")
      done
      ;;
    --ca-file=*)
      local file
      while IFS= read -r file; do
        COMPREPLY+=("--ca-file=$file")
      done < <(compgen -f -- "${cur#*=}")
      ;;
    --*=*) ;;
    -*)
      _vmrun_add_matching "$cur" $_vmrun_value_flags $_vmrun_long_value_options $_vmrun_switches
      [[ ${COMPREPLY[*]} == *= ]] && compopt -o nospace 2>/dev/null
      ;;
    *) _vmrun_add_matching "$cur" $_vmrun_verbs ;;
    esac
    _vmrun_cut "$cut"
    return 0
  fi

  # The command's parameters: find the slot of the current word.
  local -a slots
  read -r -a slots <<<"$(_vmrun_slots "$verb")"
  local p=0 skip=0 spec used=" "
  for ((i = verb_at + 1; i < cword; i++)); do
    token=${words[i]}
    if ((skip)); then
      skip=0
      continue
    fi
    spec=${slots[p]-}
    if [[ $spec == opt:* ]]; then
      if [[ $token == -* ]]; then
        used+="${token,,} "
        # "-snapshot NAME" (two words) is accepted for "-snapshot=NAME".
        [[ ",${spec#opt:}," == *",$token=,"* ]] && skip=1
        continue
      fi
      ((p++))
    fi
    ((p++))
  done
  ((skip)) && return 0
  spec=${slots[p]-}
  case $spec in
  kw:*)
    local -a keywords
    IFS=, read -r -a keywords <<<"${spec#kw:}"
    _vmrun_add_matching "$cur" "${keywords[@]}"
    ;;
  opt:*)
    local -a options
    local option
    IFS=, read -r -a options <<<"${spec#opt:}"
    for option in "${options[@]}"; do
      # Each option once; "-snapshot NAME" and "-snapshot=NAME" both use up -snapshot=.
      local name=${option,,}
      name=${name%=}
      [[ $used == *" $name "* || $used == *" $name="* ]] && continue
      _vmrun_add_matching "$cur" "$option"
    done
    [[ ${COMPREPLY[*]} == *= ]] && compopt -o nospace 2>/dev/null
    ;;
  file)
    compopt -o filenames 2>/dev/null
    local file
    while IFS= read -r file; do
      COMPREPLY+=("$file")
    done < <(compgen -f -- "$cur")
    ;;
  esac
  _vmrun_cut "$cut"
  return 0
}

# Drops the first $1 characters (what readline keeps before a '=' or ':') from each candidate.
_vmrun_cut()
{
  (($1 > 0)) || return 0
  local i
  for i in "${!COMPREPLY[@]}"; do
    COMPREPLY[i]=${COMPREPLY[i]:$1}
  done
}

complete -F _vmrun vmrun
