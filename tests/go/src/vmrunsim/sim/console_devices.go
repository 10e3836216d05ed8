// SPDX-License-Identifier: Apache-2.0

package sim

// Device realism for connectNamedDevice / disconnectNamedDevice. Stock vcsim 0.24.2's
// ReconfigVM_Task does apply an `edit` of connectable.connected (it replaces the device with the
// one sent), but:
//
//   - it labels devices the way govc names them ("cdrom-203", "ethernet-0", "disk-202-0"); a real
//     host labels them "CD/DVD drive 1", "Network adapter 1", "Hard disk 1", "SCSI controller 0".
//     Users name devices by that label, so the simulator uses the real labels;
//   - it accepts impossible states: a powered-off VM with connected devices (its templates and an
//     edit with connected=true), and devices that stay connected after power-off. On a real host
//     connectable.connected is a runtime state: false whenever the VM is powered off (an edit can
//     only change startConnected then), and at power-on every device with startConnected is
//     connected. A suspended VM keeps its state and gets it back on resume.
//
// consoleDevices is a registry handler (like toolsTracker), so it sees every power-state and
// device change whoever makes it. It is installed on first use (the first FindByDatastorePath, or
// any helper below), and then fixes every VM's current state at once.

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

type consoleDevices struct {
	s   *Sim
	ref types.ManagedObjectReference

	mu    sync.Mutex
	power map[types.ManagedObjectReference]types.VirtualMachinePowerState // last state seen
}

// consoleDevicesReady installs the device realism once per Sim.
func (s *Sim) consoleDevicesReady() {
	c := s.console()
	c.mu.Lock()
	if c.devices != nil {
		c.mu.Unlock()
		return
	}
	d := &consoleDevices{
		s:     s,
		ref:   types.ManagedObjectReference{Type: "VmrunSimConsoleDevices", Value: "vmrunsim-console-devices"},
		power: map[types.ManagedObjectReference]types.VirtualMachinePowerState{},
	}
	c.devices = d
	c.mu.Unlock()
	s.reg.AddHandler(d)
	for _, e := range s.reg.All("VirtualMachine") {
		ref := e.Reference()
		s.reg.WithLock(ref, func() {
			if vm, ok := s.reg.Get(ref).(*simulator.VirtualMachine); ok {
				d.fix(vm)
			}
		})
	}
}

func (d *consoleDevices) Reference() types.ManagedObjectReference { return d.ref }
func (d *consoleDevices) PutObject(mo.Reference)                  {}
func (d *consoleDevices) RemoveObject(ref types.ManagedObjectReference) {
	d.mu.Lock()
	delete(d.power, ref)
	d.mu.Unlock()
}

// UpdateObject runs inside Registry.Update, with the VM's lock held by whoever changed it.
func (d *consoleDevices) UpdateObject(obj mo.Reference, changes []types.PropertyChange) {
	if obj.Reference().Type != "VirtualMachine" {
		return
	}
	for _, ch := range changes {
		if ch.Name == "runtime.powerState" || ch.Name == "config.hardware.device" {
			if vm, ok := d.s.reg.Get(obj.Reference()).(*simulator.VirtualMachine); ok {
				d.fix(vm)
			}
			return
		}
	}
}

// fix brings the VM's devices to what a real host shows; the caller holds the VM's lock. It
// publishes config.hardware.device only when something changed (so the nested UpdateObject call
// it causes finds nothing to do).
func (d *consoleDevices) fix(vm *simulator.VirtualMachine) {
	if vm.Config == nil {
		return
	}
	state := vm.Runtime.PowerState
	d.mu.Lock()
	before, known := d.power[vm.Self]
	d.power[vm.Self] = state
	d.mu.Unlock()
	boot := known && before == types.VirtualMachinePowerStatePoweredOff && state == types.VirtualMachinePowerStatePoweredOn

	devices := vm.Config.Hardware.Device
	changed := consoleRelabel(devices)
	for _, dev := range devices {
		base := dev.GetVirtualDevice()
		c := base.Connectable
		if c == nil {
			continue
		}
		want := c.Connected
		switch {
		case state == types.VirtualMachinePowerStatePoweredOff:
			want = false
		case boot:
			want = c.StartConnected
		}
		if want != c.Connected {
			// A private copy: vcsim builds devices from package-level templates (esx.EthernetCard)
			// and shares their pointers between VMs, and between simulators in one process.
			own := *c
			own.Connected = want
			base.Connectable = &own
			changed = true
		}
	}
	if changed {
		d.s.reg.Update(vm, []types.PropertyChange{{Name: "config.hardware.device", Val: devices}})
	}
}

