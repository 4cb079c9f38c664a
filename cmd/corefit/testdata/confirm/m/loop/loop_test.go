package loop

import (
	"testing"
	"time"
)

// TestDerive sends a few key requests to the loop while another goroutine
// sends it a heartbeat every millisecond.
func TestDerive(t *testing.T) {
	s := &Server{Rounds: 200000, Requests: make(chan Request), Ticks: make(chan int64)}
	done := make(chan struct{})
	defer close(done)
	go s.Run(done)
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			case s.Ticks <- time.Now().UnixNano():
			}
			time.Sleep(time.Millisecond)
		}
	}()
	defer close(stop)
	for i := range 3 {
		reply := make(chan [32]byte)
		s.Requests <- Request{Password: []byte{byte(i)}, Reply: reply}
		<-reply
		time.Sleep(5 * time.Millisecond)
	}
}
