package sharedstate

import "golang.org/x/tools/go/ssa"

func (c *checker) checkInconsistent(funcs []*ssa.Function) {}