// govc-style names that vcsim uses as labels: "cdrom-203", "ethernet-0", "disk-202-0", "pvscsi-202".
var consoleGovcLabel = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*-[0-9]+$`)

// consoleLabelKind is how a real host labels a device: prefix + a number counted from 1 per kind,
// or prefix + the controller's bus number, or the prefix alone.
func consoleLabelKind(dev types.BaseVirtualDevice) (prefix string, bus int32, kind string) {
	switch x := dev.(type) {
	case *types.VirtualCdrom:
		return "CD/DVD drive ", 0, "count"
	case types.BaseVirtualEthernetCard:
		return "Network adapter ", 0, "count"
	case *types.VirtualDisk:
		return "Hard disk ", 0, "count"
	case *types.VirtualFloppy:
		return "Floppy drive ", 0, "count"
	case *types.VirtualSerialPort:
		return "Serial port ", 0, "count"
	case *types.VirtualParallelPort:
		return "Parallel port ", 0, "count"
	case types.BaseVirtualSCSIController:
		return "SCSI controller ", x.GetVirtualSCSIController().BusNumber, "bus"
	case *types.VirtualAHCIController:
		return "SATA controller ", x.BusNumber, "bus"
	case *types.VirtualNVMEController:
		return "NVME controller ", x.BusNumber, "bus"
	case *types.VirtualUSBXHCIController:
		return "USB xHCI controller", 0, "plain"
	case *types.VirtualUSBController:
		return "USB controller", 0, "plain"
	}
	return "", 0, ""
}

// consoleRelabel gives devices with a govc-style label the label a real host would show;
// numbered kinds take the next number not yet used by a device of that kind.
func consoleRelabel(devices []types.BaseVirtualDevice) bool {
	used := map[string]int{}
	for _, dev := range devices {
		prefix, _, kind := consoleLabelKind(dev)
		info := dev.GetVirtualDevice().DeviceInfo
		if kind != "count" || info == nil {
			continue
		}
		label := info.GetDescription().Label
		if n, err := strconv.Atoi(strings.TrimPrefix(label, prefix)); err == nil && strings.HasPrefix(label, prefix) && n > used[prefix] {
			used[prefix] = n
		}
	}
	changed := false
	for _, dev := range devices {
		prefix, bus, kind := consoleLabelKind(dev)
		info := dev.GetVirtualDevice().DeviceInfo
		if kind == "" || info == nil || !consoleGovcLabel.MatchString(info.GetDescription().Label) {
			continue
		}
		label := prefix
		switch kind {
		case "count":
			used[prefix]++
			label += strconv.Itoa(used[prefix])
		case "bus":
			label += strconv.Itoa(int(bus))
		}
		desc := *info.GetDescription() // a private copy, as for Connectable in fix
		desc.Label = label
		dev.GetVirtualDevice().DeviceInfo = &desc
		changed = true
	}
	return changed
}

// Device is one device of a VM as read back through the API.
type Device struct {
	Key            int32
	Type           string // the concrete vim25 type, e.g. "VirtualCdrom"
	Label          string // deviceInfo.label
	Connectable    bool
	Connected      bool
	StartConnected bool
}

func (s *Sim) deviceList(nameOrPath string) (object.VirtualDeviceList, types.ManagedObjectReference, error) {
	s.consoleDevicesReady()
	vm, err := s.Lookup(nameOrPath)
	if err != nil {
		return nil, types.ManagedObjectReference{}, err
	}
	var m mo.VirtualMachine
	if err := property.DefaultCollector(s.client).RetrieveOne(context.Background(), vm.Ref, []string{"config.hardware.device"}, &m); err != nil {
		return nil, vm.Ref, err
	}
	if m.Config == nil {
		return nil, vm.Ref, fmt.Errorf("sim: VM %q has no config", nameOrPath)
	}
	return object.VirtualDeviceList(m.Config.Hardware.Device), vm.Ref, nil
}

// Devices reads config.hardware.device of the VM (name or vmx path) through the API.
func (s *Sim) Devices(nameOrPath string) ([]Device, error) {
	list, _, err := s.deviceList(nameOrPath)
	if err != nil {
		return nil, err
	}
	out := make([]Device, 0, len(list))
	for _, dev := range list {
		d := dev.GetVirtualDevice()
		item := Device{Key: d.Key, Type: strings.TrimPrefix(fmt.Sprintf("%T", dev), "*types.")}
		if d.DeviceInfo != nil {
			item.Label = d.DeviceInfo.GetDescription().Label
		}
		if c := d.Connectable; c != nil {
			item.Connectable, item.Connected, item.StartConnected = true, c.Connected, c.StartConnected
		}
		out = append(out, item)
	}
	return out, nil
}

// Device returns the VM's device with exactly this label.
func (s *Sim) Device(nameOrPath, label string) (Device, error) {
	devices, err := s.Devices(nameOrPath)
	if err != nil {
		return Device{}, err
	}
	for _, d := range devices {
		if d.Label == label {
			return d, nil
		}
	}
	return Device{}, fmt.Errorf("sim: VM %q has no device labelled %q", nameOrPath, label)
}

// SetDeviceConnection edits the labelled device's connectable state with ReconfigVM_Task, as a
// client would (the host then applies its rules: nothing is connected on a powered-off VM).
func (s *Sim) SetDeviceConnection(nameOrPath, label string, connected, startConnected bool) error {
	list, ref, err := s.deviceList(nameOrPath)
	if err != nil {
		return err
	}
	for _, dev := range list {
		d := dev.GetVirtualDevice()
		if d.DeviceInfo == nil || d.DeviceInfo.GetDescription().Label != label {
			continue
		}
		if d.Connectable == nil {
			return fmt.Errorf("sim: device %q is not connectable", label)
		}
		d.Connectable.Connected, d.Connectable.StartConnected = connected, startConnected
		ctx := context.Background()
		task, err := object.NewVirtualMachine(s.client, ref).Reconfigure(ctx, types.VirtualMachineConfigSpec{
			DeviceChange: []types.BaseVirtualDeviceConfigSpec{&types.VirtualDeviceConfigSpec{
				Operation: types.VirtualDeviceConfigSpecOperationEdit,
				Device:    dev,
			}},
		})
		if err != nil {
			return err
		}
		return task.Wait(ctx)
	}
	return fmt.Errorf("sim: VM %q has no device labelled %q", nameOrPath, label)
}
