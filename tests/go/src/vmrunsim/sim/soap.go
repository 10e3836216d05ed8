// SPDX-License-Identifier: Apache-2.0

package sim

// SOAP on the wire: what the harness reads from a request before the simulator sees it (the
// method, its _this, its arguments) and the envelopes and faults it writes, in the simulator's
// own format so that a hook's reply cannot be told from the simulator's.

import (
	"bytes"
	stdxml "encoding/xml"
	"io"
	"net/http"
	"reflect"

	"github.com/vmware/govmomi/vim25/types"
	"github.com/vmware/govmomi/vim25/xml"
)

// soapCall is what the harness needs to know about a request before the simulator sees it.
type soapCall struct {
	Method string                       // the Body's first child element, e.g. "PowerOnVM_Task"
	This   types.ManagedObjectReference // its <_this> child, when present
}

// parseSOAP finds the method element (first child of Body) and its _this. It never fails: an
// unparsable body gives Method "" and the simulator answers it with its own fault.
func parseSOAP(body []byte) soapCall {
	var call soapCall
	dec, method, err := methodElement(body)
	if err != nil {
		return call
	}
	call.Method = method.Name.Local
	var inner struct {
		This struct {
			Type  string `xml:"type,attr"`
			Value string `xml:",chardata"`
		} `xml:"_this"`
	}
	if dec.DecodeElement(&inner, &method) == nil {
		call.This = types.ManagedObjectReference{Type: inner.This.Type, Value: inner.This.Value}
	}
	return call
}

const envelopeStart = xml.Header + `<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>`
const envelopeEnd = `</soapenv:Body></soapenv:Envelope>`

// emptyResponse is the answer to a void method, in the simulator's own envelope format.
func emptyResponse(method string) []byte {
	return []byte(envelopeStart + `<` + method + `Response xmlns="urn:vim25"></` + method + `Response>` + envelopeEnd)
}

// faultResponse encodes a SOAP fault exactly as the simulator does (detail element <TypeFault
// xmlns="urn:vim25" xsi:type="Type">).
func faultResponse(msg string, fault types.BaseMethodFault) []byte {
	var buf bytes.Buffer
	buf.WriteString(envelopeStart)
	buf.WriteString(`<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>`)
	_ = xml.EscapeText(&buf, []byte(msg))
	buf.WriteString(`</faultstring><detail>`)
	kind := reflect.TypeOf(fault).Elem().Name()
	enc := xml.NewEncoder(&buf)
	start := xml.StartElement{
		Name: xml.Name{Local: kind + "Fault"},
		Attr: []xml.Attr{
			{Name: xml.Name{Local: "xmlns"}, Value: "urn:vim25"},
			{Name: xml.Name{Local: "xsi:type"}, Value: kind},
		},
	}
	_ = enc.EncodeElement(fault, start)
	_ = enc.Flush()
	buf.WriteString(`</detail></soapenv:Fault>`)
	buf.WriteString(envelopeEnd)
	return buf.Bytes()
}

func writeSOAP(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// recorder buffers a handler's answer so the harness can trace or amend it. Headers go straight
// to the real writer (the session cookie must survive).
type recorder struct {
	w      http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.w.Header() }
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}
func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(p)
}

func (r *recorder) flush(body []byte) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.w.WriteHeader(r.status)
	_, _ = io.Copy(r.w, bytes.NewReader(body))
}

// decodeMethod decodes the method element (the Body's first child) of a SOAP request into v.
func decodeMethod(body []byte, v interface{}) error {
	dec, method, err := methodElement(body)
	if err != nil {
		return err
	}
	return dec.DecodeElement(v, &method)
}

// methodElement reads a SOAP envelope up to the method element, the Body's first child, and
// returns the decoder positioned on it.
func methodElement(body []byte) (*stdxml.Decoder, stdxml.StartElement, error) {
	dec := stdxml.NewDecoder(bytes.NewReader(body))
	depth := 0
	inBody := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, stdxml.StartElement{}, err
		}
		switch t := tok.(type) {
		case stdxml.StartElement:
			depth++
			if inBody {
				return dec, t, nil
			}
			if depth == 2 && t.Name.Local == "Body" {
				inBody = true
			}
		case stdxml.EndElement:
			depth--
		}
	}
}
