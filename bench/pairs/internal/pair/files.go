package pair

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// TempDir makes a directory for the program's files under c.Dir; the
// returned function removes it.
func (c *Config) TempDir() (string, func()) {
	dir, err := os.MkdirTemp(c.Dir, "corefit-pair-")
	if err != nil {
		Fail(err)
	}
	return dir, func() { os.RemoveAll(dir) }
}

// FileName is the name of item i's file in dir.
func FileName(dir string, i int) string {
	return filepath.Join(dir, "item-"+strconv.Itoa(i))
}

// WriteInputs writes the input files of items 0..n-1 into dir, each size
// bytes of the item's payload, flushes them to the device, and with cold
// evicts them from the page cache, so that the timed reads go to the
// device.
func WriteInputs(dir string, n, size int, cold bool) error {
	for i := range n {
		if err := os.WriteFile(FileName(dir, i), Payload(i, size), 0o644); err != nil {
			return err
		}
	}
	if !cold {
		return nil
	}
	syncAll()
	for i := range n {
		if err := evict(FileName(dir, i)); err != nil {
			return fmt.Errorf("evicting from the page cache: %v", err)
		}
	}
	return nil
}
