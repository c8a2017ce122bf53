package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// AuditFormats are the formats WriteAudit knows.
var AuditFormats = []string{"table", "csv", "json", "markdown", "xlsx", "html"}

// AuditOptions steer how an audit is written.
type AuditOptions struct {
	Color bool // colour severities in the table format (for terminals)
}

// CheckAuditFormat reports whether WriteAudit knows format.
func CheckAuditFormat(format string) error {
	for _, f := range AuditFormats {
		if f == format {
			return nil
		}
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(AuditFormats, ", "))
}

// FormatOfFile names the audit format a file name's extension asks for.
func FormatOfFile(name string) (string, bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return "csv", true
	case ".json":
		return "json", true
	case ".md", ".markdown":
		return "markdown", true
	case ".xlsx":
		return "xlsx", true
	case ".html", ".htm":
		return "html", true
	case ".txt":
		return "table", true
	}
	return "", false
}

// WriteAudit renders a in format.
func WriteAudit(w io.Writer, a *Audit, format string, opt AuditOptions) error {
	switch format {
	case "table":
		return writeAuditTable(w, a, opt.Color)
	case "csv":
		return writeAuditCSV(w, a)
	case "json":
		return writeAuditJSON(w, a)
	case "markdown":
		return writeAuditMarkdown(w, a)
	case "xlsx":
		return writeAuditXLSX(w, a)
	case "html":
		return writeAuditHTML(w, a)
	}
	return CheckAuditFormat(format)
}
