package extract

import (
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// sampleDump is a piece of a form as a text dump holds it: Chinese, tabs, digits.
const sampleDump = "项目支出绩效自评表\n项目编码:\t440300241113100001007\t项目名称:\t党组织建设\n实施单位:\t深圳市规划和自然资源数据管理中心\n\t年度资金总额\t45711.00\t≥90%\n"

func encodeText(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	out, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return out
}

func TestDecodeText(t *testing.T) {
	tests := []struct {
		name    string
		data    []byte
		want    string
		wantEnc string
	}{
		{"utf-8", []byte(sampleDump), sampleDump, "utf-8"},
		{"utf-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, sampleDump...), sampleDump, "utf-8"},
		{"ascii", []byte("a\tb\n1\t2\n"), "a\tb\n1\t2\n", "utf-8"},
		{"empty", nil, "", "utf-8"},
		{"utf-16le with BOM", encodeText(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), sampleDump), sampleDump, "utf-16le"},
		{"utf-16be with BOM", encodeText(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), sampleDump), sampleDump, "utf-16be"},
		{"utf-16le without BOM", encodeText(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), sampleDump), sampleDump, "utf-16le"},
		{"utf-16be without BOM", encodeText(t, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), sampleDump), sampleDump, "utf-16be"},
		{"gb18030", encodeText(t, simplifiedchinese.GB18030, sampleDump), sampleDump, "gb18030"},
		{"gbk", encodeText(t, simplifiedchinese.GBK, "项目编码:\t4403\n实施单位:\t深圳市规划和自然资源局(本级)\n"), "项目编码:\t4403\n实施单位:\t深圳市规划和自然资源局(本级)\n", "gb18030"},
		// Outside GBK: GB18030 encodes these in four bytes.
		{"gb18030 four-byte", encodeText(t, simplifiedchinese.GB18030, "€3\t𠀀\t≤5天\n"), "€3\t𠀀\t≤5天\n", "gb18030"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, enc, err := DecodeText(tt.data)
			if err != nil {
				t.Fatalf("DecodeText: %v", err)
			}
			if enc != tt.wantEnc {
				t.Errorf("encoding %q, want %q", enc, tt.wantEnc)
			}
			if got != tt.want {
				t.Errorf("text %q, want %q", got, tt.want)
			}
		})
	}
}

// TestDecodeTextGB18030IsNotUTF16 checks that GB18030 text, which has no NUL
// bytes, is never taken for UTF-16 without a BOM, even when it is mostly
// two-byte characters of even length.
func TestDecodeTextGB18030IsNotUTF16(t *testing.T) {
	data := encodeText(t, simplifiedchinese.GB18030, "深圳市规划和自然资源局")
	if len(data)%2 != 0 {
		t.Fatalf("test data has odd length %d", len(data))
	}
	if got, enc, err := DecodeText(data); err != nil || enc != "gb18030" || got != "深圳市规划和自然资源局" {
		t.Errorf("DecodeText = %q, %q, %v; want the GB18030 text", got, enc, err)
	}
}

func TestUTF16WithoutBOM(t *testing.T) {
	tests := []struct {
		name      string
		data      []byte
		wantOrder unicode.Endianness
		wantOK    bool
	}{
		{"little-endian", encodeText(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), sampleDump), unicode.LittleEndian, true},
		{"big-endian", encodeText(t, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), sampleDump), unicode.BigEndian, true},
		{"utf-8", []byte(sampleDump), unicode.LittleEndian, false},
		{"odd length", append(encodeText(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), sampleDump), 'x'), unicode.LittleEndian, false},
		{"too short", []byte{'a', 0}, unicode.LittleEndian, false},
		{"NULs on both sides", []byte{0, 0, 0, 0, 'a', 'b', 0, 0}, unicode.LittleEndian, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			order, ok := utf16WithoutBOM(tt.data)
			if ok != tt.wantOK || (ok && order != tt.wantOrder) {
				t.Errorf("utf16WithoutBOM = %v, %v; want %v, %v", order, ok, tt.wantOrder, tt.wantOK)
			}
		})
	}
}

// TestTextReadsEveryEncoding checks that the encoding does not change what is read.
func TestTextReadsEveryEncoding(t *testing.T) {
	text := printTabbed(miniForm("项目支出绩效自评表", "440300241113100001007"))
	for _, tt := range []struct {
		name string
		enc  encoding.Encoding
	}{
		{"gb18030", simplifiedchinese.GB18030},
		{"utf-16le", unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)},
		{"utf-16be", unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			forms := readDump(t, string(encodeText(t, tt.enc, text)))
			if len(forms) != 1 || forms[0].Header.ProjectName.Text != "党组织建设" || forms[0].Total == nil {
				t.Errorf("forms %+v, want the one form as printed", forms)
			}
		})
	}
}
