package sim

import "net/http"

// soapHook answers one SOAP method in place of the simulator (a method vcsim lacks, or one whose
// stock behaviour differs from a real host's). It writes the whole HTTP reply to w and returns
// the body it wrote (for the trace). body is the raw request envelope.
type soapHook func(s *Sim, w http.ResponseWriter, r *http.Request, call soapCall, body []byte) []byte

// soapHooks maps a SOAP method name to its hook. Each file that closes a realism gap registers
// its methods from an init function, so that additions never touch the dispatcher.
var soapHooks = map[string]soapHook{}

func registerSOAPHook(method string, hook soapHook) {
	if _, dup := soapHooks[method]; dup {
		panic("sim: two hooks for " + method)
	}
	soapHooks[method] = hook
}

func init() {
	guestPower := func(s *Sim, w http.ResponseWriter, r *http.Request, call soapCall, _ []byte) []byte {
		return s.guestPower(w, r, call)
	}
	registerSOAPHook("ShutdownGuest", guestPower)
	registerSOAPHook("RebootGuest", guestPower)
}
