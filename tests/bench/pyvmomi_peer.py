#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0

"""The pyVmomi peer of vmrun's benchmark (scripts/bench.sh): the same operations as a pyVmomi
script would do them, one process per operation, with Debian's python3-pyvmomi.

    pyvmomi_peer.py HOST PORT USER list
    pyvmomi_peer.py HOST PORT USER start '[LocalDS_0] vm/vm.vmx'
    pyvmomi_peer.py HOST PORT USER stop  '[LocalDS_0] vm/vm.vmx'

The password is read from $BENCH_PASSWORD (kept out of the process list). Each run connects with
SmartConnect (an unverified SSL context, as scripts against self-signed hosts do), does its
operation and disconnects. list reads the running VMs' config.files.vmPathName through a
container view and one PropertyCollector call (not attribute by attribute, which would cost a
round trip per VM and property).
"""
import atexit
import os
import ssl
import sys

from pyVim.connect import Disconnect, SmartConnect
from pyVim.task import WaitForTask
from pyVmomi import vim, vmodl


def connect(host, port, user):
    ctx = ssl._create_unverified_context()
    si = SmartConnect(host=host, port=int(port), user=user, pwd=os.environ["BENCH_PASSWORD"], sslContext=ctx)
    atexit.register(Disconnect, si)
    return si


def list_running(si):
    content = si.RetrieveContent()
    view = content.viewManager.CreateContainerView(content.rootFolder, [vim.VirtualMachine], True)
    try:
        spec = vmodl.query.PropertyCollector.FilterSpec(
            objectSet=[vmodl.query.PropertyCollector.ObjectSpec(
                obj=view, skip=True,
                selectSet=[vmodl.query.PropertyCollector.TraversalSpec(
                    name="view", path="view", skip=False, type=vim.view.ContainerView)])],
            propSet=[vmodl.query.PropertyCollector.PropertySpec(
                type=vim.VirtualMachine, pathSet=["runtime.powerState", "config.files.vmPathName"])])
        running = []
        for obj in content.propertyCollector.RetrieveContents([spec]):
            props = {p.name: p.val for p in obj.propSet}
            if props.get("runtime.powerState") == vim.VirtualMachinePowerState.poweredOn:
                running.append(props.get("config.files.vmPathName"))
    finally:
        view.Destroy()
    print("Total running VMs: %d" % len(running))
    for path in running:
        print(path)


def find_vm(si, vmx):
    content = si.RetrieveContent()
    datacenter = content.rootFolder.childEntity[0]
    vm = content.searchIndex.FindByDatastorePath(datacenter, vmx)
    if vm is None:
        sys.exit("no VM at %s" % vmx)
    return vm


def main(argv):
    if len(argv) < 5:
        sys.exit(__doc__)
    host, port, user, op = argv[1:5]
    si = connect(host, port, user)
    if op == "list" and len(argv) == 5:
        list_running(si)
    elif op == "start" and len(argv) == 6:
        WaitForTask(find_vm(si, argv[5]).PowerOnVM_Task(), si=si)
    elif op == "stop" and len(argv) == 6:
        WaitForTask(find_vm(si, argv[5]).PowerOffVM_Task(), si=si)
    else:
        sys.exit("unknown operation: %s" % " ".join(argv[4:]))


if __name__ == "__main__":
    main(sys.argv)
