package leaf

import (
	"bufio"
	"crypto/sha256"
	"encoding/json"
	"net"
	"regexp"
	"runtime"
	"sort"
	"strconv"

	"golang.org/x/crypto/bcrypt"
)

func Hash(pw []byte) []byte { // want Hash:`heavy\(bcrypt password hash\): bcrypt.GenerateFromPassword`
	h, _ := bcrypt.GenerateFromPassword(pw, 10)
	return h
}

func Spin() int { // want Spin:`heavy\(loop of a million or more iterations\): loop`
	s := 0
	for i := 0; i < 10_000_000; i++ {
		s += i
	}
	return s
}

func Repeat(q string) int { // want Repeat:`heavy\(loop counted by a number parsed from input\): loop`
	n, _ := strconv.Atoi(q)
	s := 0
	for i := 0; i < n; i++ {
		s += i
	}
	return s
}

func CompileAll(patterns []string, lines []string) int { // want CompileAll:`heavy\(.* in a loop\): regexp.MustCompile` CompileAll:`cost\(params\[1 0\]\)`
	n := 0
	for _, l := range lines {
		for _, p := range patterns {
			if regexp.MustCompile(p).MatchString(l) {
				n++
			}
		}
	}
	return n
}

// Negatives.

func Sum(xs []int) int { // one loop over data
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

func Retry(f func() error) error { // a constant retry loop
	var err error
	for i := 0; i < 5; i++ {
		if err = f(); err == nil {
			return nil
		}
	}
	return err
}

func Limit(data []byte) int { // a large limit with an early exit
	n := 0
	for i := 0; i < 1<<30; i++ {
		if i >= len(data) {
			break
		}
		n += int(data[i])
	}
	return n
}

func ReadAll(c net.Conn) int { // blocks in every iteration
	buf := make([]byte, 1)
	n := 0
	for i := 0; i < 10_000_000; i++ {
		c.Read(buf)
		n++
	}
	return n
}

func Encode(v any) []byte { // linear, once
	b, _ := json.Marshal(v)
	h := sha256.Sum256(b)
	return h[:]
}

func Sorted(xs []int) []int { // want Sorted:`cost\(params\[0\] log\)`
	sort.Ints(xs)
	return xs
}

func Masked(state uint64) int { // a mask bounds a count
	n := 0
	for w := uint32(state & 0x7fffffff); w != 0; w-- {
		n++
	}
	return n
}

// A parser loop counted by a number from the input, reading an element per
// iteration, costs what the input costs.
func ReadArgs(r *bufio.Reader) []string {
	line, _ := r.ReadString('\n')
	n, _ := strconv.Atoi(line[1:])
	args := make([]string, 0, n)
	for i := 0; i < n; i++ {
		s, _ := r.ReadString('\n')
		args = append(args, s)
	}
	return args
}

// runtime.GC is not CPU work of the caller's goroutine.
func Collect() { runtime.GC() }
