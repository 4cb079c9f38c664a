package top

import "cpucost/leaf"

func Signup(pw []byte) []byte { // want Signup:`heavy\(bcrypt password hash\): leaf.Hash -> bcrypt.GenerateFromPassword`
	return leaf.Hash(pw)
}

func viaLocal(pw []byte) []byte { // want viaLocal:`heavy\(bcrypt password hash\): top.Signup -> leaf.Hash -> bcrypt.GenerateFromPassword`
	return Signup(pw)
}

func Light(xs []int) int { return leaf.Sum(xs) }

func Offload(pw []byte) {
	go leaf.Hash(pw) // runs elsewhere
}
