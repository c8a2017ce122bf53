package extract_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"os"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/extract"
	_ "golang.org/x/image/tiff"
)

// TestTIFFPages splits the two-page scan of seed form 3 (CCITT Group 4,
// written by ImageMagick): each page's header opens the file at that page,
// which Go's TIFF reader, reading first pages only, then decodes.
func TestTIFFPages(t *testing.T) {
	data, err := os.ReadFile("../fixtures/scan/images/seed-form3.tif")
	if err != nil {
		t.Fatal(err)
	}
	pages, err := extract.TIFFPages(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 {
		t.Fatalf("%d pages, want 2", len(pages))
	}
	var ink [2]int
	for k, h := range pages {
		img, format, err := image.Decode(bytes.NewReader(append(h[:], data[8:]...)))
		if err != nil {
			t.Fatalf("page %d: %v", k+1, err)
		}
		if format != "tiff" || img.Bounds().Dx() != 2481 || img.Bounds().Dy() != 3508 {
			t.Fatalf("page %d: %s of %v, want a TIFF page of 2481×3508 (A4 at 300 dpi)", k+1, format, img.Bounds())
		}
		for y := 0; y < img.Bounds().Dy(); y += 4 {
			for x := 0; x < img.Bounds().Dx(); x += 4 {
				if r, _, _, _ := img.At(x, y).RGBA(); r < 0x8000 {
					ink[k]++
				}
			}
		}
	}
	// Page 3 of the seed is a full page of form; page 4, its end, a third of one.
	if ink[0] == 0 || ink[1] == 0 || ink[0] < 2*ink[1] {
		t.Errorf("ink sampled on the pages: %v; want two different pages, the first the fuller", ink)
	}
}

// TestTIFFPagesRefused gives TIFFPages files whose page directories cannot
// be followed: each is refused with the page and what is wrong.
func TestTIFFPagesRefused(t *testing.T) {
	// tiff builds a little-endian TIFF: the header pointing at first, then body.
	tiff := func(first uint32, body ...byte) []byte {
		b := []byte("II*\x00\x00\x00\x00\x00")
		binary.LittleEndian.PutUint32(b[4:], first)
		return append(b, body...)
	}
	// One directory of no entries at byte 8, whose next is next.
	dir := func(next uint32) []byte {
		b := make([]byte, 6)
		binary.LittleEndian.PutUint32(b[2:], next)
		return b
	}
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"not a TIFF", []byte("%PDF-1.7\n"), "not a TIFF"},
		{"no page", tiff(0), "no page"},
		{"directory past the end", tiff(4000, dir(0)...), "page 1: its directory at byte 4000 lies past the end"},
		{"directory cut short", tiff(8, 0x05, 0x00), "page 1: its directory at byte 8 runs past the end"},
		{"loop", tiff(8, dir(8)...), "page 2: its directory at byte 8 loops back"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pages, err := extract.TIFFPages(tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("TIFFPages = %d pages, %v; want an error saying %q", len(pages), err, tt.want)
			}
		})
	}
}

// FuzzTIFFPages: whatever the bytes, TIFFPages neither panics nor loops,
// and every page it gives opens the file within it, each at a byte of its own.
func FuzzTIFFPages(f *testing.F) {
	f.Add([]byte("II*\x00\x08\x00\x00\x00\x00\x00\x08\x00\x00\x00"))
	f.Add([]byte("MM\x00*\x00\x00\x00\x08\x00\x01\x01\x00\x00\x03\x00\x00\x00\x01\x00\x10\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pages, err := extract.TIFFPages(data)
		if err != nil {
			return
		}
		order := binary.ByteOrder(binary.LittleEndian)
		if data[0] == 'M' {
			order = binary.BigEndian
		}
		seen := map[uint32]bool{}
		for k, h := range pages {
			off := order.Uint32(h[4:])
			if !bytes.Equal(h[:4], data[:4]) || off == 0 || int(off) >= len(data) || seen[off] {
				t.Fatalf("page %d: header % x in a file of %d bytes", k+1, h, len(data))
			}
			seen[off] = true
		}
	})
}
