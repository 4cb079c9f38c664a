package mid

import "blocking/leaf"

func Config(p string) []byte { // want Config:`blocks\(disk\): leaf.Read -> os.ReadFile`
	return leaf.Read(p)
}

// helper blocks too, but no other package can call it: it carries no fact,
// and ViaLocal's chain goes through it.
func helper(p string) []byte {
	return leaf.Read(p)
}

func ViaLocal(p string) int { // want ViaLocal:`blocks\(disk\): mid.helper -> leaf.Read -> os.ReadFile`
	return len(helper(p))
}

func ViaClosure(p string) int { // want ViaClosure:`blocks\(sleep\): func literal in mid.ViaClosure -> leaf.Nap -> time.Sleep`
	f := func() { leaf.Nap() }
	f()
	return 0
}

func Pure(b []byte) int { return len(leaf.InMemory(string(b))) }
