// Package sizelib exports sizes and runners for other packages.
package sizelib

import "runtime"

func Workers() int { return 2 * runtime.GOMAXPROCS(0) } // want Workers:`size\(cpu: 2\*runtime.GOMAXPROCS\(0\)\)`

func Fixed() int { return 16 }

var Default = runtime.NumCPU() // want Default:`size\(cpu: runtime.NumCPU\(\)\)`

type Config struct {
	Workers int // want Workers:`size\(cpu: runtime.NumCPU\(\)\)`
}

func NewConfig() *Config { return &Config{Workers: runtime.NumCPU()} }

// Each runs fn for every item on n goroutines.
func Each(items []string, n int, fn func(string)) { // want Each:`runner\(size=param1, work=param2\)`
	sem := make(chan struct{}, n)
	for _, it := range items {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			fn(it)
		}()
	}
}
