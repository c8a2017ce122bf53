package store

import "testing"

func TestVersionNumber(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{"3.34.0", 3_034_000},
		{"3.46.1", 3_046_001},
		{"3.33.9", 3_033_009},
		{"3.46", 0},
		{"3.x.1", 0},
		{"3.1000.0", 0},
		{"", 0},
	} {
		if got := versionNumber(tt.in); got != tt.want {
			t.Errorf("versionNumber(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
	if versionNumber("3.33.9") >= trigramVersion || versionNumber("3.34.0") < trigramVersion {
		t.Error("trigramVersion does not fall between 3.33.9 and 3.34.0")
	}
}
