package top

import "cpucost/leaf"

func Signup(pw []byte) []byte { // want Signup:`heavy\(bcrypt password hash\): leaf.Hash -> bcrypt.GenerateFromPassword`
	return leaf.Hash(pw)
}

// viaLocal is heavy too, but no other package can call it: it carries no
// fact, and ViaHelper's chain goes through it.
func viaLocal(pw []byte) []byte {
	return Signup(pw)
}

func ViaHelper(pw []byte) []byte { // want ViaHelper:`heavy\(bcrypt password hash\): top.viaLocal -> top.Signup -> leaf.Hash -> bcrypt.GenerateFromPassword`
	return viaLocal(pw)
}

func Light(xs []int) int { return leaf.Sum(xs) }

func Offload(pw []byte) {
	go leaf.Hash(pw) // runs elsewhere
}
