//go:build !unix

package pair

import "time"

func cpuTime() time.Duration { return -1 }
