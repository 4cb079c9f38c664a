package hop1

import "poolblock/hop2"

func Load(p string) []byte {
	return hop2.ReadConfig(p)
}

func Size(b []byte) int { return hop2.Pure(b) }
