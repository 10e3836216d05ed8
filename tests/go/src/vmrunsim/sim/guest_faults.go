// SPDX-License-Identifier: Apache-2.0

package sim

// Guest faults: the faults of the guest methods, with a real guest's faultstrings, and guestReply,
// which turns a method's result or fault into its SOAP response body.

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// guestFault is a SOAP fault with a real host's faultstring.
type guestFault struct {
	msg   string
	fault types.BaseMethodFault
}

func (f *guestFault) Error() string  { return f.msg }
func (f *guestFault) String() string { return fmt.Sprintf("%T: %s", f.fault, f.msg) }
func (f *guestFault) soap() *soap.Fault {
	return simulator.Fault(f.msg, f.fault)
}

func faultNotFound(p string) *guestFault {
	return &guestFault{"File " + p + " was not found", &types.FileNotFound{FileFault: types.FileFault{File: p}}}
}
func faultExists(p string) *guestFault {
	return &guestFault{"Cannot complete the operation because the file or folder " + p + " already exists",
		&types.FileAlreadyExists{FileFault: types.FileFault{File: p}}}
}
func faultNotEmpty(p string) *guestFault {
	return &guestFault{"The directory " + p + " is not empty", &types.DirectoryNotEmpty{FileFault: types.FileFault{File: p}}}
}
func faultNotAFile(p string) *guestFault {
	return &guestFault{p + " is not a file", &types.NotAFile{FileFault: types.FileFault{File: p}}}
}
func faultNotADirectory(p string) *guestFault {
	return &guestFault{p + " is not a directory", &types.NotADirectory{FileFault: types.FileFault{File: p}}}
}
func faultDenied() *guestFault {
	return &guestFault{"Insufficient permissions in guest operating system", &types.GuestPermissionDenied{}}
}
func faultInvalidArg(prop, msg string) *guestFault {
	return &guestFault{msg, &types.InvalidArgument{InvalidProperty: prop}}
}
func faultUnavailable() *guestFault {
	return &guestFault{"The guest operations agent could not be contacted.", &types.GuestOperationsUnavailable{}}
}
func faultSystem(err error) *guestFault {
	return &guestFault{"A general system error occurred: " + err.Error(), &types.SystemError{Reason: err.Error()}}
}

// osFault maps a host error of an operation on the given guest path to a guest fault.
func (vm *guestVM) osFault(err error, p string) *guestFault {
	switch {
	case errors.Is(err, syscall.ENOTEMPTY): // before IsExist, which also matches ENOTEMPTY
		return faultNotEmpty(p)
	case os.IsNotExist(err):
		return faultNotFound(p)
	case os.IsExist(err):
		return faultExists(p)
	case errors.Is(err, syscall.ENOTDIR):
		return faultNotADirectory(p)
	case errors.Is(err, syscall.EISDIR):
		return faultNotAFile(p)
	case os.IsPermission(err), errors.Is(err, syscall.EROFS), errors.Is(err, syscall.EXDEV):
		return faultDenied()
	}
	return faultSystem(err)
}

// guestBody is a guest method's SOAP body, like the generated methods.*Body types: the
// simulator encodes Res (the element named after its type, e.g. MakeDirectoryInGuestResponse)
// unless Fault says the call failed.
type guestBody[R any] struct {
	Res    *R
	Fault_ *soap.Fault
}

func (b *guestBody[R]) Fault() *soap.Fault { return b.Fault_ }

// guestReply builds a guest method's SOAP response body from what the method computed: the
// fault when there is one, else the response res. Every guest method answers through it.
func guestReply[R any](res R, f *guestFault) soap.HasFault {
	if f != nil {
		return &guestBody[R]{Fault_: f.soap()}
	}
	return &guestBody[R]{Res: &res}
}
