package pdfwalk

import "testing"

func TestCMapUnicode(t *testing.T) {
	cases := []struct {
		name string
		cmap string
		code uint32
		n    int
		want string
		ok   bool
	}{
		{"bfchar one byte", "1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar <01> <9879> <02> <76EE> endbfchar", 0x02, 1, "目", true},
		{"bfchar two bytes", "1 beginbfchar <0A1B> <4E2D> endbfchar", 0x0A1B, 2, "中", true},
		{"bfchar ligature", "1 beginbfchar <05> <00660069> endbfchar", 0x05, 1, "fi", true},
		{"bfchar surrogate pair", "1 beginbfchar <0100> <D840DC00> endbfchar", 0x0100, 2, "\U00020000", true},
		{"bfchar glyph name", "1 beginbfchar <20> /space endbfchar", 0x20, 1, " ", true},
		{"bfrange counting", "1 beginbfrange <0010> <0020> <4E00> endbfrange", 0x0012, 2, "丂", true},
		{"bfrange array", "1 beginbfrange <01> <03> [<7EE9> <6548> <81EA>] endbfrange", 0x03, 1, "自", true},
		{"bfrange array short", "1 beginbfrange <01> <05> [<7EE9>] endbfrange", 0x03, 1, "", false},
		// tesseract's text layer: every code is its own Unicode value.
		{"one range identity", "1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange", 0x4E2D, 2, "中", true},
		{"one range identity low", "1 beginbfrange <0000> <FFFF> <0000> endbfrange", 0x0041, 2, "A", true},
		// Adding the offset carries into the high byte instead of wrapping the last one.
		{"range across a byte boundary", "1 beginbfrange <00F0> <0110> <4EF0> endbfrange", 0x0105, 2, string(rune(0x4F05)), true},
		{"narrow override after catch-all", "2 beginbfrange <0000> <FFFF> <0000> <0041> <0041> <0042> endbfrange", 0x0041, 2, "B", true},
		{"wrong length", "1 beginbfchar <0041> <4E2D> endbfchar", 0x41, 1, "", false},
		{"missing", "1 beginbfchar <01> <4E2D> endbfchar", 0x02, 1, "", false},
		{"damaged program", "begincmap 1 beginbfchar <01> endbfchar 1 beginbfrange <02> endbfrange ) > ] 1 beginbfchar <03> <4E2D> endbfchar", 0x03, 1, "中", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := ParseCMap([]byte(c.cmap)).Unicode(c.code, c.n)
			if got != c.want || ok != c.ok {
				t.Errorf("Unicode(%#x, %d) = %q, %v; want %q, %v", c.code, c.n, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestCMapSplitAndCID(t *testing.T) {
	m := ParseCMap([]byte(`/CIDInit /ProcSet findresource begin 12 dict begin begincmap
2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange
1 begincidrange <8140> <817F> 100 endcidrange
1 begincidchar <41> 34 endcidchar
endcmap CMapName currentdict /CMap defineresource pop end end`))
	for _, c := range []struct {
		in   []byte
		n    int
		cid  int
		want bool
	}{
		{[]byte{0x41, 0x81}, 1, 34, true},
		{[]byte{0x81, 0x45}, 2, 105, true},
		{[]byte{0x81, 0x90}, 2, 0, false},
	} {
		n, ok := m.split(c.in)
		if !ok || n != c.n {
			t.Errorf("split(% X) = %d, %v; want %d", c.in, n, ok, c.n)
			continue
		}
		cid, found := m.CID(codeValue(c.in[:n]), n)
		if found != c.want || cid != c.cid {
			t.Errorf("CID(% X) = %d, %v; want %d, %v", c.in[:n], cid, found, c.cid, c.want)
		}
	}
}

func TestPredefinedCMaps(t *testing.T) {
	cases := []struct {
		cmap string
		in   []byte
		want []string
	}{
		{"UniGB-UCS2-H", []byte{0x4E, 0x2D, 0x00, 0x41}, []string{"中", "A"}},
		{"UniGB-UCS2-V", []byte{0x56, 0xFD}, []string{"国"}},
		{"UniGB-UTF16-H", []byte{0xD8, 0x40, 0xDC, 0x00, 0x65, 0x87}, []string{"\U00020000", "文"}},
		{"GBK-EUC-H", []byte{0xD6, 0xD0, 0x31, 0xB9, 0xFA}, []string{"中", "1", "国"}},
		{"GB-EUC-H", []byte{0xCE, 0xC4, 0x25}, []string{"文", "%"}},
		{"GBK2K-H", []byte{0x81, 0x30, 0x81, 0x30, 0xD6, 0xD0}, []string{"\u0080", "中"}},
		{"ETen-B5-H", []byte{0xA4, 0xA4}, []string{"中"}},
	}
	for _, c := range cases {
		p, ok := lookupPredefined(c.cmap)
		if !ok {
			t.Errorf("%s: not known", c.cmap)
			continue
		}
		var got []string
		for b := c.in; len(b) > 0; {
			n := p.split(b)
			got = append(got, p.text(b[:n]))
			b = b[n:]
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: % X decodes to %q, want %q", c.cmap, c.in, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: % X decodes to %q, want %q", c.cmap, c.in, got, c.want)
				break
			}
		}
	}
	if _, ok := lookupPredefined("Adobe-Unknown-H"); ok {
		t.Error("an unknown CMap name was accepted")
	}
}

func TestGlyphText(t *testing.T) {
	for name, want := range map[string]string{
		"space": " ", "zero": "0", "A": "A", "uni4E2D": "中", "uni00410042": "AB", "u20000": "\U00020000",
		"percent.alt": "%", "g123": "", "uniZZZZ": "", "": "",
	} {
		if got := glyphText(name); got != want {
			t.Errorf("glyphText(%q) = %q, want %q", name, got, want)
		}
	}
}
