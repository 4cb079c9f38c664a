package useslib

import (
	"pools/sizelib"
)

func work(string) {}

func a(jobs chan string) {
	for i := 0; i < sizelib.Workers(); i++ {
		go func() { // want `pool worker loop size=cpu\(sizelib.Workers\(\)\) work=useslib.a\$1`
			for range jobs {
			}
		}()
	}
}

func b(jobs chan string) {
	for i := 0; i < sizelib.Default; i++ {
		go work("x") // want `pool worker loop size=cpu\(runtime.NumCPU\(\)\) work=useslib.work`
	}
}

func c(jobs chan string) {
	cfg := sizelib.NewConfig()
	for i := 0; i < cfg.Workers; i++ {
		go work("x") // want `pool worker loop size=cpu\(runtime.NumCPU\(\)\) work=useslib.work`
	}
}

func d(items []string) {
	sizelib.Each(items, sizelib.Default, work) // want `pool pool run by sizelib.Each size=cpu\(runtime.NumCPU\(\)\) work=useslib.work`
	sizelib.Each(items, 50, work)              // want `pool pool run by sizelib.Each size=fixed\(50\) work=useslib.work`
}

func e(jobs chan string) {
	for i := 0; i < sizelib.Fixed(); i++ {
		go work("x") // unknown: no pool reported
	}
}
