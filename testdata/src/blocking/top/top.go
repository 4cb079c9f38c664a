package top

import "blocking/mid"

func Start(p string) int { // want Start:`blocks\(disk\): mid.Config -> leaf.Read -> os.ReadFile`
	return len(mid.Config(p))
}

func Calm(b []byte) int { return mid.Pure(b) }
