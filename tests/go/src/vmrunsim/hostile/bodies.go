// SPDX-License-Identifier: Apache-2.0

package hostile

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"io"
	"strings"
	"sync"
)

// Reply bodies: SOAP envelopes as a vSphere host writes them, and the malicious variants.

const envelopeStart = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
	`<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" ` +
	`xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ` +
	`xmlns:xsd="http://www.w3.org/2001/XMLSchema" ` +
	`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>`

const envelopeEnd = `</soapenv:Body></soapenv:Envelope>`

// Envelope wraps inner (XML, used as is) in a SOAP 1.1 envelope.
func Envelope(inner string) []byte {
	return []byte(envelopeStart + inner + envelopeEnd)
}

// responseOpen / responseClose frame a method's <MethodResponse><returnval>.
func responseOpen(method string) string {
	return `<` + method + `Response xmlns="urn:vim25"><returnval>`
}

func responseClose(method string) string {
	return `</returnval></` + method + `Response>`
}

// FaultBody is a vSphere fault (HTTP 500 body): a SystemError whose faultstring is the given
// bytes, used as they are (the caller escapes what XML needs escaped, or deliberately does not).
func FaultBody(faultstring string) []byte {
	return Envelope(`<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>` + faultstring +
		`</faultstring><detail><SystemErrorFault xmlns="urn:vim25" xsi:type="SystemError">` +
		`<reason>hostile</reason></SystemErrorFault></detail></soapenv:Fault>`)
}

// EntityBomb is a reply to method whose only value is &lol9; of the billion-laughs DTD
// (10^9 "lol"s, 3 GB when expanded).
func EntityBomb(method string) []byte {
	var dtd strings.Builder
	dtd.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<!DOCTYPE soapenv:Envelope [` + "\n")
	dtd.WriteString(`<!ENTITY lol0 "lol">` + "\n")
	for i := 1; i <= 9; i++ {
		dtd.WriteString(`<!ENTITY lol` + string(rune('0'+i)) + ` "`)
		for j := 0; j < 10; j++ {
			dtd.WriteString(`&lol` + string(rune('0'+i-1)) + `;`)
		}
		dtd.WriteString(`">` + "\n")
	}
	dtd.WriteString("]>\n")
	return []byte(dtd.String() + strings.TrimPrefix(string(Envelope(responseOpen(method)+
		`<objects><obj type="VirtualMachine">vm-9</obj><propSet><name>config.files.vmPathName</name>`+
		`<val xsi:type="xsd:string">&lol9;</val></propSet></objects>`+responseClose(method))),
		`<?xml version="1.0" encoding="UTF-8"?>`+"\n"))
}

