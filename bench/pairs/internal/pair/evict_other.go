//go:build !(linux && (amd64 || arm64))

package pair

import "errors"

func syncAll() {}

func evict(string) error {
	return errors.New("-cold is implemented on linux/amd64 and linux/arm64 only")
}
