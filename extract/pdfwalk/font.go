package pdfwalk

import (
	"github.com/ledongthuc/pdf"
)

// glyphInfo is what one code of a font stands for.
type glyphInfo struct {
	text  string  // Unicode text; "" when the font gives no mapping
	width float64 // advance in text space units (1/1000 em already applied)
	space bool    // the single-byte code 32, which word spacing applies to
}

// font decodes the strings shown with one font resource.
type font struct {
	name      string
	composite bool
	vertical  bool
	encCMap   *CMap           // embedded encoding CMap of a composite font
	pre       *predefinedCMap // predefined encoding CMap of a composite font
	toUni     *CMap
	simple    *simpleEncoding // single-byte fonts: base encoding with Differences
	diffs     map[byte]string
	widths    map[int]float64 // by code (simple fonts) or CID (composite fonts)
	dw        float64         // default width of a composite font, glyph units
	missing   float64         // width of codes outside /Widths, glyph units
	scale     float64         // glyph units to text space (1/1000, or a Type3 FontMatrix)
	cache     map[uint64]glyphInfo
	noUnicode bool // a composite font with no way to Unicode: its text cannot be read
}

// maxWidthEntries bounds a /W or /Widths array.
const maxWidthEntries = 1 << 16

func newFont(v pdf.Value, streams *streamReader) *font {
	f := &font{
		name:    v.Key("BaseFont").Name(),
		cache:   map[uint64]glyphInfo{},
		widths:  map[int]float64{},
		scale:   0.001,
		missing: 500,
	}
	subtype := v.Key("Subtype").Name()
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		if data, err := streams.read(tu); err == nil {
			f.toUni = ParseCMap(data)
		}
	}
	if subtype == "Type0" {
		f.loadComposite(v, streams)
	} else {
		f.loadSimple(v, subtype)
	}
	f.noUnicode = f.composite && f.toUni == nil && (f.pre == nil || (f.pre.unicode == nil && f.pre.legacy == nil))
	return f
}

func (f *font) loadComposite(v pdf.Value, streams *streamReader) {
	f.composite = true
	f.dw = 1000
	enc := v.Key("Encoding")
	switch enc.Kind() {
	case pdf.Name:
		f.pre, _ = lookupPredefined(enc.Name())
		f.vertical = len(enc.Name()) > 2 && enc.Name()[len(enc.Name())-2:] == "-V"
	case pdf.Stream:
		if data, err := streams.read(enc); err == nil {
			f.encCMap = ParseCMap(data)
			if f.encCMap.use != "" {
				f.pre, _ = lookupPredefined(f.encCMap.use)
			}
		}
		f.vertical = enc.Key("WMode").Int64() == 1
	}
	if f.pre == nil && f.encCMap == nil {
		f.pre = identityCMap
	}
	desc := v.Key("DescendantFonts").Index(0)
	if dw := desc.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
		f.dw = dw.Float64()
	}
	w := desc.Key("W")
	for i := 0; i < w.Len() && len(f.widths) < maxWidthEntries; {
		first := int(w.Index(i).Int64())
		next := w.Index(i + 1)
		if next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && len(f.widths) < maxWidthEntries; j++ {
				f.widths[first+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		last, width := int(next.Int64()), w.Index(i+2).Float64()
		for c := first; c <= last && len(f.widths) < maxWidthEntries; c++ {
			f.widths[c] = width
		}
		i += 3
	}
}

func (f *font) loadSimple(v pdf.Value, subtype string) {
	flags := v.Key("FontDescriptor").Key("Flags").Int64()
	symbolic := flags&4 != 0 && flags&32 == 0
	f.simple = standard
	if subtype == "TrueType" && !symbolic {
		f.simple = winAnsi
	}
	if symbolic && subtype == "TrueType" {
		f.simple = pdfDoc
	}
	enc := v.Key("Encoding")
	switch enc.Kind() {
	case pdf.Name:
		if t := namedEncoding(enc.Name()); t != nil {
			f.simple = t
		}
	case pdf.Dict:
		if t := namedEncoding(enc.Key("BaseEncoding").Name()); t != nil {
			f.simple = t
		}
		diffs := enc.Key("Differences")
		code := 0
		for i := 0; i < diffs.Len() && i < 4096; i++ {
			d := diffs.Index(i)
			switch d.Kind() {
			case pdf.Integer:
				code = int(d.Int64())
			case pdf.Name:
				if code >= 0 && code < 256 {
					if f.diffs == nil {
						f.diffs = map[byte]string{}
					}
					f.diffs[byte(code)] = glyphText(d.Name())
				}
				code++
			}
		}
	}
	if subtype == "Type3" {
		if m := v.Key("FontMatrix"); m.Len() == 6 && m.Index(0).Float64() != 0 {
			f.scale = m.Index(0).Float64()
		}
	}
	if mw := v.Key("FontDescriptor").Key("MissingWidth"); mw.Kind() == pdf.Integer || mw.Kind() == pdf.Real {
		f.missing = mw.Float64()
	}
	first := int(v.Key("FirstChar").Int64())
	ws := v.Key("Widths")
	for i := 0; i < ws.Len() && i < 256; i++ {
		f.widths[first+i] = ws.Index(i).Float64()
	}
}

// next cuts the first code off s and returns what it stands for and its length.
func (f *font) next(s string) (glyphInfo, int) {
	b := []byte(s[:min(4, len(s))])
	n := 1
	if f.composite {
		switch {
		case f.encCMap != nil:
			if k, ok := f.encCMap.split(b); ok {
				n = k
			} else if f.pre != nil {
				n = f.pre.split(b)
			} else {
				n = 2
			}
		case f.pre != nil:
			n = f.pre.split(b)
		}
	}
	if n > len(b) {
		n = len(b)
	}
	code := codeValue(b[:n])
	key := codeKey(code, n)
	if g, ok := f.cache[key]; ok {
		return g, n
	}
	g := f.lookup(code, b[:n])
	f.cache[key] = g
	return g, n
}

func (f *font) lookup(code uint32, b []byte) glyphInfo {
	n := len(b)
	g := glyphInfo{space: n == 1 && code == 32}
	if f.toUni != nil {
		if t, ok := f.toUni.Unicode(code, n); ok {
			g.text = t
		} else if t, ok := f.toUni.Unicode(code, 2); ok && n == 1 {
			g.text = t
		}
	}
	if !f.composite {
		if g.text == "" {
			if t, ok := f.diffs[byte(code)]; ok {
				g.text = t
			} else if f.simple != nil {
				g.text = f.simple[byte(code)]
			}
		}
		w, ok := f.widths[int(code)]
		if !ok {
			w = f.missing
		}
		g.width = w * f.scale
		return g
	}
	if g.text == "" && f.pre != nil {
		g.text = f.pre.text(b)
	}
	cid, ok := -1, false
	if f.encCMap != nil {
		cid, ok = f.encCMap.CID(code, n)
	}
	if !ok && f.pre == identityCMap {
		cid, ok = int(code), true
	}
	if !ok && g.text != "" {
		// Predefined Unicode CMaps put the proportional Latin glyphs of every
		// Adobe character collection at CIDs 1–95.
		if r := []rune(g.text); len(r) == 1 && r[0] >= 0x20 && r[0] < 0x7F {
			cid, ok = int(r[0])-0x1F, true
		}
	}
	w := f.dw
	if ok {
		if x, found := f.widths[cid]; found {
			w = x
		}
	}
	g.width = w * f.scale
	return g
}
