package sim

import (
	"bytes"
	"io/ioutil"
	"net/http"
)

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

// forward lets the stock simulator answer, buffering its reply so that the caller can act (and
// change the reply) before rec.flush sends it.
func (s *Sim) forward(w http.ResponseWriter, r *http.Request, body []byte) *recorder {
	rec := &recorder{w: w}
	r.Body = ioutil.NopCloser(bytes.NewReader(body))
	s.mux.ServeHTTP(rec, r)
	return rec
}

// passThrough lets the stock simulator answer and sends its reply as it is.
func (s *Sim) passThrough(w http.ResponseWriter, r *http.Request, body []byte) ([]byte, int) {
	rec := s.forward(w, r, body)
	out := rec.body.Bytes()
	rec.flush(out)
	return out, rec.status
}