// XXE is a fault whose faultstring is an external entity naming a local file (file:///etc/passwd):
// a parser that loads it would print the file.
func XXE(file string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<!DOCTYPE soapenv:Envelope [<!ENTITY xxe SYSTEM "file://` + file + `">]>` + "\n" +
		strings.TrimPrefix(string(FaultBody("&xxe;")), `<?xml version="1.0" encoding="UTF-8"?>`+"\n"))
}

// DeepNesting is a reply to method with levels nested elements inside a property value.
func DeepNesting(method string, levels int) []byte {
	var b bytes.Buffer
	b.WriteString(envelopeStart + responseOpen(method) +
		`<objects><obj type="VirtualMachine">vm-9</obj><propSet><name>config.files.vmPathName</name><val>`)
	for i := 0; i < levels; i++ {
		b.WriteString("<a>")
	}
	for i := 0; i < levels; i++ {
		b.WriteString("</a>")
	}
	b.WriteString(`</val></propSet></objects>` + responseClose(method) + envelopeEnd)
	return b.Bytes()
}

// hugeUnit is one small, valid-looking object of a RetrievePropertiesEx reply.
const hugeUnit = `<objects><obj type="VirtualMachine">vm-9</obj><propSet><name>runtime.powerState</name>` +
	`<val xsi:type="VirtualMachinePowerState">poweredOn</val></propSet></objects>`

// HugeReply streams a reply to method of at least size bytes made of small valid-looking
// objects, never holding more than 64 KiB of it. Length is its exact size.
type HugeReply struct {
	head, tail []byte
	units      int64
}

// NewHugeReply describes the reply; nothing is generated until WriteTo.
func NewHugeReply(method string, size int64) *HugeReply {
	h := &HugeReply{head: []byte(envelopeStart + responseOpen(method)),
		tail: []byte(responseClose(method) + envelopeEnd)}
	rest := size - int64(len(h.head)+len(h.tail))
	h.units = (rest + int64(len(hugeUnit)) - 1) / int64(len(hugeUnit))
	return h
}

// Length is the reply's size in bytes.
func (h *HugeReply) Length() int64 {
	return int64(len(h.head)+len(h.tail)) + h.units*int64(len(hugeUnit))
}

// WriteTo writes the reply; it stops at the first write error or when stop is closed.
func (h *HugeReply) WriteTo(w io.Writer, stop <-chan struct{}) (int64, error) {
	perBlock := (64 << 10) / len(hugeUnit)
	block := bytes.Repeat([]byte(hugeUnit), perBlock)
	total := int64(0)
	n, err := w.Write(h.head)
	total += int64(n)
	if err != nil {
		return total, err
	}
	for left := h.units; left > 0; {
		select {
		case <-stop:
			return total, io.ErrClosedPipe
		default:
		}
		k := int64(perBlock)
		if left < k {
			k = left
		}
		n, err := w.Write(block[:k*int64(len(hugeUnit))])
		total += int64(n)
		if err != nil {
			return total, err
		}
		left -= k
	}
	n, err = w.Write(h.tail)
	return total + int64(n), err
}

var (
	bombOnce sync.Once
	bomb     []byte
	bombSize int64
)

// GzipBomb is a gzip stream (about 1 MB) that inflates to a reply to RetrievePropertiesEx holding
// 1 GiB of white space; it returns the stream and the inflated size. It is built once per process without compressing 1 GiB: a deflate block
// for 1 MiB of spaces, written against a window of spaces and ended by a sync flush, is valid
// wherever the previous 32 KiB were spaces, so it is repeated 1024 times.
func GzipBomb() ([]byte, int64) {
	bombOnce.Do(func() {
		head := []byte(envelopeStart + responseOpen("RetrievePropertiesEx"))
		tail := []byte(responseClose("RetrievePropertiesEx") + envelopeEnd)
		window := bytes.Repeat([]byte{' '}, 32<<10)
		mib := bytes.Repeat([]byte{' '}, 1<<20)
		const mibs = 1024

		var out bytes.Buffer
		out.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}) // gzip header: deflate, no name, OS unknown
		crc := crc32.NewIEEE()
		size := int64(0)
		add := func(b []byte) { crc.Write(b); size += int64(len(b)) }

		fw, _ := flate.NewWriter(&out, flate.BestCompression)
		_, _ = fw.Write(head)
		_, _ = fw.Write(window)
		_ = fw.Flush() // not Close: no final block yet
		add(head)
		add(window)

		var one bytes.Buffer
		bw, _ := flate.NewWriterDict(&one, flate.BestCompression, window)
		_, _ = bw.Write(mib)
		_ = bw.Flush()
		for i := 0; i < mibs; i++ {
			out.Write(one.Bytes())
			add(mib)
		}

		cw, _ := flate.NewWriterDict(&out, flate.BestCompression, window)
		_, _ = cw.Write(tail)
		_ = cw.Close() // the final block
		add(tail)

		var trailer [8]byte
		binary.LittleEndian.PutUint32(trailer[0:], crc.Sum32())
		binary.LittleEndian.PutUint32(trailer[4:], uint32(size))
		out.Write(trailer[:])
		bomb, bombSize = out.Bytes(), size
	})
	return bomb, bombSize
}
