// Package broken does not compile: corefit confirm says so and goes on.
package broken

func F() { x := }
