package pair

import (
	"os"
	"strconv"
	"strings"
)

// childEnv, in a program's environment, makes ServeChild act as the child
// process of the process pair.
const childEnv = "COREFIT_PAIR_CHILD=1"

// ChildEnviron is the environment of a child: the program's own, with
// childEnv, and without GOMAXPROCS, so that the child, like any tool, runs
// with its defaults whatever GOMAXPROCS the harness gives the parent.
func ChildEnviron() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOMAXPROCS=") {
			env = append(env, kv)
		}
	}
	return append(env, childEnv)
}

// ServeChild returns at once unless the program was started as a child
// (childEnv set, arguments ITEM SIZE): then it prints the item's payload, a
// small tool's output, and exits.
func ServeChild() {
	if os.Getenv("COREFIT_PAIR_CHILD") != "1" {
		return
	}
	if len(os.Args) != 3 {
		os.Exit(2)
	}
	i, err1 := strconv.Atoi(os.Args[1])
	n, err2 := strconv.Atoi(os.Args[2])
	if err1 != nil || err2 != nil || n <= 0 {
		os.Exit(2)
	}
	os.Stdout.Write(Payload(i, n))
	os.Exit(0)
}
